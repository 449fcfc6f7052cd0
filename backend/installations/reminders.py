"""The day-before reminder: a loop in the backend that tells each customer once, even across restarts."""

import asyncio
import logging
from contextlib import suppress
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from backend.database import from_db, transaction, utcnow
from backend.installations import notices
from backend.installations import service as installation_service
from backend.installations.models import Visit
from backend.installations.service import SchedulingRules
from backend.installations.wording import window
from backend.orders.models import Order
from bot.worker import ChannelWorker

logger = logging.getLogger(__name__)


def send_due_reminders(
    *, sessions: sessionmaker[Session], worker: ChannelWorker, rules: SchedulingRules, now: datetime
) -> int:
    """Queue the reminder of every visit of tomorrow not reminded yet; how many went out."""
    sent = 0
    with transaction(sessions) as db:
        for visit in installation_service.due_reminders(db=db, now=now, rules=rules):
            claimed = db.execute(
                update(Visit)
                .where(Visit.id == visit.id, Visit.reminder_sent_at.is_(None))
                .values(reminder_sent_at=now.replace(tzinfo=None))
            ).rowcount
            if not claimed:  # another backend process reminded it a moment ago
                continue
            text = notices.reminder(window(from_db(visit.starts_at, rules.zone), from_db(visit.ends_at, rules.zone)))
            sent += notices.tell_customer(db=db, worker=worker, order=db.get_one(Order, visit.order_id), text=text)
    if sent:
        worker.wake()
    return sent


class ReminderLoop:
    """Looks for visits to remind every `interval` seconds."""

    def __init__(
        self, *, sessions: sessionmaker[Session], worker: ChannelWorker, rules: SchedulingRules, interval: float
    ) -> None:
        self._sessions, self._worker, self._rules, self._interval = sessions, worker, rules, interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="visit-reminders")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                send_due_reminders(sessions=self._sessions, worker=self._worker, rules=self._rules, now=utcnow())
            except Exception:
                logger.exception("Could not send visit reminders")
            await asyncio.sleep(self._interval)
