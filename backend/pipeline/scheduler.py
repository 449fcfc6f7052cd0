"""Runs the follow-up rules every few seconds inside the backend. Everything it needs is in the database, so it
picks up where it was after a restart."""

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from backend.database import transaction, utcnow
from backend.pipeline import sla
from backend.pipeline.rules import PipelineRules
from bot.worker import ChannelWorker

logger = logging.getLogger(__name__)


class PipelineScheduler:
    """Sweeps the pipeline every `interval` seconds; `clock` tells the time (a test sets it)."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        worker: ChannelWorker | None,
        rules: PipelineRules,
        interval: float,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions, self._worker, self._rules = sessions, worker, rules
        self._interval, self._clock = interval, clock
        self._task: asyncio.Task[None] | None = None

    def tick(self, now: datetime | None = None) -> sla.SweepResult:
        """One sweep, committed as one transaction."""
        with transaction(self._sessions) as db:
            result = sla.sweep(db=db, now=now or self._clock(), rules=self._rules, worker=self._worker)
        if result.lost and self._worker is not None:
            self._worker.wake()
        return result

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="pipeline-scheduler")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                self.tick()
            except Exception:
                logger.exception("Could not sweep the sales pipeline")
            await asyncio.sleep(self._interval)
