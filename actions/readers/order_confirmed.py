"""The explicit acceptance of the summary: «Acepto», or what to correct first (each correction clears the answers
it touches, and the form asks them again)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import BackendClient
from actions.conversation import corrects_other_answer, entity_of, intent_of, is_fresh, text_of
from actions.readers.base import yes_no

SLOT = "order_confirmed"
CORRECTABLE = {
    "full_name": ["full_name"],
    "phone": ["phone"],
    "email": ["email"],
    "location": [
        "location",
        "address_reference",
        "coverage_status",
        "coverage_zone",
        "coverage_zone_id",
        "latitude",
        "longitude",
    ],
    "id_number": ["id_number"],
    "plan_decision": ["plan_decision", "plan_view"],
    "payment_method": ["payment_method"],
}


def extract(tracker: Tracker) -> dict[str, Any]:
    if is_fresh(tracker) and tracker.get_slot("requested_slot") == SLOT:
        return {SLOT: text_of(tracker)}
    return {}


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    if not isinstance(value, str):
        return {SLOT: value}
    field = entity_of(tracker, "field")
    if intent_of(tracker) == "correct" and field in CORRECTABLE:
        return {SLOT: None, **dict.fromkeys(CORRECTABLE[field])}
    if corrects_other_answer(tracker):
        return {SLOT: None}
    # A "no" is answered by action_ask_order_confirmed with the menu of what to correct.
    return {SLOT: yes_no(value, dispatcher, tracker) or None}
