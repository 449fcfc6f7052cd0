"""Choosing, moving and cancelling the installation visit in the chat."""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.backend_client import BackendClient, BackendError
from actions.conversation import entity_of, intent_of, text_of

logger = logging.getLogger(__name__)

PAGE = 3
BUSINESS_ZONE = ZoneInfo(os.environ.get("BUSINESS_TIMEZONE", "America/La_Paz"))
ASKED_FOR = {"schedule_visit", "reschedule_visit", "more_visit_slots"}


async def offer_openings(
    backend: BackendClient, dispatcher: CollectingDispatcher, tracker: Tracker, page: int
) -> list[EventType]:
    """Say the next free times as buttons, with "Más fechas"; nothing when there is no sold order to install.

    Times said in words ("el lunes en la mañana", "mañana a las 10") bring the free times nearest to them."""
    wished = parsing.parse_visit_wish(text_of(tracker), datetime.now(BUSINESS_ZONE)) if page == 0 else None
    data = await backend.visit_openings(tracker.sender_id, skip=page * PAGE, wished=wished)
    if not data["schedulable"]:
        if intent_of(tracker) in ASKED_FOR:
            dispatcher.utter_message(response="utter_no_order_to_install")
        return []
    if not data["openings"]:
        dispatcher.utter_message(response="utter_no_visit_openings")
        return [SlotSet("visit_page", None)]
    buttons = [
        {"title": opening["label"], "payload": "/choose_visit_slot" + json.dumps({"visit_start": opening["starts_at"]})}
        for opening in data["openings"]
    ] + [{"title": "Más fechas", "payload": "/more_visit_slots"}]
    if data.get("current"):
        intro = "utter_visit_openings_to_move"
    elif wished is not None:
        intro = "utter_visit_openings_wished"
    else:
        intro = "utter_visit_openings" if page == 0 else "utter_visit_more_openings"
    dispatcher.utter_message(
        response=intro, buttons=buttons, zone=data["zone"], window=(data.get("current") or {}).get("window")
    )
    return [SlotSet("visit_page", float(page))]


class ActionOfferVisitSlots(Action):
    """Offers the next visit times (after a sale, or when asked); "Más fechas" shows the following ones."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "action_offer_visit_slots"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        page = int(tracker.get_slot("visit_page") or 0) + 1 if intent_of(tracker) == "more_visit_slots" else 0
        try:
            return await offer_openings(self.backend, dispatcher, tracker, page)
        except BackendError as error:
            logger.error("Could not read visit times for %s: %s", tracker.sender_id, error)
            dispatcher.utter_message(response="utter_technical_problem")
            return []


class ActionBookVisit(Action):
    """Books the time the customer chose (or moves their visit to it) and says what to have ready."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "action_book_visit"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        start = entity_of(tracker, "visit_start")
        try:
            if not start:
                return await offer_openings(self.backend, dispatcher, tracker, 0)
            try:
                visit = await self.backend.book_visit(tracker.sender_id, str(start))
            except BackendError as error:
                if error.status != 409:
                    raise
                dispatcher.utter_message(response="utter_visit_slot_taken")
                return await offer_openings(self.backend, dispatcher, tracker, 0)
        except BackendError as error:
            logger.error("Could not book the visit of %s: %s", tracker.sender_id, error)
            dispatcher.utter_message(response="utter_technical_problem")
            return []
        dispatcher.utter_message(response="utter_visit_booked", window=visit["window"])
        return [SlotSet("visit_page", None)]


class ActionCancelVisit(Action):
    """Cancels the booked visit."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "action_cancel_visit"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        try:
            visit = await self.backend.cancel_visit(tracker.sender_id)
        except BackendError as error:
            if error.status == 409:
                dispatcher.utter_message(response="utter_no_visit_to_cancel")
            else:
                logger.error("Could not cancel the visit of %s: %s", tracker.sender_id, error)
                dispatcher.utter_message(response="utter_technical_problem")
            return []
        dispatcher.utter_message(response="utter_visit_cancelled", window=visit["window"])
        return []
