"""Action tests on trackers, run in the Rasa environment (`.venv-rasa`): trackers built from recorded JSON, the
action run with a `CollectingDispatcher`, and the back office it calls started for real on a SQLite file."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from actions.sale.forms import SaleForm
from aiohttp import web
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[3]
RECORDED = Path(__file__).parent / "recorded"
BACKEND_PYTHON = ROOT / ".venv" / "bin" / "python"
ASSISTANT_TOKEN = "tracker-tests-assistant-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session", autouse=True)
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The back office on a free loopback port, with the demo catalogue and zones; the actions call it."""
    folder = tmp_path_factory.mktemp("backend")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'venta.db'}",
        "SECRET_KEY": "tracker-tests-secret-key-long-enough-for-hs256",
        "ASSISTANT_TOKEN": ASSISTANT_TOKEN,
        "ADMIN_PASSWORD": "tracker-tests-admin-password",
        "DOCUMENTS_DIR": str(folder / "documents"),
        "RUN_WORKER": "false",
        "RASA_URL": "http://127.0.0.1:9",
    }
    command = [str(BACKEND_PYTHON), "-m", "backend.web", "--host", "127.0.0.1", "--port", str(port)]
    log = (folder / "backend.log").open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/health", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"the back office did not start: see {folder / 'backend.log'}") from None
                time.sleep(0.3)
        os.environ["BACKEND_URL"], os.environ["ASSISTANT_TOKEN"] = url, ASSISTANT_TOKEN
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text())


def recorded(name: str) -> dict[str, Any]:
    """A tracker state as Rasa sent it to the action server (`recorded/<name>.json`)."""
    return json.loads((RECORDED / f"{name}.json").read_text())


def tracker_at(
    name: str, text: str | None = None, intent: str | None = None, entities: list | None = None, **slots: Any
) -> Tracker:
    """The recorded tracker `name`, with a new latest customer message (`text`, `intent`) and slots changed."""
    state = recorded(name)
    state["slots"] = {**state["slots"], **slots}
    if text is not None:
        message = {
            "text": text,
            "intent": {"name": intent or "inform", "confidence": 0.9},
            "entities": entities or [],
        }
        state["latest_message"] = message
        state["events"] = [*state["events"], {"event": "user", "text": text, "parse_data": message, "metadata": {}}]
        state["latest_action_name"] = "action_listen"
    return Tracker.from_dict(state)


class Run:
    """What one action did: its events, and the responses and buttons it sent."""

    def __init__(self, events: list[dict[str, Any]], dispatcher: CollectingDispatcher) -> None:
        self.events = events
        self.messages = dispatcher.messages

    @property
    def responses(self) -> list[str]:
        return [message["response"] for message in self.messages if message.get("response")]

    def slots(self) -> dict[str, Any]:
        """The slots the action set, last value winning."""
        return {event["name"]: event["value"] for event in self.events if event.get("event") == "slot"}

    def buttons(self) -> list[dict[str, Any]]:
        return [button for message in self.messages for button in message.get("buttons") or []]


def form_asking(slot: str, domain: dict[str, Any]) -> SaleForm:
    """The form of the sale whose question `slot` is, as the domain lists them."""
    name = next(form for form, spec in domain["forms"].items() if slot in spec["required_slots"])
    return next(form for form in SaleForm.__subclasses__() if form.FORM == name)()


def run(action: Action, tracker: Tracker, domain: dict[str, Any]) -> Run:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return Run(events, dispatcher)


Calls = Callable[[str], Awaitable[list[Any]]]


async def requests_seen(calls: Calls) -> tuple[list[Any], list[dict[str, Any]]]:
    """Run `calls` against a real HTTP server on loopback: their answers, and each request's path, connection,
    body and headers as the server saw them."""
    seen: list[dict[str, Any]] = []

    async def answer(request: web.Request) -> web.Response:
        assert request.transport is not None
        body = await request.json() if request.can_read_body else None
        peer = str(request.transport.get_extra_info("peername"))
        seen.append({"path": request.path, "peer": peer, "body": body, **request.headers})
        return web.json_response({"path": request.path})

    app = web.Application()
    app.router.add_route("*", "/{path:.*}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        return await calls(f"http://127.0.0.1:{port}"), seen
    finally:
        await runner.cleanup()
