"""The customer's full name: titles dropped ("Dra."), a surname asked for when only a first name is given."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.backend_client import BackendClient
from actions.conversation import NAME_CUES, STOP_CUES, detail_of, intent_of, is_fresh, text_of
from actions.readers.base import answer

SLOT = "full_name"


def extract(tracker: Tracker) -> dict[str, Any]:
    text = text_of(tracker)
    if piece := detail_of(tracker, SLOT):
        return {SLOT: piece}
    if is_fresh(tracker) and NAME_CUES.search(parsing.normalize(text)):
        return {SLOT: text}
    asked = is_fresh(tracker) and tracker.get_slot("requested_slot") == SLOT
    if asked and intent_of(tracker) == "greet":
        return {SLOT: text}
    mistaken_stop = intent_of(tracker) == "stop" and not STOP_CUES.search(parsing.normalize(text))
    if asked and mistaken_stop and parsing.parse_person_name(text)[0]:
        return {SLOT: text}  # "Elena Quiroga", read as a wish to stop
    return answer(tracker, SLOT)


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    name, problem = parsing.parse_person_name(str(value or ""))
    if name:
        return {SLOT: name}
    if problem == "surname":
        dispatcher.utter_message(text=f"Gracias, {str(value).strip().capitalize()}. ¿Me dices también tu apellido?")
    else:
        dispatcher.utter_message(response="utter_invalid_full_name")
    return {SLOT: None}
