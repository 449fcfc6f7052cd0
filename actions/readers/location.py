"""The installation place: a shared pin, or an address checked against the coverage zones (its zone found
anywhere in it, however it is spelled); the answer says whether we serve it."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.backend_client import BackendClient, BackendError
from actions.conversation import ADDRESS_CUES, detail_of, entity_of, intent_of, is_fresh, text_of
from actions.readers.base import answer

logger = logging.getLogger(__name__)

SLOT = "location"
SAID_BEFORE = re.compile(r"^(mi direcci[oó]n es|la direcci[oó]n es|vivo en|es en)\s+", re.I)


def extract(tracker: Tracker) -> dict[str, Any]:
    if not is_fresh(tracker):
        return {}
    text = text_of(tracker)
    if intent_of(tracker) == "share_location":
        return {SLOT: "Ubicación compartida"}
    if piece := detail_of(tracker, SLOT):
        return {SLOT: piece}
    if ADDRESS_CUES.search(parsing.normalize(text)) and tracker.get_slot("requested_slot") != SLOT:
        return {SLOT: text}
    if tracker.get_slot(SLOT) is None and parsing.starts_like_address(text):
        return {SLOT: text}  # the address, given before it was asked ("zona Sarco, calle …")
    return answer(tracker, SLOT)


async def coverage_of(
    value: Any, tracker: Tracker, backend: BackendClient
) -> tuple[dict, str, float | None, float | None]:
    """The coverage check of a pin or an address, and the place as it is kept."""
    latitude, longitude = entity_of(tracker, "latitude"), entity_of(tracker, "longitude")
    if intent_of(tracker) == "share_location" and latitude is not None and longitude is not None:
        latitude, longitude = float(latitude), float(longitude)
        result = await backend.check_coverage(latitude=latitude, longitude=longitude)
        return result, f"Ubicación compartida ({latitude:.5f}, {longitude:.5f})", latitude, longitude
    place = SAID_BEFORE.sub("", str(value or "").strip())
    result = await backend.check_coverage(text=place)
    whole = text_of(tracker).strip()
    if result["status"] == "unknown" and whole and whole != place:  # the zone may be in another piece
        result = await backend.check_coverage(text=whole)
        place = whole if result["status"] != "unknown" else place
    return result, place, None, None


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    try:
        result, place, latitude, longitude = await coverage_of(value, tracker, backend)
    except BackendError as error:
        logger.error("Coverage check failed: %s", error)
        dispatcher.utter_message(response="utter_technical_problem")
        return {SLOT: None}
    if result["status"] == "unknown":
        dispatcher.utter_message(response="utter_coverage_unknown")
        return {SLOT: None}
    zone = result.get("zone") or {}
    if result["status"] == "covered":
        dispatcher.utter_message(response="utter_coverage_ok", zone=zone.get("name"))
    elif result.get("place"):
        dispatcher.utter_message(response="utter_no_coverage_at_place", place=result["place"])
    else:
        dispatcher.utter_message(response="utter_no_coverage")
    return {
        SLOT: place,
        "latitude": latitude,
        "longitude": longitude,
        "coverage_status": result["status"],
        "coverage_zone": zone.get("name"),
        "coverage_zone_id": zone.get("id"),
        "address_reference": None,
        "notify_on_coverage": None,
    }
