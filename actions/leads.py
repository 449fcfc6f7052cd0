"""Keeping the conversation's lead in the back office up to date."""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from rasa_sdk import Tracker

from actions.backend_client import BackendClient, BackendError

logger = logging.getLogger(__name__)

# Slot name → lead field, with the type the back office expects.
LEAD_FIELDS = {
    "customer_type": ("customer_type", str),
    "full_name": ("full_name", str),
    "phone": ("phone", str),
    "email": ("email", str),
    "company_name": ("company_name", str),
    "usage": ("usage", str),
    "usage_hours": ("usage_hours", str),
    "household_size": ("household_size", int),
    "wanted_speed": ("wanted_speed_mbps", int),
    "location": ("address", str),
    "address_reference": ("address_reference", str),
    "latitude": ("latitude", float),
    "longitude": ("longitude", float),
    "coverage_status": ("coverage_status", str),
    "coverage_zone_id": ("coverage_zone_id", int),
    "payment_method": ("payment_method", str),
    "offered_plan": ("offered_plan_code", str),
}


def lead_snapshot(tracker: Tracker) -> dict[str, Any]:
    """Everything known about the lead so far, as the back office's lead fields."""
    snapshot = {}
    for slot, (field, cast) in LEAD_FIELDS.items():
        value = tracker.get_slot(slot)
        if value is not None:
            snapshot[field] = cast(value)
    return snapshot


REMEMBERED = 10_000  # conversations whose last snapshot sent this process keeps in mind
_sent: OrderedDict[str, dict[str, Any]] = OrderedDict()


async def capture_lead(backend: BackendClient, tracker: Tracker) -> None:
    """Send the snapshot, unless it is the one this process sent last for the conversation (most answers of the
    checkout change nothing the lead holds); a failure is logged and retried with the next answer, never shown."""
    snapshot = lead_snapshot(tracker)
    if _sent.get(tracker.sender_id) == snapshot:
        return
    try:
        await backend.capture_lead(tracker.sender_id, snapshot)
    except BackendError as error:
        logger.error("Could not save the lead of %s: %s", tracker.sender_id, error)
        return
    _sent[tracker.sender_id] = snapshot
    _sent.move_to_end(tracker.sender_id)
    if len(_sent) > REMEMBERED:
        _sent.popitem(last=False)
