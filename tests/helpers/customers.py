"""A web chat customer on the running stack, and what the tests read of their sale."""

import json
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx

COVERED_PIN = {"latitude": -17.3935, "longitude": -66.1570}  # Centro, Cochabamba


class Customer:
    """A customer writing on the web chat page."""

    def __init__(self, backend: httpx.Client) -> None:
        self.backend = backend
        self.sender_id = f"test-{uuid.uuid4().hex[:12]}"
        self.transcript: list[str] = []

    def says(self, text: str) -> str:
        return self._send({"text": text})

    def says_each(self, *texts: str) -> str:
        """Say each text in turn; the assistant's answer to the last one."""
        return [self.says(text) for text in texts][-1]

    def shares_location(self, pin: dict[str, float]) -> str:
        return self._send({"location": pin})

    def presses(self, title: str) -> str:
        """Press the quick reply with this title in the assistant's last answer."""
        button = next(b for b in self.last_buttons if b["title"] == title)
        return self._send({"pressed": button["ref"], "button_title": title})

    def uploads(self, data: bytes, filename: str = "comprobante.png", content_type: str = "image/png") -> str:
        """Attach a file with the page's 📎 button."""
        response = self.backend.post(
            "/webchat/files", data={"sender_id": self.sender_id}, files={"file": (filename, data, content_type)}
        )
        return self._read(response, f"📎 {filename}")

    def _send(self, body: dict[str, Any]) -> str:
        response = self.backend.post("/webchat/messages", json={"sender_id": self.sender_id, **body})
        return self._read(response, body)

    def _read(self, response: httpx.Response, sent: object) -> str:
        assert response.status_code == 200, response.text
        messages = response.json()["messages"]
        self.last_buttons = [b for m in messages for b in m["buttons"]]
        reply = "\n".join(m["text"] for m in messages)
        self.transcript.append(f"> {sent}\n{reply}")
        return reply

    @property
    def conversation_id(self) -> str:
        return f"webchat:{self.sender_id}"

    def streamed(self, until: Callable[[list[dict[str, Any]]], bool], timeout: float = 30) -> list[dict[str, Any]]:
        """What the page's event stream delivers (messages outside an answer), read until `until` holds.

        Quick replies among them become the ones `presses` can press.
        """
        received: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        with self.backend.stream("GET", "/webchat/stream", params={"sender_id": self.sender_id}) as stream:
            for line in stream.iter_lines():
                if line.startswith("data: "):
                    received.append(json.loads(line[6:]))
                    if received[-1].get("buttons"):
                        self.last_buttons = received[-1]["buttons"]
                if until(received) or time.monotonic() > deadline:
                    break
        self.transcript.append("(stream)\n" + "\n".join(m.get("text", "") for m in received))
        return received


def order_number_in(reply: str) -> str:
    """The request number (SOL-…) the assistant gave."""
    return re.search(r"SOL-\d+", reply).group(0)  # type: ignore[union-attr]


def lead_of(backend: httpx.Client, headers: dict[str, str], customer: Customer) -> dict[str, Any]:
    leads = backend.get("/api/leads", headers=headers, params={"limit": 500}).json()["data"]
    return next(lead for lead in leads if lead["conversation_id"] == customer.conversation_id)
