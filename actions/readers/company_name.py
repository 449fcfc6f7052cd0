"""The company's name, for the enterprise sales team."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import BackendClient
from actions.readers.base import answer

SLOT = "company_name"
SAID_BEFORE = re.compile(r"^(la empresa es|es|se llama|mi empresa es)\s+", re.I)


def extract(tracker: Tracker) -> dict[str, Any]:
    return answer(tracker, SLOT)


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    name = SAID_BEFORE.sub("", str(value or "").strip())
    if len(name) < 2:
        dispatcher.utter_message(response="utter_invalid_company_name")
        return {SLOT: None}
    return {SLOT: name[:160]}
