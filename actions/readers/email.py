"""The e-mail address, with the usual typos of its domain mended ("gmail.con")."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.backend_client import BackendClient
from actions.conversation import detail_of, is_fresh, text_of
from actions.readers.base import answer

SLOT = "email"


def extract(tracker: Tracker) -> dict[str, Any]:
    text = text_of(tracker)
    if is_fresh(tracker) and "@" in text:
        return {SLOT: detail_of(tracker, SLOT) or text}
    return answer(tracker, SLOT)


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    email = parsing.find_email(str(value or ""))
    if email is None:
        dispatcher.utter_message(response="utter_invalid_email", reason=parsing.email_problem(str(value or "")))
    return {SLOT: email}
