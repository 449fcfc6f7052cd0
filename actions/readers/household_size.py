"""How many people use the connection: a number, in digits or words, or the members named ("mi esposa y yo")."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.backend_client import BackendClient
from actions.readers.base import answer

SLOT = "household_size"


def extract(tracker: Tracker) -> dict[str, Any]:
    return answer(tracker, SLOT)


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    size = parsing.parse_household_size(str(value or ""))
    if size is None:
        dispatcher.utter_message(response="utter_invalid_household_size")
    return {SLOT: size}
