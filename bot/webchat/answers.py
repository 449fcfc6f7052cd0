"""A web chat request waits for the worker's answer to its message, like a customer waiting at the counter.

The message is kept as any webhook delivery is; the worker answers it in its conversation's order. This
process's worker hands the answer to a request that waits for it here, taking the replies from the queue in the
transaction that records them. Otherwise the request reads the answer back by the message's id: when the worker
tells it the message is settled, and at each look (the worker may run in another process). Until the request
gives up waiting, the replies to its message are its own: the event stream leaves them alone.
"""

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.conversations import queue as message_queue
from backend.conversations import service as conversation_service
from backend.conversations.models import Direction, Message, MessageStatus
from backend.database import to_db, utcnow
from bot.channels import button_ref

CHANNEL = "webchat"
LOOK_SECONDS = 0.5  # how often a request looks for an answer that another process's worker may have recorded
LOOK_SECONDS_WITH_OWN_WORKER = 5.0  # this process's worker tells its requests; they look now and then anyway

Replies = list[tuple[int, dict]]  # an answer's replies, by message id and content


@dataclass(eq=False)
class AnswerWait:
    """A request of this process waiting for the answer to its message."""

    told: asyncio.Event = field(default_factory=asyncio.Event)  # set when there is something to look at
    looking: bool = False  # reading the queue for its answer: the worker leaves the replies there
    promised: asyncio.Future[Replies | None] | None = None  # what the worker hands over (None: left in the queue)
    let_down: bool = False  # a promise was not kept: replies taken for it may be in the queue as sent

    async def answer(
        self, taken: Callable[[bool], Awaitable[tuple[Replies, bool] | None]]
    ) -> tuple[Replies, bool] | None:
        """The answer the worker handed over, else what `taken` reads from the queue (also the replies taken
        before, after a promise not kept): the replies, and whether they are the whole answer (None: not settled
        yet)."""
        if self.promised is not None:
            if (handed := await self.promised) is not None:
                return handed, True
            self.promised, self.let_down = None, True
        self.looking = True
        try:
            return await taken(self.let_down)
        finally:
            self.looking = False


class AnswerWaits:
    """The requests of this process waiting for the answer to a message, by the message's delivery id."""

    def __init__(self) -> None:
        self._waiting: dict[str, set[AnswerWait]] = {}

    @contextmanager
    def watch(self, delivery_id: str) -> Iterator[AnswerWait]:
        """Wait for the answer to the message until the block ends."""
        wait = AnswerWait()
        self._waiting.setdefault(delivery_id, set()).add(wait)
        try:
            yield wait
        finally:
            waits = self._waiting.get(delivery_id, set())
            waits.discard(wait)
            if not waits:
                self._waiting.pop(delivery_id, None)

    def settled(self, delivery_id: str | None) -> None:
        """The worker recorded what happened to the message (on the loop the requests run on)."""
        for wait in self._waiting.get(delivery_id or "", ()):
            wait.told.set()

    def promise(self, delivery_id: str | None) -> asyncio.Future[Replies | None] | None:
        """Promise the answer to the message to a request waiting for it here and not reading the queue (None
        when there is none): the worker takes the replies from the queue as it records them, and hands them
        over with the future; or None, and they stay in the queue. Once promised, the request waits for it."""
        for wait in self._waiting.get(delivery_id or "", ()):
            if not wait.looking and wait.promised is None:
                wait.promised = asyncio.get_running_loop().create_future()
                wait.told.set()
                return wait.promised
        return None


async def wait_for(event: asyncio.Event, seconds: float) -> None:
    """Until `event` is set or `seconds` passed; the event is cleared for the next wait."""
    with suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), max(seconds, 0))
    event.clear()


def settled(db: Session, *, delivery_id: str) -> Message | None:
    """The message, once the worker settled it: answered, or waiting for the assistant (it is then the worker's
    to answer later, on the event stream); None before."""
    inbound = conversation_service.find_by_external_id(db=db, channel=CHANNEL, external_id=delivery_id)
    if inbound is None:
        return None
    if inbound.conversation.is_taken_over:  # the executive reads it in the transcript; the assistant says nothing
        return inbound
    if inbound.status == MessageStatus.PROCESSING:
        return None
    if inbound.status == MessageStatus.RECEIVED and not inbound.attempts and not waits_behind_a_postponed(inbound, db):
        return None
    return inbound


def take_answer(db: Session, *, delivery_id: str, again: bool) -> tuple[Replies, bool] | None:
    """What was said back to the message once the worker settled it (None before), taken from the queue, and
    whether it is the whole answer (not while the message waits for the assistant; always while an executive holds
    the conversation). Only what this request took, unless the message was sent `again`: then everything said
    back to it (the first request's response was lost)."""
    inbound = settled(db, delivery_id=delivery_id)
    if inbound is None:
        return None
    taken = taken_from_queue(db, conversation_service.replies_to(db=db, message=inbound), everything=again)
    answering = inbound.status in (MessageStatus.RECEIVED, MessageStatus.PROCESSING)
    return taken, not answering or inbound.conversation.is_taken_over


def taken_from_queue(db: Session, replies: list[Message], *, everything: bool = False) -> Replies:
    """The replies this caller takes from the queue to show (the worker's hand-over and a request's own reading);
    with `everything`, also those taken before."""
    return [
        (reply.id, reply.content)
        for reply in replies
        if message_queue.claim(db=db, message_id=reply.id, expected=MessageStatus.PENDING, to=MessageStatus.SENT)
        or (everything and reply.status != MessageStatus.PENDING)
    ]


def waits_behind_a_postponed(inbound: Message, db: Session) -> bool:
    """Whether an earlier message of the conversation waits for the assistant to be back (this one then waits
    behind it, and is answered on the event stream)."""
    earlier = select(Message.id).where(
        Message.conversation_pk == inbound.conversation_pk,
        Message.direction == Direction.INBOUND,
        Message.id < inbound.id,
        Message.status == MessageStatus.RECEIVED,
        Message.attempts > 0,
    )
    return db.scalar(earlier.limit(1)) is not None


def awaited_since(wait_seconds: float, now: datetime | None = None) -> datetime:
    """Replies to messages received after this may still be awaited by their request (with a margin)."""
    return to_db((now or utcnow()) - timedelta(seconds=wait_seconds + 2))


def shown(content: dict, message_id: int | None = None) -> dict:
    """What the page gets of a stored message: its text, and its buttons by title and reference (what a button
    stands for stays on the server, so a customer can only press what was offered)."""
    buttons = content.get("buttons") or []
    assert message_id is not None or not buttons
    file = content.get("file")
    return {
        "text": content.get("text") or "",
        "buttons": [{"title": b["title"], "ref": f"{button_ref(message_id or 0)}:{i}"} for i, b in enumerate(buttons)],
        **({"sender": content["sender"]} if content.get("sender") else {}),
        **({"file": {k: file[k] for k in ("url", "filename", "mime_type")}} if file else {}),
    }
