"""Does the follow-ups that are due, in any number of worker processes (each claims its own), with back-off."""

import logging

from anyio import CapacityLimiter
from sqlalchemy.orm import Session, sessionmaker

from backend.database import run_in_transaction
from backend.followups import service
from backend.followups.handlers import Handler, Retry
from backend.periodic import Periodic

logger = logging.getLogger(__name__)

BATCH = 10
MAX_DELAY_SECONDS = 600.0


class FollowUpRunner(Periodic):
    """Looks for due follow-ups every `poll_seconds`."""

    name = "follow-ups"

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        handlers: dict[str, Handler],
        retry_base_seconds: float,
        max_attempts: int,
        poll_seconds: float,
    ) -> None:
        super().__init__(poll_seconds)
        self._sessions = sessions
        self._handlers = handlers
        self._retry_base = retry_base_seconds
        self._max_attempts = max_attempts
        self._threads = CapacityLimiter(2)

    async def tick(self) -> None:
        while await self.run_due() == BATCH:
            pass

    async def run_due(self) -> int:
        """Do the follow-ups due now (one batch); how many were taken."""
        claimed = await run_in_transaction(
            self._sessions,
            lambda db: [(f.id, f.kind, f.payload, f.attempts) for f in service.claim_due(db, limit=BATCH)],
            limiter=self._threads,
        )
        for follow_up_id, kind, payload, attempts in claimed:
            error, retry_in = await self._do(kind, payload, attempts)
            await run_in_transaction(
                self._sessions,
                lambda db, i=follow_up_id, e=error, r=retry_in: service.settle(db, i, error=e, retry_in=r),
                limiter=self._threads,
            )
        return len(claimed)

    async def _do(self, kind: str, payload: dict, attempts: int) -> tuple[str | None, float | None]:
        """(error, retry in seconds): (None, None) when done."""
        handler = self._handlers.get(kind)
        if handler is None:
            return f"No handler for follow-up {kind!r}", None
        try:
            await handler(payload)
        except Retry as reason:
            error, transient = str(reason), True
        except Exception as failure:  # a bug or bad data: kept, with its reason, for staff
            logger.exception("Follow-up %s %s failed", kind, payload)
            error, transient = f"{type(failure).__name__}: {failure}", False
        else:
            return None, None
        if transient and attempts + 1 < self._max_attempts:
            delay = min(self._retry_base * 2**attempts, MAX_DELAY_SECONDS)
            logger.warning("Follow-up %s %s: %s; trying again in %.1fs", kind, payload, error, delay)
            return error, delay
        logger.error("Follow-up %s %s given up: %s", kind, payload, error)
        return error, None
