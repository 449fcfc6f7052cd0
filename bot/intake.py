"""What the messaging webhooks receive, kept before they answer.

A webhook must answer fast (Meta retries, then disables a webhook that keeps failing) but only once what it
received is safe (web chat messages are kept the same way). The deliveries of all the calls arriving together
are written in one short transaction that goes before other writers (`KeptDeliveries`: beside an SQLite
database, in a file of their own); the channel worker then takes them into their conversations
(`bot.inbox.take_in`), each message once however often it was delivered.
"""

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from anyio import CapacityLimiter
from sqlalchemy import Engine, delete, insert, make_url, select
from sqlalchemy.orm import Session, sessionmaker

from backend.conversations.messages import InboundMessage
from backend.conversations.models import Delivery
from backend.database import make_engine, make_session_factory, run_in_transaction, transaction

WAKE_WITHIN_SECONDS = 0.05  # how long a stream of deliveries may hold back the news of those written


@dataclass
class KeptDeliveries:
    """Where deliveries wait for the worker.

    An SQLite database keeps them in a file of its own beside it: SQLite lets one writer at a time into a file,
    so there a webhook's write never waits behind the worker's transactions. Any other database keeps them itself.
    """

    sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session]
    engine: Engine | None = None  # opened for them, closed with them; None when they share the database's

    @classmethod
    def beside(cls, database_url: str, sessions: sessionmaker[Session]) -> "KeptDeliveries":
        """The deliveries of the database at `database_url` (at the newest schema), whose sessions are `sessions`."""
        url = make_url(database_url)
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            return cls(sessions, make_session_factory(sessions.kw["bind"], read_only=True))
        path = Path(url.database)
        engine = make_engine(url.set(database=str(path.with_name(f"{path.stem}-intake{path.suffix}"))))
        Delivery.metadata.create_all(engine, tables=[Delivery.__table__])
        kept = cls(make_session_factory(engine), make_session_factory(engine, read_only=True), engine)
        kept._move_from(sessions)
        return kept

    def oldest(self, limit: int) -> Sequence[Delivery]:
        """The `limit` deliveries kept longest."""
        with self.read_sessions() as store:
            return store.scalars(select(Delivery).order_by(Delivery.id).limit(limit)).all()

    def forget(self, ids: list[int]) -> None:
        """Forget deliveries that were taken in."""
        with transaction(self.sessions) as store:
            store.execute(delete(Delivery).where(Delivery.id.in_(ids)))

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()

    def _move_from(self, sessions: sessionmaker[Session]) -> None:
        """Deliveries an earlier release kept in the database itself, moved here (taking one in twice is harmless)."""
        with transaction(sessions) as db:
            left = db.scalars(select(Delivery).order_by(Delivery.id)).all()
            if not left:
                return
            with transaction(self.sessions) as store:
                store.add_all(
                    Delivery(channel=d.channel, messages=d.messages, statuses=d.statuses, received_at=d.received_at)
                    for d in left
                )
            for delivery in left:
                db.delete(delivery)


def _insert(db: Session, rows: list[dict[str, Any]]) -> None:
    """Write deliveries in one statement (plain rows: nothing reads them back here)."""
    db.execute(insert(Delivery), rows)


class Intake:
    """Keeps deliveries: each caller waits until its own is written, together with everyone else's waiting."""

    def __init__(self, deliveries: KeptDeliveries, *, kept: Callable[[], None]) -> None:
        self._sessions = deliveries.sessions
        self._kept = kept  # told once deliveries are written (wakes this process's worker)
        self._waiting: list[tuple[dict[str, Any], asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._thread: CapacityLimiter | None = None

    async def keep(
        self, channel: str, messages: list[InboundMessage], statuses: list[dict[str, str | None]] | None = None
    ) -> None:
        """Return once the delivery is written (raises if it could not be)."""
        if not messages and not statuses:
            return
        delivery = {
            "channel": channel,
            "messages": [message.model_dump(mode="json", exclude_none=True) for message in messages],
            "statuses": statuses or [],
        }
        written = asyncio.get_running_loop().create_future()
        self._waiting.append((delivery, written))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_waiting(), name="intake")
        await asyncio.shield(written)

    async def _write_waiting(self) -> None:
        """Write what waits, batch after batch, and then wake the worker: once the intake has caught up, or has
        held the news back for `WAKE_WITHIN_SECONDS`. Woken by a burst's first delivery, the worker would start
        on it in this process while the rest of the burst still waits to be written and answered."""
        self._thread = self._thread or CapacityLimiter(1)
        loop = asyncio.get_running_loop()
        unannounced_since: float | None = None
        while self._waiting:
            batch, self._waiting = self._waiting, []
            rows = [delivery for delivery, _ in batch]
            try:
                await run_in_transaction(self._sessions, partial(_insert, rows=rows), limiter=self._thread, urgent=True)
            except Exception as error:  # every caller of this batch answers with an error; the platform retries
                for _, written in batch:
                    written.set_exception(error)
                continue
            for _, written in batch:
                written.set_result(None)
            if unannounced_since is None:
                unannounced_since = loop.time()
            if loop.time() - unannounced_since >= WAKE_WITHIN_SECONDS:
                self._kept()
                unannounced_since = None
        if unannounced_since is not None:
            self._kept()
