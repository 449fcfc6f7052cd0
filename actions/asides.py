"""What a customer asks in passing as the sale starts ("hola, quiero internet para mi casa en Queru Queru, cuanto
cuesta?"): the price is answered from the catalogue and the place they named is checked, before the form asks
its next question."""

from __future__ import annotations

import logging
import re

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.backend_client import BackendClient, BackendError
from actions.conversation import intent_of, is_fresh, text_of
from backend.money import money

logger = logging.getLogger(__name__)

PRICE_CUES = re.compile(
    r"\b(cuanto (cuesta|cuestan|sale|salen|cobran|es|son|vale|valen|esta|estan)|precios?|costos?|tarifas?|"
    r"mensualidad)\b"
)
# Intents whose own rule already answers the price (the catalogue) or the place (the coverage check).
ANSWERED_BY_RULE = {"ask_plans", "ask_cheaper", "ask_faster", "ask_coverage"}
# The questions of the sale's start, while no place has been asked yet.
OPENING_SLOTS = {None, "customer_type", "full_name", "phone", "email"}


async def answer_asides(backend: BackendClient, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Answer the price and the coverage the opening message asks about in passing; a place we do not serve is
    kept as the installation place, as when coverage is asked outright (actions/coverage.py)."""
    if not is_fresh(tracker) or intent_of(tracker) in ANSWERED_BY_RULE:
        return []
    if tracker.get_slot("requested_slot") not in OPENING_SLOTS or tracker.get_slot("coverage_status"):
        return []
    text = text_of(tracker)
    try:
        if PRICE_CUES.search(parsing.normalize(text)):
            plans = await backend.plans()
            if plans:
                cheapest = min(plans, key=lambda plan: float(plan["monthly_price_bs"]))
                dispatcher.utter_message(
                    response="utter_price_from",
                    price=money(cheapest["monthly_price_bs"]),
                    download=cheapest["download_mbps"],
                )
        if parsing.is_question(text) or " en " in f" {parsing.normalize(text)} ":
            coverage = await backend.check_coverage(text=text)
            if coverage.get("matched_by") == "name" and coverage["status"] == "covered":
                dispatcher.utter_message(response="utter_coverage_in_zone_aside", zone=coverage["zone"]["name"])
            elif coverage.get("matched_by") == "name" and coverage.get("place"):
                dispatcher.utter_message(response="utter_no_coverage_in_place", place=coverage["place"])
                return outside_coverage(coverage["place"])
    except BackendError as error:  # the sale goes on: the price and the place are asked again in their turn
        logger.warning("Could not answer an aside of %s: %s", tracker.sender_id, error)
    return []


def outside_coverage(place: str) -> list[EventType]:
    """The installation place is one we do not serve yet."""
    return [
        SlotSet("location", place),
        SlotSet("coverage_status", "not_covered"),
        SlotSet("coverage_zone", None),
        SlotSet("coverage_zone_id", None),
    ]
