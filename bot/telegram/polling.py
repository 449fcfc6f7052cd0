"""Polling mode: for a laptop without a public address, the backend asks Telegram for updates itself.

Exactly one process polls: the one holding the background duties (`backend.background`)."""

import asyncio
import logging
from contextlib import suppress
from typing import TYPE_CHECKING

from fastapi import HTTPException
from telegram import Bot
from telegram.error import TelegramError

from bot.telegram.routes import keep_update

if TYPE_CHECKING:
    from bot.runtime import ChannelRuntime

logger = logging.getLogger(__name__)

POLL_TIMEOUT_SECONDS = 25


class TelegramPoller:
    """Long-polls `getUpdates` and stores each update as the webhook would."""

    def __init__(self, runtime: "ChannelRuntime", bot: Bot) -> None:
        self._runtime = runtime
        self._bot = bot
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="telegram-poller")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        offset: int | None = None
        delay = 1.0
        webhook_removed = False
        while True:
            try:
                if not webhook_removed:  # getUpdates is refused while a webhook is set
                    webhook_removed = await self._bot.delete_webhook()
                updates = await self._bot.get_updates(
                    offset=offset, timeout=POLL_TIMEOUT_SECONDS, allowed_updates=["message", "callback_query"]
                )
                delay = 1.0
            except TelegramError as error:
                logger.warning("Telegram polling failed (%s); retrying in %.0fs", error, delay)
                delay = await self._pause(delay)
                continue
            except Exception:
                logger.exception("Telegram polling failed; retrying in %.0fs", delay)
                delay = await self._pause(delay)
                continue
            for update in updates:
                try:
                    await keep_update(self._runtime, update.to_dict())
                except HTTPException as error:
                    logger.warning("Skipped Telegram update %s: %s", update.update_id, error.detail)
                except Exception:  # not kept (the database, say): Telegram gives it again from this offset
                    logger.exception(
                        "Could not keep Telegram update %s; asking again in %.0fs", update.update_id, delay
                    )
                    delay = await self._pause(delay)
                    break
                offset = update.update_id + 1

    @staticmethod
    async def _pause(delay: float) -> float:
        """Wait `delay` seconds; the next wait, doubled up to a minute."""
        await asyncio.sleep(delay)
        return min(delay * 2, 60)
