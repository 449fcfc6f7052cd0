"""Reading the Cloud API's webhook notifications into inbound messages and delivery receipts."""

import logging
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from backend.conversations.messages import Attachment, ButtonPress, InboundMessage, Location
from backend.conversations.models import MessageStatus

logger = logging.getLogger(__name__)

CHANNEL = "whatsapp"
STATUSES = {
    "sent": MessageStatus.SENT,
    "delivered": MessageStatus.DELIVERED,
    "read": MessageStatus.READ,
    "failed": MessageStatus.FAILED,
}


@dataclass(frozen=True)
class StatusUpdate:
    """What happened to a message we sent."""

    message_id: str
    status: MessageStatus
    error: str | None = None


def parse_notification(body: dict[str, Any]) -> tuple[list[InboundMessage], list[StatusUpdate]]:
    """Every customer message and delivery receipt in one webhook POST."""
    messages: list[InboundMessage] = []
    statuses: list[StatusUpdate] = []
    for entry in body.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            if change.get("field") != "messages":
                continue
            names = {c.get("wa_id"): (c.get("profile") or {}).get("name") for c in value.get("contacts") or []}
            for message in value.get("messages") or []:
                try:
                    inbound = read_message(message, names.get(message.get("from")))
                except (ValidationError, TypeError, AttributeError):
                    logger.warning("Skipped a WhatsApp message that could not be read: %s", message)
                    continue
                if inbound is not None:
                    messages.append(inbound)
            for status in value.get("statuses") or []:
                update = read_status(status)
                if update is not None:
                    statuses.append(update)
    return messages, statuses


def read_message(message: dict[str, Any], profile_name: str | None) -> InboundMessage | None:
    """One customer message in the channel-neutral shape (None if it has no sender or id)."""
    sender, message_id, kind = message.get("from"), message.get("id"), message.get("type")
    if not sender or not message_id:
        logger.warning("WhatsApp message without sender or id: %s", message)
        return None
    base = {
        "channel": CHANNEL,
        "user_id": sender,
        "message_id": message_id,
        "phone": "+" + sender.lstrip("+"),
        "profile_name": profile_name,
    }
    content = (message.get(kind) if isinstance(kind, str) else None) or {}
    typed = str(content.get("body") or "").strip() if kind == "text" else ""
    if typed:
        return InboundMessage(**base, text=typed)
    if kind == "interactive":
        reply = content.get("button_reply") or content.get("list_reply") or {}
        if reply.get("id"):
            return InboundMessage(**base, text=reply.get("title"), pressed=ButtonPress(**reply_fields(reply)))
    if kind == "button" and content.get("payload"):
        return InboundMessage(
            **base,
            text=content.get("text"),
            pressed=ButtonPress(ref=content["payload"], title=content.get("text") or ""),
        )
    if kind == "location" and "latitude" in content and "longitude" in content:
        return InboundMessage(**base, location=Location(latitude=content["latitude"], longitude=content["longitude"]))
    if kind in ("image", "document") and content.get("id"):
        attachment = Attachment(
            media_id=content["id"],
            mime_type=content.get("mime_type"),
            filename=content.get("filename"),
            caption=content.get("caption"),
        )
        return InboundMessage(**base, attachment=attachment)
    if kind == "audio" and content.get("id"):
        return InboundMessage(**base, voice=Attachment(media_id=content["id"], mime_type=content.get("mime_type")))
    if kind == "contacts":
        phones = [phone for card in message.get("contacts") or [] for phone in card.get("phones") or []]
        if phones:
            number = phones[0].get("wa_id") or phones[0].get("phone") or ""
            digits = "".join(ch for ch in number if ch.isdigit())
            if digits:
                return InboundMessage(**base, contact_phone="+" + digits)
    return InboundMessage(**base, unsupported=str(kind or "unknown"))


def reply_fields(reply: dict[str, Any]) -> dict[str, str]:
    return {"ref": str(reply["id"]), "title": str(reply.get("title") or "")}


def read_status(status: dict[str, Any]) -> StatusUpdate | None:
    """One delivery receipt, with the platform's error when the message failed."""
    kind = STATUSES.get(status.get("status", ""))
    if kind is None or not status.get("id"):
        return None
    errors = status.get("errors") or []
    error = None
    if errors:
        first = errors[0]
        details = (first.get("error_data") or {}).get("details") or first.get("message") or ""
        error = f"{first.get('code')} {first.get('title', '')}: {details}".strip()
    return StatusUpdate(message_id=status["id"], status=kind, error=error)
