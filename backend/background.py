"""The work no request waits for: the channel worker, follow-ups, Telegram polling, visit reminders and the
pipeline's rules.

It runs in the backend process (the embedded default, `RUN_WORKER=true`) or in processes of its own
(`python -m backend.worker`). Any number of processes share the channel work, a conversation at a time
(`bot.worker`), and the follow-ups, each claimed by one. The duties that must run once — Telegram polling or
its webhook registration, reminders, the pipeline's rules — run only in the process holding the "duties" lease;
when it stops, another takes them over.
"""

import asyncio
import logging
from contextlib import suppress
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from backend import leases
from backend.config import Settings
from backend.database import run_in_transaction
from backend.documents.storage import DocumentStorage
from backend.duties import DutyParts, registered
from backend.followups.handlers import handlers
from backend.followups.runner import FollowUpRunner
from backend.periodic import Periodic
from bot.runtime import ChannelRuntime
from bot.telegram.polling import TelegramPoller
from bot.worker import ChannelWorker

logger = logging.getLogger(__name__)

DUTIES = "duties"


class Background:
    """Starts and stops the background work of one process."""

    def __init__(
        self,
        *,
        settings: Settings,
        sessions: sessionmaker[Session],
        runtime: ChannelRuntime,
        poll_seconds: float,
        renew_seconds: float = leases.RENEW_SECONDS,
    ) -> None:
        self._settings = settings
        self._renew_seconds = renew_seconds
        self._sessions = sessions
        self._runtime = runtime
        self.holder = leases.process_identity()
        self.worker = ChannelWorker(
            session_factory=sessions,
            gateway=runtime.gateway,
            channels=runtime.channels,
            deliveries=runtime.deliveries,
            wakeup=runtime.wakeup,
            settled=runtime.answer_waits.settled,
            promise=runtime.answer_waits.promise,
            storage=DocumentStorage(Path(settings.DOCUMENTS_DIR)),
            speech=runtime.speech,
            retry_base_seconds=settings.SEND_RETRY_BASE_SECONDS,
            max_attempts=settings.SEND_MAX_ATTEMPTS,
            poll_seconds=poll_seconds,
            holder=self.holder,
        )
        self.follow_ups = FollowUpRunner(
            sessions=sessions,
            handlers=handlers(
                sessions=sessions, settings=settings, outbox=runtime.outbox, assistant=runtime.gateway.rasa
            ),
            retry_base_seconds=settings.SEND_RETRY_BASE_SECONDS,
            max_attempts=settings.SEND_MAX_ATTEMPTS,
            poll_seconds=poll_seconds,
        )
        self._duties: list[Periodic | TelegramPoller] = []
        self._duties_task: asyncio.Task[None] | None = None

    @property
    def has_duties(self) -> bool:
        return bool(self._duties)

    async def start(self) -> None:
        self.worker.start()
        self.follow_ups.start()
        await self._take_duties_if_free()
        self._duties_task = asyncio.create_task(self._watch_duties(), name="duties")

    async def stop(self) -> None:
        if self._duties_task is not None:
            self._duties_task.cancel()
            with suppress(asyncio.CancelledError):
                await self._duties_task
        await self._stop_duties()
        await self.follow_ups.stop()
        await self.worker.stop()
        try:
            await run_in_transaction(self._sessions, lambda db: leases.release(db, [DUTIES], holder=self.holder))
        except Exception:
            logger.warning("Could not give the duties back; another process takes them when they expire", exc_info=True)

    async def _watch_duties(self) -> None:
        """Renew the duties lease, or take the duties over when their holder stopped."""
        while True:
            await asyncio.sleep(self._renew_seconds)
            try:
                await self._take_duties_if_free()
            except Exception:
                logger.exception("Could not renew the background duties' lease")

    async def _take_duties_if_free(self) -> None:
        held = await run_in_transaction(self._sessions, lambda db: leases.acquire(db, [DUTIES], holder=self.holder))
        if held and not self._duties:
            await self._start_duties()
        elif not held and self._duties:
            logger.warning("Another process holds the background duties now; stopping them here")
            await self._stop_duties()

    async def _start_duties(self) -> None:
        settings = self._settings
        parts = DutyParts(settings, self._sessions, self._runtime.outbox, self._runtime.gateway.rasa)
        self._duties = [make(parts) for make in registered()]  # each feature's, from its `scheduled.py`
        telegram = self._runtime.telegram
        if telegram is not None and settings.TELEGRAM_MODE == "polling":
            self._duties.append(TelegramPoller(self._runtime, telegram.bot))
        for duty in self._duties:
            duty.start()
        if telegram is not None and settings.TELEGRAM_MODE == "webhook" and settings.TELEGRAM_WEBHOOK_URL:
            await register_telegram_webhook(self._runtime, settings)
        logger.info("This process does the background duties (%s)", self.holder)

    async def _stop_duties(self) -> None:
        duties, self._duties = self._duties, []
        for duty in duties:
            await duty.stop()


async def register_telegram_webhook(runtime: ChannelRuntime, settings: Settings) -> None:
    """Tell Telegram where to push updates, with the secret it must send back."""
    assert runtime.telegram is not None
    try:
        await runtime.telegram.bot.set_webhook(
            url=settings.TELEGRAM_WEBHOOK_URL,
            secret_token=settings.TELEGRAM_WEBHOOK_SECRET,
            allowed_updates=["message", "callback_query"],
        )
    except Exception:
        logger.exception("Could not register the Telegram webhook; updates will not arrive until it is set")
