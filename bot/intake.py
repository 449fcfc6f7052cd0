"""What the messaging webhooks receive, kept before they answer.

A webhook must answer fast (Meta retries, then disables a webhook that keeps failing) but only once what it
received is safe (web chat messages are kept the same way). The deliveries of all the calls arriving together
are written in one short transaction that goes before other writers; the channel worker then takes them into
their conversations (`bot.inbox.take_in`), each message once however often it was delivered.
"""

import asyncio
from collections.abc import Callable
from functools import partial

from anyio import CapacityLimiter
from sqlalchemy.orm import Session, sessionmaker

from backend.conversations.messages import InboundMessage
from backend.conversations.models import Delivery
from backend.database import run_in_transaction


class Intake:
    """Keeps deliveries: each caller waits until its own is written, together with everyone else's waiting."""

    def __init__(self, sessions: sessionmaker[Session], *, kept: Callable[[], None]) -> None:
        self._sessions = sessions
        self._kept = kept  # told once a batch is written (wakes this process's worker)
        self._waiting: list[tuple[Delivery, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._thread: CapacityLimiter | None = None

    async def keep(
        self, channel: str, messages: list[InboundMessage], statuses: list[dict[str, str | None]] | None = None
    ) -> None:
        """Return once the delivery is written (raises if it could not be)."""
        if not messages and not statuses:
            return
        delivery = Delivery(
            channel=channel,
            messages=[message.model_dump(mode="json", exclude_none=True) for message in messages],
            statuses=statuses or [],
        )
        written = asyncio.get_running_loop().create_future()
        self._waiting.append((delivery, written))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_waiting(), name="intake")
        await asyncio.shield(written)

    async def _write_waiting(self) -> None:
        self._thread = self._thread or CapacityLimiter(1)
        while self._waiting:
            batch, self._waiting = self._waiting, []
            deliveries = [delivery for delivery, _ in batch]
            try:
                await run_in_transaction(
                    self._sessions, partial(Session.add_all, instances=deliveries), limiter=self._thread, urgent=True
                )
            except Exception as error:  # every caller of this batch answers with an error; the platform retries
                for _, written in batch:
                    written.set_exception(error)
            else:
                self._kept()
                for _, written in batch:
                    written.set_result(None)
