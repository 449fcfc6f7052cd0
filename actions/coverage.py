"""Coverage questions answered at once, for the place the customer names ("¿tienen internet en La Paz?")."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.asides import outside_coverage
from actions.backend_client import BackendClient, BackendError
from actions.conversation import text_of

logger = logging.getLogger(__name__)


class ActionAnswerCoverage(Action):
    """Checks the place named in the question; a place we do not serve is told so at once and kept as the
    installation place, so the sale goes on to offering to let the customer know when we arrive."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "action_answer_coverage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = text_of(tracker)
        try:
            result = await self.backend.check_coverage(text=text)
        except BackendError as error:
            logger.error("Coverage check failed: %s", error)
            result = {"status": "unknown"}
        if result["status"] == "covered":
            dispatcher.utter_message(response="utter_coverage_in_zone", zone=result["zone"]["name"])
            return []
        if result["status"] == "not_covered":
            dispatcher.utter_message(response="utter_no_coverage_in_place", place=result.get("place"))
            return outside_coverage(result.get("place") or text[:200])
        dispatcher.utter_message(response="utter_ask_coverage_info")
        return []
