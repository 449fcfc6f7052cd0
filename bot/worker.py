"""Handles stored customer messages of the messaging apps and delivers the replies.

Webhooks only store what arrives (and answer at once); this worker, running inside the backend, takes
each conversation's messages in order, asks the assistant, stores the replies and sends them one by
one, retrying passing failures with back-off. Everything it does is recorded first, so a restart
takes up the work where it stopped.
"""

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import TypeVar

from anyio import CapacityLimiter
from sqlalchemy.orm import Session, sessionmaker

from backend.conversations import service as conversation_service
from backend.conversations.models import Conversation, Message, MessageStatus
from backend.database import run_in_transaction, transaction
from backend.documents import service as document_service
from backend.documents.storage import DocumentStorage, RejectedFile
from bot.channels import Channel, SendFailed, button_ref, parse_button_ref
from bot.gateway import UNAVAILABLE_REPLY, Answer, Gateway
from bot.inbox import record_replies, take_in
from bot.messages import InboundMessage, OutboundMessage

logger = logging.getLogger(__name__)

MAX_RETRY_DELAY = 600.0
TAKE_IN_BATCH = 5  # deliveries taken into their conversations per transaction: short ones, webhooks wait
WORKER_THREADS = 4  # database work of the worker at once; SQLite has one writer anyway
T = TypeVar("T")


def file_problem_reply(reason: str) -> OutboundMessage:
    return OutboundMessage(text=f"No pude recibir tu archivo 😕 {reason} ¿Me lo envías de nuevo, por favor?")


