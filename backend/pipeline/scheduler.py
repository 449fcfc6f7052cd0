"""Runs the follow-up rules every few seconds inside the backend. Everything it needs is in the database, so it
picks up where it was after a restart."""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from backend.conversations.outbox import Outbox
from backend.database import transaction, utcnow
from backend.periodic import Periodic
from backend.pipeline import sla
from backend.pipeline.rules import PipelineRules


class PipelineScheduler(Periodic):
    """Sweeps the pipeline every `interval` seconds; `clock` tells the time (a test sets it)."""

    name = "pipeline-scheduler"

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        outbox: Outbox | None,
        rules: PipelineRules,
        interval: float,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(interval)
        self._sessions, self._outbox, self._rules, self._clock = sessions, outbox, rules, clock

    def sweep(self, now: datetime | None = None) -> sla.SweepResult:
        """One sweep, committed as one transaction."""
        with transaction(self._sessions) as db:
            return sla.sweep(db=db, now=now or self._clock(), rules=self._rules, outbox=self._outbox)

    def run_once(self) -> sla.SweepResult:
        return self.sweep()
