"""When the connection is used the most: named ("en las noches") or told ("cuando llegan del colegio")."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.backend_client import BackendClient
from actions.conversation import entity_of
from actions.readers.base import answer

SLOT = "usage_hours"


def extract(tracker: Tracker) -> dict[str, Any]:
    return answer(tracker, SLOT)


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    hours = entity_of(tracker, SLOT) or parsing.parse_usage_hours(str(value or ""))
    if hours is None:
        dispatcher.utter_message(response="utter_invalid_usage_hours")
    return {SLOT: hours}
