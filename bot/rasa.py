"""Client of the Rasa server's REST channel."""

import json
import logging
from typing import Any

import httpx

from bot.messages import Button, InboundMessage, OutboundMessage

logger = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa did not answer, or answered with an error."""


def to_rasa_text(message: InboundMessage) -> str:
    """The text Rasa receives: the customer's words, or what they shared as an intent."""
    if message.location is not None:
        entities = {"latitude": message.location.latitude, "longitude": message.location.longitude}
        return "/share_location" + json.dumps(entities)
    if message.contact_phone:
        return "/share_contact"
    if message.attachment is not None:
        return "/share_document"
    return message.text or ""


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


class RasaClient:
    """Sends customer messages to Rasa and returns its replies."""

    def __init__(self, base_url: str, *, timeout: float) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, timeout=timeout)

    async def send(self, message: InboundMessage) -> list[OutboundMessage]:
        """Rasa's replies to `message`."""
        body = {
            "sender": message.conversation_id,
            "message": to_rasa_text(message),
            "metadata": to_rasa_metadata(message),
        }
        try:
            response = await self._http.post("/webhooks/rest/webhook", json=body)
            response.raise_for_status()
            replies = response.json()
        except (httpx.HTTPError, ValueError) as error:
            logger.error("Rasa did not answer conversation %s: %s", message.conversation_id, error)
            raise RasaUnavailable(str(error)) from error
        return [out for reply in replies if (out := from_rasa_reply(reply)) is not None]

    async def close(self) -> None:
        await self._http.aclose()