class ChannelWorker:
    """Works through every conversation of the messaging channels, each in order, all at once."""

    def __init__(
        self,
        *,
        session_factory: sessionmaker[Session],
        gateway: Gateway,
        channels: dict[str, Channel],
        storage: DocumentStorage,
        retry_base_seconds: float = 2.0,
        max_attempts: int = 10,
        poll_seconds: float = 1.0,
    ) -> None:
        self._sessions = session_factory
        self._gateway = gateway
        self._channels = channels
        self._storage = storage
        self._retry_base = retry_base_seconds
        self._max_attempts = max_attempts
        self._poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._threads: CapacityLimiter | None = None
        self._busy: dict[int, asyncio.Task[None]] = {}
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Take up interrupted work and start watching for more (before the backend serves requests)."""
        with transaction(self._sessions) as db:
            conversation_service.recover_interrupted(db=db, channels=list(self._channels))
        self._loop = asyncio.get_running_loop()
        self._threads = CapacityLimiter(WORKER_THREADS)
        self._task = asyncio.create_task(self._run(), name="channel-worker")

    async def stop(self) -> None:
        """Stop watching; work in flight is abandoned and taken up again after the next start."""
        tasks = [task for task in (self._task, *self._busy.values()) if task is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with suppress(asyncio.CancelledError):
                await task

    def queue(self, *, db: Session, conversation: Conversation, messages: list[OutboundMessage]) -> list[Message]:
        """Queue assistant messages that answer no particular customer message (e.g. after a handback)."""
        channel = self._channels.get(conversation.channel)
        fitted = [part for message in messages for part in (channel.fit(message) if channel else [message])]
        return [
            conversation_service.record_outbound(
                db=db, conversation=conversation, text=part.text, content=part.model_dump(mode="json")
            )
            for part in fitted
        ]

    async def _in_transaction(self, work: Callable[[Session], T]) -> T:
        """`work(db)` in a transaction on one of the worker's own threads (requests keep theirs)."""
        return await run_in_transaction(self._sessions, work, limiter=self._threads)

    def wake(self) -> None:
        """Something new was stored: look now rather than at the next poll. Safe to call from any thread."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake.set)

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self._start_due_conversations()
            except Exception:
                logger.exception("Could not look for channel work")
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll_seconds)

    async def _start_due_conversations(self) -> None:
        if not self._channels:
            return
        channels = list(self._channels)
        while await self._in_transaction(partial(take_in, limit=TAKE_IN_BATCH)) == TAKE_IN_BATCH:
            pass
        due = await self._in_transaction(
            lambda db: conversation_service.conversations_with_work(db=db, channels=channels)
        )
        for conversation_pk in due:
            if conversation_pk not in self._busy:
                task = asyncio.create_task(self._work_on(conversation_pk))
                self._busy[conversation_pk] = task
                task.add_done_callback(lambda _task, pk=conversation_pk: self._busy.pop(pk, None))

    async def _work_on(self, conversation_pk: int) -> None:
        """Answer the conversation's messages one by one, sending each answer before the next message."""
        try:
            while True:
                handled = await self._handle_next(conversation_pk)
                while await self._deliver_next(conversation_pk):
                    pass
                if not handled:
                    return
        except Exception:
            logger.exception("Conversation %s stopped with an error; it is retried at the next poll", conversation_pk)

    # Inbound -----------------------------------------------------------------------------------

    async def _handle_next(self, conversation_pk: int) -> bool:
        claimed = await self._in_transaction(lambda db: self._claim_next_inbound(db, conversation_pk))
        if claimed is None:
            return False
        row_id, inbound, taken_over = claimed
        channel = self._channels[inbound.channel]
        try:
            await channel.acknowledge(inbound)
        except Exception:
            logger.warning("Could not acknowledge message %s on %s", row_id, inbound.channel, exc_info=True)
        try:
            answer = await self._answer(row_id, inbound, channel, taken_over=taken_over)
        except Exception:  # the customer still hears from us; the message stays marked failed for staff
            logger.exception("Could not answer message %s", row_id)
            answer = Answer([UNAVAILABLE_REPLY], answered=False)
        fitted = replace(answer, replies=[part for reply in answer.replies for part in channel.fit(reply)])
        await self._in_transaction(lambda db: record_replies(db=db, inbound_id=row_id, answer=fitted))
        return True

    @staticmethod
    def _claim_next_inbound(db: Session, conversation_pk: int) -> tuple[int, InboundMessage, bool] | None:
        """The conversation's oldest unhandled message, now marked as being handled, and whether an executive
        holds the conversation (None if there is no message)."""
        row = conversation_service.next_inbound(db=db, conversation_pk=conversation_pk)
        if row is None or not conversation_service.claim(
            db=db, message_id=row.id, expected=MessageStatus.RECEIVED, to=MessageStatus.PROCESSING
        ):
            return None
        inbound = InboundMessage.model_validate(row.content)
        inbound.phone = inbound.phone or row.conversation.phone
        return row.id, inbound, row.conversation.is_taken_over

    async def _answer(self, row_id: int, inbound: InboundMessage, channel: Channel, *, taken_over: bool) -> Answer:
        if inbound.pressed is not None:
            inbound.text = await self._in_transaction(lambda db: self._payload_of(db, inbound))
        if inbound.attachment is not None:
            problem = await self._keep_attachment(row_id, inbound, channel)
            if problem is not None:
                return Answer([file_problem_reply(problem)])
        return await self._gateway.handle(inbound, taken_over=taken_over)

    @staticmethod
    def _payload_of(db: Session, inbound: InboundMessage) -> str:
        """What a pressed button stands for; its title when the button is not one of ours."""
        assert inbound.pressed is not None
        ref = parse_button_ref(inbound.pressed.ref)
        if ref is not None:
            sent = db.get(Message, ref[0])
            buttons = (sent.content.get("buttons") or []) if sent else []
            if sent and sent.channel == inbound.channel and ref[1] < len(buttons):
                return str(buttons[ref[1]]["payload"])
        return inbound.pressed.title or inbound.text or ""

    async def _keep_attachment(self, row_id: int, inbound: InboundMessage, channel: Channel) -> str | None:
        """Download and store the file; the reason, in Spanish, when it cannot be kept."""
        assert inbound.attachment is not None
        try:
            data, content_type = await channel.download(inbound.attachment)
        except SendFailed as failure:
            logger.error("Could not download %s: %s", inbound.attachment.media_id, failure)
            return "Hubo un problema al descargarlo."
        attachment = inbound.attachment

        def store(db: Session) -> None:
            row = db.get_one(Message, row_id)
            document = document_service.store(
                db=db,
                storage=self._storage,
                conversation_pk=row.conversation_pk,
                data=data,
                content_type=content_type,
                filename=attachment.filename,
                caption=attachment.caption,
            )
            row.document_id = document.id

        try:
            await self._in_transaction(store)
        except RejectedFile as rejection:
            return str(rejection)
        return None

    # Outbound ----------------------------------------------------------------------------------

    async def _deliver_next(self, conversation_pk: int) -> bool:
        claimed = await self._in_transaction(lambda db: self._claim_next_outbound(db, conversation_pk))
        if claimed is None:
            return False
        row_id, channel, user_id, message = claimed
        try:
            external_id = await self._channels[channel].send(user_id, message, ref=button_ref(row_id))
        except SendFailed as failure:
            await self._in_transaction(partial(self._record_failure, row_id=row_id, failure=failure))
            return False
        await self._in_transaction(
            lambda db: conversation_service.mark_sent(
                db=db, message=db.get_one(Message, row_id), external_id=external_id
            ),
        )
        return True

    @staticmethod
    def _claim_next_outbound(db: Session, conversation_pk: int) -> tuple[int, str, str, OutboundMessage] | None:
        """The conversation's next reply due, now marked as being sent: its id, channel, recipient and content."""
        row = conversation_service.next_due_outbound(db=db, conversation_pk=conversation_pk)
        if row is None or not conversation_service.claim(
            db=db, message_id=row.id, expected=MessageStatus.PENDING, to=MessageStatus.SENDING
        ):
            return None
        return row.id, row.channel, row.conversation.user_id, OutboundMessage.model_validate(row.content)

    def _record_failure(self, db: Session, *, row_id: int, failure: SendFailed) -> None:
        row = db.get_one(Message, row_id)
        if failure.transient and row.attempts + 1 < self._max_attempts:
            delay = min(max(failure.retry_after or 0, self._retry_base * 2**row.attempts), MAX_RETRY_DELAY)
            logger.warning("Send of message %s failed (%s); retrying in %.1fs", row_id, failure, delay)
            conversation_service.schedule_retry(db=db, message=row, error=str(failure), delay=timedelta(seconds=delay))
        else:
            logger.error("Message %s could not be delivered: %s", row_id, failure)
            row.attempts += 1
            conversation_service.mark_failed(db=db, message=row, error=str(failure))
