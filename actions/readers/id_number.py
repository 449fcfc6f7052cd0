"""The CI (or NIT), with its complement and extension; a CI with unpaid debt may only buy prepaid."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.backend_client import BackendClient, BackendError
from actions.conversation import is_fresh, text_of
from actions.leads import capture_lead
from actions.parsing import CI_CUES
from actions.readers.base import answer
from backend.money import money

logger = logging.getLogger(__name__)

SLOT = "id_number"


def extract(tracker: Tracker) -> dict[str, Any]:
    text = text_of(tracker)
    if is_fresh(tracker) and CI_CUES.search(parsing.normalize(text)) and re.search(r"\d{5}", text):
        return {SLOT: text}
    return answer(tracker, SLOT)


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    ci, problem = parsing.parse_ci(str(value or ""))
    if ci is None:
        dispatcher.utter_message(response="utter_invalid_id_number", reason=problem)
        return {SLOT: None}
    return {SLOT: ci, **await with_standing(ci, dispatcher, tracker, backend)}


async def with_standing(ci: str, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient) -> dict:
    """A CI with unpaid debt may only buy prepaid: say so kindly, with the amount, and choose prepaid."""
    try:
        try:
            standing = await backend.standing(tracker.sender_id, ci)
        except BackendError as error:
            if error.status != 404:
                raise
            await capture_lead(backend, tracker)  # no lead yet to record it on
            standing = await backend.standing(tracker.sender_id, ci)
    except BackendError as error:  # the sale goes on; billing checks the debt when the sale is handed over
        logger.warning("Could not check the standing of %s: %s", tracker.sender_id, error)
        return {}
    if not standing["prepaid_only"]:
        return {}
    since = standing.get("debt_since")
    dispatcher.utter_message(
        response="utter_debt_prepaid_only",
        amount=money(standing["debt_bs"]),
        since=f" desde el {since[8:10]}/{since[5:7]}/{since[:4]}" if since else "",
    )
    return {"payment_method": "prepaid"}
