"""A voice note nobody could hear, outside the forms: the customer is told the assistant reads text for now, and
what it asked last is asked again, buttons and all, to be answered in writing. Within a form, the form asks its
open question again itself."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


def last_question(tracker: Tracker) -> dict[str, Any] | None:
    """The assistant's last message before the customer's latest one that asked something (a question mark or
    buttons to press), as its bot event."""
    spoke = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if spoke:
                return None  # the customer answered whatever was asked before
            spoke = True
        elif spoke and event.get("event") == "bot":
            buttons = (event.get("data") or {}).get("buttons")
            if buttons or "?" in (event.get("text") or ""):
                return event
    return None


class ActionAnswerVoiceNote(Action):
    def name(self) -> str:
        return "action_answer_voice_note"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_voice_note")
        if not tracker.active_loop.get("name") and (asked := last_question(tracker)) is not None:
            dispatcher.utter_message(text=asked.get("text"), buttons=(asked.get("data") or {}).get("buttons") or [])
        return []
