"""Why the offer did not convince: a button or the customer's own words, kept for the unattended report."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import BackendClient
from actions.conversation import entity_of, is_fresh, text_of

SLOT = "decline_reason"


def extract(tracker: Tracker) -> dict[str, Any]:
    if is_fresh(tracker) and tracker.get_slot("requested_slot") == SLOT:
        return {SLOT: entity_of(tracker, SLOT) or text_of(tracker)}
    return {}


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    return {SLOT: str(value or "Sin motivo")[:1000]}
