"""Web chat as a channel of the worker: its page fetches what is said to the customer (the answer to a request,
or the event stream), so the worker only answers the messages that had to wait, and sends nothing."""

from datetime import datetime

from backend.conversations.messages import Attachment, InboundMessage, OutboundMessage
from bot.channels import SendFailed


class WebchatChannel:
    name = "webchat"
    delivers = False

    def fit(self, message: OutboundMessage) -> list[OutboundMessage]:
        return [message]

    async def send(
        self, user_id: str, message: OutboundMessage, *, ref: str, customer_last_wrote: datetime | None = None
    ) -> str:
        raise SendFailed("Web chat customers fetch their messages", transient=False)

    async def download(self, attachment: Attachment) -> tuple[bytes, str]:
        raise SendFailed("Web chat files are uploaded with the message", transient=False)

    async def acknowledge(self, message: InboundMessage) -> None:
        return None

    async def close(self) -> None:
        return None
