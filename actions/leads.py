"""Keeping the conversation's lead in the back office up to date."""

from __future__ import annotations

import logging
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


async def capture_lead(backend: BackendClient, tracker: Tracker) -> None:
    """Send the snapshot; a failure is logged and retried with the next answer, never shown."""
    try:
        await backend.capture_lead(tracker.sender_id, lead_snapshot(tracker))
    except BackendError as error:
        logger.error("Could not save the lead of %s: %s", tracker.sender_id, error)
