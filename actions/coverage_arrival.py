"""Coverage arrived where a waiting customer lives: the sale is taken up where it stopped. The answers the back
office kept are the slots again, the place now covered, and the customer is told; the form, active again without
being started anew (a start would check every kept answer as if just typed), then asks its next open question."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient, BackendError
from actions.leads import LEAD_FIELDS

logger = logging.getLogger(__name__)

KEPT_ANSWERS = [slot for slot in LEAD_FIELDS if slot not in ("payment_method", "offered_plan")]


def answers_of(lead: dict[str, Any]) -> list[EventType]:
    """The slots of the lead's kept answers, with its place covered by its zone."""
    fields = {**lead, "coverage_status": "covered"}
    events: list[EventType] = [SlotSet(slot, fields.get(LEAD_FIELDS[slot][0])) for slot in KEPT_ANSWERS]
    return [*events, SlotSet("coverage_zone", lead.get("coverage_zone")), SlotSet("notify_on_coverage", None)]


class ActionResumeOnCoverage(Action):
    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "action_resume_on_coverage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        try:
            lead = await self.backend.lead(tracker.sender_id)
        except BackendError as error:  # the back office's follow-up asks again
            logger.error("Could not read the lead of %s: %s", tracker.sender_id, error)
            raise
        first_name = (lead.get("full_name") or "").split(" ")[0]
        dispatcher.utter_message(
            response="utter_coverage_arrived", zone=lead.get("coverage_zone") or "tu zona", name=first_name
        )
        return [*answers_of(lead), SlotSet("requested_slot", None), ActiveLoop("coverage_form")]
