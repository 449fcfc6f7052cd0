"""Web chat as a channel of the worker: its page fetches what is said to the customer (the answer to its
request, or the event stream), so the worker sends nothing; the files it uploads wait in a folder until the
worker keeps them."""

import uuid
from datetime import datetime
from pathlib import Path

from backend.conversations.messages import Attachment, InboundMessage, OutboundMessage
from bot.channels import SendFailed

UPLOAD_PREFIX = "upload:"


class WebchatChannel:
    name = "webchat"
    delivers = False

    def __init__(self, documents_dir: Path) -> None:
        self._incoming = documents_dir / "incoming"

    def fit(self, message: OutboundMessage) -> list[OutboundMessage]:
        return [message]

    def receive_upload(self, data: bytes) -> str:
        """Keep an uploaded file until the worker takes it; the media id that names it."""
        self._incoming.mkdir(parents=True, exist_ok=True)
        name = uuid.uuid4().hex
        (self._incoming / name).write_bytes(data)
        return UPLOAD_PREFIX + name

    async def send(
        self, user_id: str, message: OutboundMessage, *, ref: str, customer_last_wrote: datetime | None = None
    ) -> str:
        raise SendFailed("Web chat customers fetch their messages", transient=False)

    async def download(self, attachment: Attachment) -> tuple[bytes, str]:
        """The uploaded bytes (their type is read from them when they are kept); the upload is then gone."""
        name = attachment.media_id.removeprefix(UPLOAD_PREFIX)
        path = self._incoming / name
        if not attachment.media_id.startswith(UPLOAD_PREFIX) or not name.isalnum() or not path.is_file():
            raise SendFailed("The uploaded file is gone", transient=False)
        data = path.read_bytes()
        path.unlink(missing_ok=True)
        return data, attachment.mime_type or "application/octet-stream"

    async def acknowledge(self, message: InboundMessage) -> None:
        return None

    async def close(self) -> None:
        return None
