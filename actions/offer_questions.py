"""Questions about the offer answered from the catalogue, at any point of the conversation: the minimum term,
the installation fee, the router, the speed, the requirements and the payment terms. Within the sale, the form
then asks its open question again (data/rules.yml)."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import parsing
from actions.backend_client import BackendClient
from actions.conversation import intent_of, text_of
from actions.plans import catalogue, catalogue_text
from backend.money import money

# What a question is about, by its words (normalised: no accents, lower case). The first topic that matches wins.
TOPIC_CUES = {
    "minimum_term": re.compile(
        r"\b(tiempo minimo|plazo|minimo de contrato|contrato minimo|permanencia|forzoso|amarr\w*|"
        r"cuanto (tiempo )?(dura|es) el contrato|cuanto tiempo de contrato|meses de contrato|penalidad|clausula)\b"
    ),
    "installation_fee": re.compile(
        r"\b(instalacion|instalar|instalan)\b.*\b(cuesta|cuestan|cobran|cobra|costo|precio|vale|gratis|pagar|pago)\b|"
        r"\b(cuesta|cobran|costo|precio|vale|gratis)\b.*\b(instalacion|instalar|instalan)\b"
    ),
    "router": re.compile(r"\b(router|ruter|modem|wifi|wi fi|equipo)\b"),
    "speed": re.compile(r"\b(velocidad|simetric\w*|subida|bajada|megas reales|cuantos megas|mbps)\b"),
    "requirements": re.compile(r"\b(requisito\w*|que necesito|que se necesita|documento\w*|papeles|carnet|garante)\b"),
    "payment_terms": re.compile(
        r"\b(prepago|postpago|factura\w*|como (se )?pag\w*|formas? de pago|tarjeta|transferencia|por adelantado)\b"
    ),
}
# The topic of a question whose words name none: the one its intent is about.
INTENT_TOPICS = {
    "ask_offer": "offer",
    "ask_installation": "installation_fee",
    "ask_requirements": "requirements",
    "ask_payment_methods": "payment_terms",
}
# Topics answered by a fixed response, with no figure from the catalogue.
FIXED_ANSWERS = {"offer": "utter_offer", "requirements": "utter_requirements", "payment_terms": "utter_payment_info"}


def topic_of(text: str, intent: str | None) -> str:
    """What the customer asks about: by the question's own words first, else by its intent."""
    words = parsing.normalize(text)
    found = next((topic for topic, cue in TOPIC_CUES.items() if cue.search(words)), None)
    return found or INTENT_TOPICS.get(intent or "", "offer")


def plan_in_view(plans: list[dict[str, Any]], code: str | None) -> dict[str, Any] | None:
    """The plan the customer is looking at (the one offered to them), if any."""
    return next((plan for plan in plans if plan["code"] == code), None)


def minimum_term(plans: list[dict[str, Any]], plan: dict[str, Any] | None) -> dict[str, Any]:
    """The minimum term of the plan in view, or of the catalogue when every plan has the same one."""
    if plan is not None:
        return {"response": "utter_minimum_term", "months": plan["minimum_term_months"], "plan": f" de {plan['name']}"}
    terms = sorted({p["minimum_term_months"] for p in plans})
    if len(terms) == 1:
        return {"response": "utter_minimum_term", "months": terms[0], "plan": " de todos nuestros planes"}
    lines = "\n".join(f"• {p['name']}: {p['minimum_term_months']} meses" for p in plans)
    return {"response": "utter_minimum_terms", "terms": lines}


def speed(plans: list[dict[str, Any]], plan: dict[str, Any] | None) -> dict[str, Any]:
    """The speeds of the plan in view, or the catalogue's."""
    if plan is not None:
        return {
            "response": "utter_plan_speed",
            "plan": plan["name"],
            "download": plan["download_mbps"],
            "upload": plan["upload_mbps"],
        }
    return {"response": "utter_catalogue_speeds", "plans": catalogue_text(plans)}


def answer_for(topic: str, plans: list[dict[str, Any]], plan: dict[str, Any] | None) -> dict[str, Any]:
    """The response (and its figures) that answers `topic`, one of the catalogue's."""
    fee = money((plan or plans[0])["installation_fee_bs"])
    if topic == "minimum_term":
        return minimum_term(plans, plan)
    if topic == "speed":
        return speed(plans, plan)
    if topic == "router":
        return {"response": "utter_router_info", "installation": fee}
    return {"response": "utter_installation_info", "installation": fee}


class ActionAnswerOfferQuestion(Action):
    """Answers a question about the offer with the catalogue's own figures."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "action_answer_offer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        topic = topic_of(text_of(tracker), intent_of(tracker))
        if topic in FIXED_ANSWERS:
            dispatcher.utter_message(response=FIXED_ANSWERS[topic])
            return []
        if (plans := await catalogue(self.backend, dispatcher)) is None:
            return []
        if not plans:
            dispatcher.utter_message(response="utter_offer")
            return []
        dispatcher.utter_message(**answer_for(topic, plans, plan_in_view(plans, tracker.get_slot("offered_plan"))))
        return []
