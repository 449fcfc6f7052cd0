"""Production's shape on PostgreSQL: two web processes, two background workers, two Rasa replicas sharing a SQL
tracker store and a Redis lock store. Every message is answered once and in order, whichever web process took
it and whichever worker answers; a worker started mid-run steals nothing; Rasa forgets nothing when it restarts."""

import asyncio
import time
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from benchmarks.load import BURST, WhatsAppFigures, whatsapp_burst
from launcher.stack import Stack
from tests.helpers.basics import WHATSAPP_APP_SECRET, run_apart
from tests.helpers.fakes import FakeGraphApi

pytestmark = [pytest.mark.assistant, pytest.mark.both_engines]


@pytest.fixture(scope="module")
def scaled(stack: Stack) -> Stack:
    if stack.workers < 2:
        pytest.skip("production's shape only")
    return stack


def test_interleaved_messages_through_two_web_processes_are_answered_once_and_in_order(
    scaled: Stack, graph_api: FakeGraphApi, staff_headers: dict[str, str]
) -> None:
    assert len(scaled.backend_urls) == 2
    burst = whatsapp_burst(
        scaled.backend_urls, graph_api, 8, app_secret=WHATSAPP_APP_SECRET, staff_headers=staff_headers, timeout=240
    )
    figures = run_apart(burst)
    assert figures.refused == 0
    assert figures.sent == figures.answered == 8 * len(BURST)
    assert figures.out_of_order == 0
    assert figures.duplicated == 0


def test_a_worker_started_mid_run_steals_nothing(
    scaled: Stack, graph_api: FakeGraphApi, staff_headers: dict[str, str]
) -> None:
    def burst() -> Coroutine[Any, Any, WhatsAppFigures]:
        return whatsapp_burst(
            scaled.backend_urls, graph_api, 6, app_secret=WHATSAPP_APP_SECRET, staff_headers=staff_headers, timeout=240
        )

    log = scaled.log_dir / "worker-3.log"
    with ThreadPoolExecutor(max_workers=2) as pool:
        before = pool.submit(asyncio.run, burst())
        time.sleep(1)
        third = scaled.start_worker(2)
        try:
            deadline = time.monotonic() + 120
            while "running" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert "running" in log.read_text()
            during = pool.submit(asyncio.run, burst())
            figures = [before.result(), during.result()]
        finally:
            third.interrupt()
            third.wait(timeout=30)
            scaled.processes.remove(third)
    assert "stopped" in log.read_text()
    for run in figures:
        assert run.sent == run.answered == 6 * len(BURST)
        assert run.out_of_order == 0
        assert run.duplicated == 0


def test_rasa_replicas_keep_a_conversation_across_their_restart(scaled: Stack, backend: httpx.Client) -> None:
    session = f"restart-{uuid.uuid4().hex[:8]}"

    def say(text: str) -> str:
        response = backend.post("/webchat/messages", json={"sender_id": session, "text": text}, timeout=60)
        assert response.status_code == 200, response.text
        return "\n".join(message["text"] for message in response.json()["messages"]).lower()

    assert "hogar" in say("hola")
    assert "nombre" in say("es para mi casa")
    assert "celular" in say("Rosa Quispe")
    replicas = ["rasa", *(f"rasa-{index + 1}" for index in range(1, len(scaled.rasa_ports)))]
    for name in replicas:
        scaled.kill(name)
    for name in replicas:
        scaled.restart(name)
    token = {"token": scaled.rasa_token}
    for url in scaled.rasa_urls:
        scaled.wait_for(f"{url}/status?token={scaled.rasa_token}")

    for url in scaled.rasa_urls:
        tracker = httpx.get(f"{url}/conversations/webchat:{session}/tracker", params=token, timeout=30).json()
        assert tracker["slots"]["full_name"] == "Rosa Quispe"
    assert "correo" in say("71234567")  # the sale goes on where it was
