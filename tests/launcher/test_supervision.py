"""`make run` keeps the product up: a part that crashes is started again, waiting longer each time it crashes
again, instead of the whole product shutting down; and the Telegram poller outlives any error."""

import io
import os
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from backend.app import create_app
from backend.config import Settings
from bot.intake import Intake
from launcher.stack import Stack
from tests.helpers.fakes import BOT_TOKEN, FakeBotApi


def test_a_part_that_crashes_is_started_again_with_growing_waits(tmp_path: Path) -> None:
    stack = Stack(log_dir=tmp_path)
    stack.spawn("flaky", [sys.executable, "-c", "import sys; print('up'); sys.exit(3)"], dict(os.environ))
    told = io.StringIO()
    deadline = time.monotonic() + 20
    while told.getvalue().count("started again") < 2 and time.monotonic() < deadline:
        stack.supervise(told)
        time.sleep(0.05)
    stack.stop()
    lines = told.getvalue().splitlines()
    assert "flaky stopped (exit code 3); starting it again in 1 s" in lines
    assert "flaky stopped (exit code 3); starting it again in 2 s" in lines  # it crashed again: a longer wait
    assert (tmp_path / "flaky.log").read_text().count("up") >= 3  # each start logged in the same file


def test_the_telegram_poller_survives_a_database_error(settings: Settings, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_MODE = BOT_TOKEN, "polling"
    settings.DOCUMENTS_DIR = str(tmp_path / "documents")
    keep, failures = Intake.keep, []

    async def keep_failing_once(self, channel, messages, statuses=None):  # type: ignore[no-untyped-def]
        if not failures:
            failures.append(channel)
            raise OperationalError("INSERT INTO deliveries", {}, Exception("disk I/O error"))
        await keep(self, channel, messages, statuses)

    monkeypatch.setattr(Intake, "keep", keep_failing_once)
    chat = {"id": 777002, "type": "private", "first_name": "Eva"}
    sender = {"id": 777002, "is_bot": False, "first_name": "Eva"}
    with FakeBotApi().running() as bot_api:
        settings.TELEGRAM_API_URL = bot_api.url
        for number, text in ((1, "hola"), (2, "quiero internet")):
            message = {"message_id": number, "date": 1441645532, "chat": chat, "from": sender, "text": text}
            bot_api.queue_update({"update_id": 6000 + number, "message": message})
        with TestClient(create_app(settings)) as client:
            bot_api.wait_for(lambda _sent: not bot_api.updates, timeout=30)  # both read, the first one again
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                transcript = client.get("/api/conversations/telegram:777002/messages", headers=login(client))
                if transcript.status_code == 200 and len(transcript.json()["messages"]) >= 2:
                    break
                time.sleep(0.2)
    assert failures == ["telegram"]
    inbound = [m["text"] for m in transcript.json()["messages"] if m["direction"] == "inbound"]
    assert inbound == ["hola", "quiero internet"]


def login(client: TestClient) -> dict[str, str]:
    from tests.helpers.basics import login as staff_login

    return staff_login(client)
