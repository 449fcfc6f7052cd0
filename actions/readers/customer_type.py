"""Home or business: asked, any answer that says which; otherwise only the customer's own outright words ("es
para mi negocio"): a reference such as "frente a la farmacia" never turns a home into a business."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.backend_client import BackendClient
from actions.conversation import earlier_texts, entity_of, intent_of, is_fresh, text_of
from actions.readers.base import answer

SLOT = "customer_type"
TYPE_INTENTS = {"inform_residential": "residential", "inform_business": "business"}


def extract(tracker: Tracker) -> dict[str, Any]:
    if not is_fresh(tracker):
        return {}
    text, current = text_of(tracker), tracker.get_slot(SLOT)
    if entity_of(tracker, SLOT) is not None:  # a pressed button
        return {SLOT: text}
    if tracker.get_slot("requested_slot") == SLOT:
        return answer(tracker, SLOT)
    stated = parsing.states_customer_type(text)
    if stated is not None and stated != current:
        return {SLOT: text}
    if current is None and intent_of(tracker) in TYPE_INTENTS and parsing.parse_customer_type(text):
        return {SLOT: text}
    if current is None:  # said a moment ago, with a question answered first ("…para mi casa, q precios tienen")
        said = next((earlier for earlier in earlier_texts(tracker) if parsing.states_customer_type(earlier)), None)
        return {SLOT: said} if said else {}
    return {}


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    kind = (
        (value if value in ("residential", "business") else None)
        or entity_of(tracker, SLOT)
        or parsing.parse_customer_type(str(value))
        or TYPE_INTENTS.get(intent_of(tracker) or "")
    )
    if kind not in ("residential", "business"):
        dispatcher.utter_message(response="utter_invalid_customer_type")
        return {SLOT: None}
    return {SLOT: kind}


def kind_of(tracker: Tracker) -> str | None:
    """The customer type so far, a type just said included."""
    kind = tracker.get_slot(SLOT)
    return parsing.parse_customer_type(str(kind)) if kind not in (None, "residential", "business") else kind
