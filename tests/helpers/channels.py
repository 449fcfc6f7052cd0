"""Customers on WhatsApp and Telegram, as the tests play them: webhook posts shaped as the platforms
document them, and the replies read back from the fake platform servers."""

import hashlib
import hmac
import itertools
import random
import time
from typing import Any

import httpx

from tests.helpers.basics import TELEGRAM_WEBHOOK_SECRET, WHATSAPP_APP_SECRET
from tests.helpers.fakes import PHONE_NUMBER_ID, FakeBotApi, FakeGraphApi

FINAL = {"sent", "delivered", "read", "failed"}
_ids = itertools.count(int(time.time()))


def wait_until_answered(
    backend: httpx.Client, headers: dict[str, str], conversation_id: str, external_id: str, timeout: float = 90
) -> list[dict[str, Any]]:
    """Wait until the inbound message is handled and every reply to it is sent (or failed); those replies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = backend.get(f"/api/conversations/{conversation_id}/messages", headers=headers)
        if response.status_code == 200:
            messages = response.json()["messages"]
            inbound = next((m for m in messages if m["external_id"] == external_id), None)
            if inbound and inbound["status"] in ("handled", "failed"):
                replies = [m for m in messages if m["reply_to_id"] == inbound["id"]]
                if all(reply["status"] in FINAL for reply in replies):
                    return replies
        time.sleep(0.2)
    raise AssertionError(f"{external_id} was not answered in time")


def signature(body: bytes, secret: str = WHATSAPP_APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def notification(value: dict[str, Any]) -> dict[str, Any]:
    """The webhook envelope of Meta's documented examples."""
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }


