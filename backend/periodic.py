"""A job the backend repeats every few seconds while it runs (reminders, the pipeline's rules)."""

import asyncio
import logging
from contextlib import suppress

from starlette.concurrency import run_in_threadpool

logger = logging.getLogger(__name__)


class Periodic:
    """Calls `run_once` every `interval` seconds; a failure is logged and the next round comes anyway."""

    name = "periodic"

    def __init__(self, interval: float) -> None:
        self._interval = interval
        self._task: asyncio.Task[None] | None = None

    def run_once(self) -> object:
        """One round; blocking work is fine here, it runs on a worker thread."""
        raise NotImplementedError

    async def tick(self) -> None:
        """One round on the event loop: `run_once` on a worker thread, unless a job does its round itself."""
        await run_in_threadpool(self.run_once)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:
                logger.exception("%s failed; trying again in %s s", self.name, self._interval)
            await asyncio.sleep(self._interval)
