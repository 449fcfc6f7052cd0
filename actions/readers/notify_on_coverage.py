"""Whether a customer outside coverage wants to be told when we arrive."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import BackendClient
from actions.readers.base import answer, yes_no

SLOT = "notify_on_coverage"


def extract(tracker: Tracker) -> dict[str, Any]:
    return answer(tracker, SLOT)


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    return {SLOT: yes_no(value, dispatcher, tracker)}
