"""Channels follow the settings: off without credentials, Telegram by polling when there is no public address."""

from pathlib import Path

from fastapi.testclient import TestClient

from backend.app import create_app
from backend.config import Settings
from tests.helpers.fakes import BOT_TOKEN, FakeBotApi


def test_channels_without_credentials_are_off(client: TestClient, settings: Settings) -> None:
    assert settings.channels == ["webchat"]
    assert client.get("/webhooks/whatsapp", params={"hub.mode": "subscribe"}).status_code == 404
    assert client.post("/webhooks/whatsapp", content=b"{}").status_code == 404
    assert client.post("/webhooks/telegram", json={"update_id": 1}).status_code == 404


def test_telegram_polling_fetches_and_answers_updates(settings: Settings, tmp_path: Path) -> None:
    settings.TELEGRAM_BOT_TOKEN = BOT_TOKEN
    settings.TELEGRAM_MODE = "polling"
    settings.DOCUMENTS_DIR = str(tmp_path / "documents")
    chat = {"id": 777001, "type": "private", "first_name": "Eva"}
    update = {
        "update_id": 5001,
        "message": {
            "message_id": 1,
            "date": 1441645532,
            "chat": chat,
            "from": {"id": 777001, "is_bot": False, "first_name": "Eva"},
            "text": "hola",
        },
    }
    with FakeBotApi().running() as bot_api:
        settings.TELEGRAM_API_URL = bot_api.url
        bot_api.queue_update(update)
        with TestClient(create_app(settings)) as client:
            # Rasa is not running in this test: the customer is asked for a moment while the message waits.
            sent = bot_api.wait_for(lambda sent: any(int(r["chat_id"]) == 777001 for r in sent), timeout=30)
            assert "Dame un momento" in sent[0]["text"]
            assert client.post("/webhooks/telegram", json=update).status_code == 404  # the webhook is off
        bot_api.queue_update(update)  # after a restart Telegram hands out the same update again
        with TestClient(create_app(settings)):
            bot_api.wait_for(lambda _sent: not bot_api.updates, timeout=30)
        assert len(bot_api.sent_to(777001)) == 1
