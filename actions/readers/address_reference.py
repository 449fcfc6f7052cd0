"""What helps the technician find the house: a landmark, the façade, the floor."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.backend_client import BackendClient
from actions.readers.base import answer

SLOT = "address_reference"


def extract(tracker: Tracker) -> dict[str, Any]:
    return answer(tracker, SLOT)


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    reference = str(value or "").strip()
    if len(reference) < 4 or parsing.parse_yes_no(reference) is not None:
        dispatcher.utter_message(response="utter_invalid_address_reference")
        return {SLOT: None}
    return {SLOT: reference[:500]}
