"""Prepaid or postpaid, by button or in words ("pago cada mes con factura")."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.backend_client import BackendClient
from actions.conversation import entity_of
from actions.readers.base import answer

SLOT = "payment_method"


def extract(tracker: Tracker) -> dict[str, Any]:
    return answer(tracker, SLOT)


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    method = entity_of(tracker, SLOT) or parsing.parse_payment_method(str(value or ""))
    if method is None:
        dispatcher.utter_message(response="utter_invalid_payment_method")
    return {SLOT: method}
