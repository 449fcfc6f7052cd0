"""What the connection is mostly for: home, streaming, study, gaming or work from home, in the customer's words."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.backend_client import BackendClient
from actions.conversation import entity_of
from actions.readers.base import answer

SLOT = "usage"


def extract(tracker: Tracker) -> dict[str, Any]:
    return answer(tracker, SLOT)


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    usage = entity_of(tracker, SLOT) or parsing.parse_usage(str(value or ""))
    if usage is None:
        dispatcher.utter_message(response="utter_invalid_usage")
    return {SLOT: usage}
