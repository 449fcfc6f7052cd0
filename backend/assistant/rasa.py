"""Client of the Rasa server's REST channel."""

import json
import logging
import zlib
from dataclasses import dataclass
from typing import Any

import httpx

from backend.conversations.messages import Button, InboundMessage, OutboundMessage

logger = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa did not answer, or answered with an error."""


def to_rasa_text(message: InboundMessage) -> str:
    """The text Rasa receives: what a pressed button stands for, what the customer shared as an intent, or the
    words they typed. Typed text is always words, never a command (`/intent{…}` is how Rasa reads one)."""
    if message.location is not None:
        entities = {"latitude": message.location.latitude, "longitude": message.location.longitude}
        return "/share_location" + json.dumps(entities)
    if message.contact_phone:
        return "/share_contact"
    if message.attachment is not None:
        return "/share_document"
    if message.voice is not None and not message.text:  # a voice note nobody transcribed
        return "/share_voice_note"
    if message.pressed is not None:
        return message.text or ""
    return (message.text or "").strip().lstrip("/").strip()


def to_rasa_metadata(message: InboundMessage) -> dict[str, Any]:
    """Channel facts the actions may use: the channel, and the customer's own phone when known."""
    phone = message.contact_phone or message.phone
    return {"channel": message.channel, **({"phone": phone} if phone else {})}


def from_rasa_reply(reply: dict[str, Any]) -> OutboundMessage | None:
    """One message of Rasa's answer in the channel-neutral shape (None if it has nothing to show)."""
    buttons = [
        Button(title=str(button.get("title", "")), payload=str(button.get("payload", "")))
        for button in reply.get("buttons") or []
    ]
    text = reply.get("text") or ""
    if not text and not buttons:
        return None
    return OutboundMessage(text=text, buttons=buttons)


@dataclass
class RasaAnswer:
    """Rasa's replies, and whether it fell back to "I did not understand"."""

    messages: list[OutboundMessage]
    fell_back: bool = False


class RasaClient:
    """Sends customer messages to Rasa and returns its replies; pauses and resumes conversations.

    `base_urls` is one Rasa server or several (comma-separated) sharing a tracker store and a lock store: each
    conversation goes to the same replica, or to the next one while its own does not answer.
    """

    def __init__(self, base_urls: str, *, timeout: float, token: str = "") -> None:
        urls = [url.strip() for url in base_urls.split(",") if url.strip()]
        params = {"token": token} if token else None  # Rasa's conversation API wants it; the REST channel ignores it
        self._replicas = [httpx.AsyncClient(base_url=url, timeout=timeout, params=params) for url in urls]

    async def send(self, message: InboundMessage) -> RasaAnswer:
        """Rasa's replies to `message`."""
        body = {
            "sender": message.conversation_id,
            "message": to_rasa_text(message),
            "metadata": to_rasa_metadata(message),
        }
        replies = await self._call("POST", "/webhooks/rest/webhook", message.conversation_id, json=body)
        return to_answer(replies)

    async def pause(self, conversation_id: str) -> None:
        """Keep the assistant quiet in this conversation (messages are no longer predicted on)."""
        await self._call(
            "POST",
            f"{tracker_path(conversation_id)}/events",
            conversation_id,
            json={"event": "pause"},
            params={"include_events": "NONE"},
        )

    async def resume(self, conversation_id: str, slots: dict[str, Any]) -> RasaAnswer:
        """Let the assistant speak again, with `slots` set, and have it pick the conversation up."""
        events = [{"event": "resume"}, *({"event": "slot", "name": k, "value": v} for k, v in slots.items())]
        await self._call(
            "POST",
            f"{tracker_path(conversation_id)}/events",
            conversation_id,
            json=events,
            params={"include_events": "NONE"},
        )
        return await self.trigger(conversation_id, "resume_sale")

    async def trigger(self, conversation_id: str, intent: str) -> RasaAnswer:
        """Have the assistant act as if the customer had said `intent` (to speak first)."""
        body = await self._call(
            "POST",
            f"/conversations/{conversation_id}/trigger_intent",
            conversation_id,
            json={"name": intent},
            params={"include_events": "NONE"},
        )
        return to_answer(body.get("messages") or [])

    async def parse(self, text: str) -> tuple[str, float]:
        """The intent Rasa's NLU reads `text` as, with its confidence."""
        body = await self._call("POST", "/model/parse", text, json={"text": text})
        intent = body.get("intent") or {}
        return str(intent.get("name") or ""), float(intent.get("confidence") or 0.0)

    async def load_model(self, model_file: str) -> None:
        """Have every replica run the model at `model_file` (a path on the replicas' machine)."""
        for replica in self._replicas:
            response = await replica.put("/model", json={"model_file": model_file}, timeout=300)
            if response.status_code >= 400:
                raise RasaUnavailable(f"{replica.base_url} did not load {model_file}: {response.text[:300]}")

    async def close(self) -> None:
        for replica in self._replicas:
            await replica.aclose()

    def replicas_for(self, conversation_id: str) -> list[httpx.AsyncClient]:
        """The replicas in the order this conversation tries them."""
        first = zlib.crc32(conversation_id.encode()) % len(self._replicas)
        return self._replicas[first:] + self._replicas[:first]

    async def _call(self, method: str, path: str, conversation_id: str, **kwargs: Any) -> Any:
        last_error: Exception = RasaUnavailable("no Rasa server is configured")
        for replica in self.replicas_for(conversation_id):
            try:
                response = await replica.request(method, path, **kwargs)
                response.raise_for_status()
                return response.json()
            except httpx.ConnectError as error:  # nothing was sent: the next replica may take it
                logger.warning("Rasa at %s is not reachable: %s", replica.base_url, error)
                last_error = error
            except (httpx.HTTPError, ValueError) as error:  # it may have acted on it: not sent twice
                last_error = error
                break
        logger.error("Rasa did not answer %s for conversation %s: %s", path, conversation_id, last_error)
        raise RasaUnavailable(str(last_error)) from last_error


def tracker_path(conversation_id: str) -> str:
    """Conversation ids are `channel:user` with URL-safe characters only, so they go in the path as they are."""
    return f"/conversations/{conversation_id}/tracker"


def to_answer(replies: list[dict[str, Any]]) -> RasaAnswer:
    """Rasa's output in the channel-neutral shape; a `{"fallback": true}` custom payload marks a fallback."""
    fell_back = any((reply.get("custom") or {}).get("fallback") for reply in replies)
    return RasaAnswer([out for reply in replies if (out := from_rasa_reply(reply)) is not None], fell_back)
