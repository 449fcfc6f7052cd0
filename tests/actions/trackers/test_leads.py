"""The lead's snapshot goes to the back office when it changed since this process last sent it, and again after
a failed attempt."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from actions.backend_client import BackendClient
from actions.leads import capture_lead

from tests.actions.trackers.conftest import free_port, requests_seen, tracker_at


def test_a_snapshot_is_sent_once_until_it_changes() -> None:
    tracker = tracker_at("starting_sale", customer_type="residential", full_name="Ana Rojas")
    tracker.sender_id = f"web-{uuid.uuid4().hex}"
    changed = tracker_at("starting_sale", customer_type="residential", full_name="Ana Rojas", usage="streaming")
    changed.sender_id = tracker.sender_id

    async def answers(url: str) -> list[Any]:
        backend = BackendClient(base_url=url, token="a-token")
        for said in (tracker, tracker, changed, changed, tracker):
            await capture_lead(backend, said)
        return []

    _, seen = asyncio.run(requests_seen(answers))
    assert [request["body"] for request in seen] == [
        {"customer_type": "residential", "full_name": "Ana Rojas"},
        {"customer_type": "residential", "full_name": "Ana Rojas", "usage": "streaming"},
        {"customer_type": "residential", "full_name": "Ana Rojas"},
    ]
    assert {request["path"] for request in seen} == {f"/api/assistant/leads/{tracker.sender_id}"}


def test_a_snapshot_the_back_office_did_not_take_is_sent_again() -> None:
    tracker = tracker_at("starting_sale", customer_type="residential")
    tracker.sender_id = f"web-{uuid.uuid4().hex}"

    async def after_a_failure(url: str) -> list[Any]:
        await capture_lead(BackendClient(base_url=f"http://127.0.0.1:{free_port()}", token="a-token"), tracker)
        await capture_lead(BackendClient(base_url=url, token="a-token"), tracker)
        return []

    _, seen = asyncio.run(requests_seen(after_a_failure))
    assert [request["body"] for request in seen] == [{"customer_type": "residential"}]
