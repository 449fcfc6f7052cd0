"""What a messaging channel (WhatsApp, Telegram) must do for the worker that talks through it."""

from datetime import datetime
from typing import Protocol

from backend.conversations.messages import Attachment, InboundMessage, OutboundMessage


class SendFailed(Exception):
    """The channel did not take a message; `transient` failures are worth retrying."""

    def __init__(self, reason: str, *, transient: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.transient = transient
        self.retry_after = retry_after


class Channel(Protocol):
    """A messaging app the customers write from."""

    name: str
    delivers: bool  # False when customers fetch what is said to them (web chat) rather than being sent it

    def fit(self, message: OutboundMessage) -> list[OutboundMessage]:
        """`message` as one or more messages within the channel's limits (each is sent, and retried, alone)."""

    async def send(
        self, user_id: str, message: OutboundMessage, *, ref: str, customer_last_wrote: datetime | None = None
    ) -> str:
        """Send one message; the channel's id of it. Buttons carry `ref:<index>`. Raises SendFailed.

        `customer_last_wrote` is when the customer last wrote (channels that only answer for a while use it)."""

    async def download(self, attachment: Attachment) -> tuple[bytes, str]:
        """The bytes and content type of a file the customer sent. Raises SendFailed."""

    async def acknowledge(self, message: InboundMessage) -> None:
        """Tell the channel an inbound message is being handled (e.g. stop a button's spinner)."""

    async def close(self) -> None:
        """Release connections."""


def button_ref(message_id: int) -> str:
    """The reference of the buttons of outbound message `message_id`; a press comes back as `ref:<index>`."""
    return f"b:{message_id}"


def parse_button_ref(value: str) -> tuple[int, int] | None:
    """(outbound message id, button index) of a pressed button's reference, if it is one of ours."""
    parts = value.split(":")
    if len(parts) == 3 and parts[0] == "b" and parts[1].isdigit() and parts[2].isdigit():
        return int(parts[1]), int(parts[2])
    return None
