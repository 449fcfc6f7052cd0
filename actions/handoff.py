"""Handing the conversation to a person when the customer asks for one."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import BackendClient, BackendError

logger = logging.getLogger(__name__)


class ActionRequestHuman(Action):
    """Flags the conversation for the sales executives and tells the customer when a person will answer."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        try:
            availability = await self.backend.request_human(tracker.sender_id)
        except BackendError as error:
            logger.error("Could not flag %s for an executive: %s", tracker.sender_id, error)
            dispatcher.utter_message(response="utter_technical_problem")
            return []
        if availability["open"]:
            dispatcher.utter_message(response="utter_human_requested_open")
        else:
            dispatcher.utter_message(
                response="utter_human_requested_closed",
                hours=availability["hours"],
                next_opening=availability["next_opening"],
            )
        return []
