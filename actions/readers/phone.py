"""The contact phone: the channel's own number when it has one, else a Bolivian mobile or landline however it is
written; a bare number given while another question is asked corrects it."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.backend_client import BackendClient
from actions.conversation import corrects_phone, detail_of, intent_of, is_fresh, metadata_of, text_of
from actions.parsing import PHONE_CUES
from actions.readers.base import answer

SLOT = "phone"


def extract(tracker: Tracker) -> dict[str, Any]:
    text = text_of(tracker)
    channel_phone = parsing.find_phone(str(metadata_of(tracker).get("phone") or ""))
    if channel_phone and (intent_of(tracker) == "share_contact" or tracker.get_slot(SLOT) is None):
        return {SLOT: channel_phone}
    if piece := detail_of(tracker, SLOT):
        return {SLOT: piece}
    if is_fresh(tracker) and PHONE_CUES.search(parsing.normalize(text)) and parsing.find_phone(text):
        return {SLOT: text}
    if corrects_phone(tracker):
        return {SLOT: text}
    return answer(tracker, SLOT)


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    phone = parsing.find_phone(str(value or ""))
    if phone is None:
        dispatcher.utter_message(response="utter_invalid_phone")
    elif intent_of(tracker) == "share_contact" and is_fresh(tracker):
        dispatcher.utter_message(response="utter_phone_from_contact", phone=phone)
    return {SLOT: phone}
