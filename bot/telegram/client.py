"""Sending through the Bot API with python-telegram-bot, and downloading files."""

import asyncio
import mimetypes
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError

from backend.conversations.messages import Attachment, InboundMessage, OutboundMessage
from bot.channels import SendFailed
from bot.text import shorten, split_text

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
T = TypeVar("T")


def make_bot(*, token: str, api_url: str) -> Bot:
    """A Bot talking to `api_url` (the public Bot API, or a local one)."""
    api_url = api_url.rstrip("/")
    return Bot(token, base_url=f"{api_url}/bot", base_file_url=f"{api_url}/file/bot")


class TelegramChannel:
    """The Telegram bot the customers write to."""

    name = "telegram"
    delivers = True

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self._ready = asyncio.Lock()

    def fit(self, message: OutboundMessage) -> list[OutboundMessage]:
        """Texts cut to 4096 characters (a file's caption to 1024); the buttons go under the last piece."""
        if message.file is not None:
            return [message.model_copy(update={"text": shorten(message.text, CAPTION_LIMIT)})]
        pieces = split_text(message.text, TEXT_LIMIT)
        fitted = [message.model_copy(update={"text": piece, "buttons": []}) for piece in pieces[:-1]]
        return [*fitted, message.model_copy(update={"text": pieces[-1] or "👇"})]

    async def send(
        self, user_id: str, message: OutboundMessage, *, ref: str, customer_last_wrote: datetime | None = None
    ) -> str:
        """Send one message, buttons as an inline keyboard; `chat:message` ids are unique across chats."""
        markup = None
        if message.buttons:
            markup = InlineKeyboardMarkup(
                [[InlineKeyboardButton(b.title, callback_data=f"{ref}:{i}")] for i, b in enumerate(message.buttons)]
            )
        chat, text, file = int(user_id), message.signed(), message.file
        if file is None:
            sent = await self._call(lambda: self.bot.send_message(chat_id=chat, text=text, reply_markup=markup))
        elif file.is_image:  # Telegram fetches the file from its link
            sent = await self._call(lambda: self.bot.send_photo(chat_id=chat, photo=file.url, caption=text or None))
        else:
            sent = await self._call(
                lambda: self.bot.send_document(chat_id=chat, document=file.url, caption=text or None)
            )
        return f"{user_id}:{sent.message_id}"

    async def download(self, attachment: Attachment) -> tuple[bytes, str]:
        """The file's bytes and content type."""
        file = await self._call(lambda: self.bot.get_file(attachment.media_id))
        data = await self._call(file.download_as_bytearray)
        guessed = mimetypes.guess_type(file.file_path or "")[0]
        return bytes(data), attachment.mime_type or guessed or "application/octet-stream"

    async def acknowledge(self, message: InboundMessage) -> None:
        """Stop the spinner of a pressed inline button."""
        if message.ack_token:
            await self._call(lambda: self.bot.answer_callback_query(message.ack_token))

    async def close(self) -> None:
        await self.bot.shutdown()

    async def _call(self, request: Callable[[], Awaitable[T]]) -> T:
        """Make a Bot API call, turning its errors into SendFailed (transient or not)."""
        try:
            async with self._ready:
                await self.bot.initialize()
            return await request()
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            raise SendFailed(f"Telegram asks to wait {seconds:.0f}s", transient=True, retry_after=seconds) from error
        except (BadRequest, Forbidden, InvalidToken) as error:
            raise SendFailed(f"Telegram refused: {error}", transient=False) from error
        except NetworkError as error:
            raise SendFailed(f"Telegram unreachable: {error}", transient=True) from error
        except TelegramError as error:
            raise SendFailed(f"Telegram error: {error}", transient=False) from error
