"""Kept connections: while a server's pool is open, its calls to another server share one TCP connection (the
action server's to the back office, Rasa's to the action server); without the pool each call has its own."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from actions import connections
from actions.backend_client import BackendClient
from actions.rasa_server import pooled_session
from rasa.utils.endpoints import EndpointConfig

from tests.actions.trackers.conftest import Calls, requests_seen


async def three_lead_reads(url: str) -> list[Any]:
    backend = BackendClient(base_url=url, token="a-token")
    return [await backend.lead(f"web-{n}") for n in range(3)]


def with_pool(calls: Calls) -> Calls:
    async def pooled(url: str) -> list[Any]:
        await connections.open_pool()
        try:
            return await calls(url)
        finally:
            await connections.close_pool()

    return pooled


def test_the_action_server_calls_the_back_office_on_one_kept_connection() -> None:
    answers, seen = asyncio.run(requests_seen(with_pool(three_lead_reads)))
    assert answers == [{"path": f"/api/assistant/leads/web-{n}"} for n in range(3)]
    assert len({request["peer"] for request in seen}) == 1
    assert {request["X-Assistant-Token"] for request in seen} == {"a-token"}


def test_without_the_pool_each_call_has_a_connection_of_its_own() -> None:
    answers, seen = asyncio.run(requests_seen(three_lead_reads))
    assert len(answers) == 3
    assert len({request["peer"] for request in seen}) == 3


def test_rasa_calls_an_endpoint_on_one_kept_connection_with_its_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EndpointConfig, "session", pooled_session)

    async def three_actions(url: str) -> list[Any]:
        endpoint = EndpointConfig(url + "/webhook", headers={"X-Sender": "rasa"}, basic_auth=None)
        return [await endpoint.request("post", json={"next_action": "action_offer_plan", "n": n}) for n in range(3)]

    answers, seen = asyncio.run(requests_seen(with_pool(three_actions)))
    assert answers == [{"path": "/webhook"}] * 3
    assert len({request["peer"] for request in seen}) == 1
    assert {request["X-Sender"] for request in seen} == {"rasa"}
    assert [request["body"] for request in seen] == [{"next_action": "action_offer_plan", "n": n} for n in range(3)]


def test_a_closed_pool_leaves_each_call_its_own_connection() -> None:
    async def after_closing(url: str) -> list[Any]:
        await connections.open_pool()
        await connections.close_pool()
        return await three_lead_reads(url)

    answers, seen = asyncio.run(requests_seen(after_closing))
    assert len(answers) == 3
    assert len({request["peer"] for request in seen}) == 3
