"""What every reader shares: the candidate answer of a message, a yes or a no, and what a reader is."""

from __future__ import annotations

from typing import Any, Protocol

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.backend_client import BackendClient
from actions.conversation import corrects_phone, detail_of, intent_of, is_answering, text_of


class Reader(Protocol):
    """A module of this package: the slot it reads, how its answer is found, and how it is checked."""

    SLOT: str

    def extract(self, tracker: Tracker) -> dict[str, Any]: ...

    async def validate(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
    ) -> dict[str, Any]: ...


def answer(tracker: Tracker, slot: str) -> dict[str, Any]:
    """The slot's candidate value: its piece of a message that gives several answers at once, or the raw text
    when it answers that slot's question (and does not correct the phone number instead)."""
    if piece := detail_of(tracker, slot):
        return {slot: piece}
    return {slot: text_of(tracker)} if is_answering(tracker, slot) and not corrects_phone(tracker) else {}


def yes_no(value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> bool | None:
    """A yes or a no, by the button or intent first, else by the words; asked again when neither."""
    decision = {"affirm": True, "deny": False}.get(intent_of(tracker) or "")
    if decision is None:
        decision = parsing.parse_yes_no(str(value or ""))
    if decision is None:
        dispatcher.utter_message(response="utter_invalid_yes_no")
    return decision