class WhatsAppCustomer:
    """A customer writing to the business number on WhatsApp."""

    def __init__(self, backend: httpx.Client, graph_api: FakeGraphApi, headers: dict[str, str]) -> None:
        self.backend, self.graph_api, self.headers = backend, graph_api, headers
        self.wa_id = "5917" + f"{random.randrange(10**7):07d}"
        self.name = "Ana María"
        self.last_replies: list[dict[str, Any]] = []

    @property
    def conversation_id(self) -> str:
        return f"whatsapp:{self.wa_id}"

    def message(self, kind: str, content: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {
            "from": self.wa_id,
            "id": f"wamid.IN{next(_ids)}",
            "timestamp": str(int(time.time())),
            "type": kind,
            kind: content,
            **extra,
        }

    def envelope(self, message: dict[str, Any]) -> dict[str, Any]:
        return notification(
            {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID},
                "contacts": [{"profile": {"name": self.name}, "wa_id": self.wa_id}],
                "messages": [message],
            }
        )

    def post(self, payload: dict[str, Any], *, secret: str = WHATSAPP_APP_SECRET) -> httpx.Response:
        body = httpx.Request("POST", "/", json=payload).content
        return self.backend.post(
            "/webhooks/whatsapp",
            content=body,
            headers={"content-type": "application/json", "X-Hub-Signature-256": signature(body, secret)},
        )

    def sends(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        """Deliver `message` through the webhook; the requests the product then sent to the Graph API."""
        response = self.post(self.envelope(message))
        assert response.status_code == 200, response.text
        replies = wait_until_answered(self.backend, self.headers, self.conversation_id, message["id"])
        by_id = {record["id"]: record for record in self.graph_api.sent_to(self.wa_id)}
        self.last_replies = [by_id[reply["external_id"]] for reply in replies if reply["external_id"] in by_id]
        return self.last_replies

    def says(self, text: str) -> str:
        return reply_text(self.sends(self.message("text", {"body": text})))

    def shares_location(self, pin: dict[str, float]) -> str:
        return reply_text(self.sends(self.message("location", {**pin, "name": "Casa", "address": "Cochabamba"})))

    def presses(self, title: str) -> str:
        """Press the reply button or list row with this title in the last replies."""
        for record in self.last_replies:
            interactive = record.get("interactive") or {}
            if interactive.get("type") == "button":
                for button in interactive["action"]["buttons"]:
                    if button["reply"]["title"] == title:
                        reply = {"type": "button_reply", "button_reply": button["reply"]}
                        return reply_text(self.sends(self.message("interactive", reply)))
            if interactive.get("type") == "list":
                for row in interactive["action"]["sections"][0]["rows"]:
                    if row["title"] == title:
                        reply = {"type": "list_reply", "list_reply": {"id": row["id"], "title": row["title"]}}
                        return reply_text(self.sends(self.message("interactive", reply)))
        raise AssertionError(f"No option {title!r} in {self.last_replies}")


def reply_text(records: list[dict[str, Any]]) -> str:
    """What the customer reads, from the Graph API send requests."""
    texts = []
    for record in records:
        if record["type"] == "text":
            texts.append(record["text"]["body"])
        elif record["type"] == "interactive":
            texts.append(record["interactive"]["body"]["text"])
    return "\n".join(texts)


class TelegramCustomer:
    """A customer writing to the bot on Telegram (private chat)."""

    def __init__(self, backend: httpx.Client, bot_api: FakeBotApi, headers: dict[str, str]) -> None:
        self.backend, self.bot_api, self.headers = backend, bot_api, headers
        self.chat_id = random.randrange(10**8, 10**9)
        self.user = {
            "id": self.chat_id,
            "is_bot": False,
            "first_name": "Luis",
            "last_name": "Rocha",
            "language_code": "es",
        }
        self.last_replies: list[dict[str, Any]] = []

    @property
    def conversation_id(self) -> str:
        return f"telegram:{self.chat_id}"

    def update(self, **fields: Any) -> dict[str, Any]:
        return {"update_id": next(_ids), **fields}

    def message(self, **content: Any) -> dict[str, Any]:
        return self.update(
            message={
                "message_id": next(_ids) % 100000,
                "from": self.user,
                "date": int(time.time()),
                "chat": {"id": self.chat_id, "first_name": "Luis", "last_name": "Rocha", "type": "private"},
                **content,
            }
        )

    def post(self, update: dict[str, Any], *, secret: str | None = TELEGRAM_WEBHOOK_SECRET) -> httpx.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return self.backend.post("/webhooks/telegram", json=update, headers=headers)

    def sends(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.post(update)
        assert response.status_code == 200, response.text
        replies = wait_until_answered(self.backend, self.headers, self.conversation_id, f"update:{update['update_id']}")
        by_id = {f"{self.chat_id}:{record['message_id']}": record for record in self.bot_api.sent_to(self.chat_id)}
        self.last_replies = [by_id[reply["external_id"]] for reply in replies if reply["external_id"] in by_id]
        return self.last_replies

    def says(self, text: str) -> str:
        entities = (
            [{"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}] if text.startswith("/") else []
        )
        return texts(self.sends(self.message(text=text, **({"entities": entities} if entities else {}))))

    def shares_location(self, pin: dict[str, float]) -> str:
        return texts(self.sends(self.message(location=pin)))

    def shares_contact(self, phone: str) -> str:
        contact = {"phone_number": phone, "first_name": "Luis", "user_id": self.chat_id}
        return texts(self.sends(self.message(contact=contact)))

    def presses(self, title: str) -> str:
        """Press the inline keyboard button with this title under the last replies."""
        for record in self.last_replies:
            for row in (record.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"] == title:
                        sent = {
                            "message_id": record["message_id"],
                            "date": int(time.time()),
                            "chat": {"id": self.chat_id, "type": "private"},
                            "text": record["text"],
                            "reply_markup": record["reply_markup"],
                        }
                        query = {
                            "id": str(next(_ids)),
                            "from": self.user,
                            "message": sent,
                            "chat_instance": "-1234567890",
                            "data": button["callback_data"],
                        }
                        return texts(self.sends(self.update(callback_query=query)))
        raise AssertionError(f"No button {title!r} in {self.last_replies}")


def texts(records: list[dict[str, Any]]) -> str:
    return "\n".join(record["text"] for record in records)
