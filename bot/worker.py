"""Handles stored customer messages of the messaging apps and delivers the replies.

Webhooks only store what arrives (and answer at once); this worker takes each conversation's messages in
order, asks the assistant, stores the replies and sends them one by one, retrying passing failures with
back-off. Any number of workers, in any number of processes, share the work: a worker holds a conversation's
lease while it works on it, so each conversation is worked on by one worker at a time, in order. Everything
is recorded first, so the work of a worker that stops is taken up where it stopped once its leases expire.
"""

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from anyio import CapacityLimiter
from sqlalchemy.orm import Session, sessionmaker

from backend import leases
from backend.conversations import queue as message_queue
from backend.conversations import service as conversation_service
from backend.conversations.messages import Attachment, InboundMessage, OutboundMessage
from backend.conversations.models import Message, MessageStatus
from backend.database import run_in_transaction
from backend.documents import service as document_service
from backend.documents.models import UNCLASSIFIED, VOICE_KIND, Document
from backend.documents.storage import DocumentStorage, RejectedFile
from bot.channels import Channel, SendFailed, button_ref
from bot.gateway import Answer, Gateway
from bot.inbox import read_pressed, record_replies, take_in
from bot.intake import KeptDeliveries
from bot.notices import DOWNLOAD_FAILED, UNAVAILABLE_REPLY, WAIT_NOTICE, file_problem_reply
from bot.outbox import ChannelOutbox
from bot.speech import SpeechToText
from bot.wakeup import Wakeup
from bot.webchat.answers import Replies, taken_from_queue

logger = logging.getLogger(__name__)

MAX_RETRY_DELAY = 600.0
TAKE_IN_BATCH = 5  # deliveries taken into their conversations per transaction: short ones, webhooks wait
LEASE_BATCH = 8  # conversations leased (and their first message claimed) per transaction, for the same reason
WORKER_THREADS = 4  # database work of the worker at once; SQLite has one writer anyway
T = TypeVar("T")
Claimed = tuple[int, InboundMessage, bool]  # a customer message being handled: its row, content, taken over
Outgoing = tuple[int, str, str, OutboundMessage, datetime | None]  # a reply being sent (`_claim_next_outbound`)


def lease_name(conversation_pk: int) -> str:
    return f"conversation:{conversation_pk}"


class ChannelWorker:
    """Works through every conversation of the messaging channels, each in order, all at once."""

    def __init__(
        self,
        *,
        session_factory: sessionmaker[Session],
        gateway: Gateway,
        channels: dict[str, Channel],
        deliveries: KeptDeliveries,
        wakeup: Wakeup,
        storage: DocumentStorage,
        speech: SpeechToText | None = None,
        settled: Callable[[str | None], None] = lambda _delivery_id: None,
        promise: Callable[[str | None], asyncio.Future[Replies | None] | None] = lambda _delivery_id: None,
        retry_base_seconds: float = 2.0,
        max_attempts: int = 10,
        poll_seconds: float = 1.0,
        holder: str | None = None,
    ) -> None:
        self._sessions = session_factory
        self._gateway = gateway
        self._channels = channels
        self._deliveries = deliveries
        self._outbox = ChannelOutbox(channels, wake=lambda: None)  # what it queues, it sends itself right after
        self._wakeup = wakeup
        self._settled = settled  # told (on the loop) each time a message is answered or set to wait
        self._promise = promise  # the answer promised to a request waiting for it in this process, if any
        self._storage = storage
        self._speech = speech
        self._retry_base = retry_base_seconds
        self._max_attempts = max_attempts
        self._poll_seconds = poll_seconds
        self._holder = holder or leases.process_identity()
        self._fetched = tuple(name for name, channel in channels.items() if not channel.delivers)
        self._wake = asyncio.Event()
        self._threads: CapacityLimiter | None = None
        self._busy: dict[int, asyncio.Task[None]] = {}
        self._look_again: set[int] = set()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        """Start watching for work, and renewing the leases of the conversations being worked on."""
        self._wake = self._wakeup.bind()
        self._threads = CapacityLimiter(WORKER_THREADS)
        self._tasks = [
            asyncio.create_task(self._run(), name="channel-worker"),
            asyncio.create_task(self._renew_leases(), name="channel-worker-leases"),
        ]

    async def stop(self) -> None:
        """Stop watching and give the leases back: work in flight is taken up again by the next worker."""
        tasks = [*self._tasks, *self._busy.values()]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with suppress(asyncio.CancelledError):
                await task
        self._wakeup.unbind()
        try:
            await self._in_transaction(lambda db: leases.release(db, holder=self._holder))
        except Exception:
            logger.warning("Could not give the conversation leases back; they expire by themselves", exc_info=True)

    async def _in_transaction(self, work: Callable[[Session], T]) -> T:
        """`work(db)` in a transaction on one of the worker's own threads (requests keep theirs)."""
        return await run_in_transaction(self._sessions, work, limiter=self._threads)

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self._start_due_conversations()
            except Exception:
                logger.exception("Could not look for channel work")
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll_seconds)

    async def _renew_leases(self) -> None:
        while True:
            await asyncio.sleep(leases.RENEW_SECONDS)
            try:
                await self._in_transaction(lambda db: leases.renew(db, holder=self._holder))
            except Exception:
                logger.exception("Could not renew the conversation leases")

    async def _start_due_conversations(self) -> None:
        if not self._channels:
            return
        held_elsewhere: set[int] = set()  # found leased by another worker in this round
        while True:
            more, leased, busy = await self._in_transaction(partial(self._take_in_and_lease, skip=held_elsewhere))
            self._look_again |= busy  # a task finishing with them may have missed their new work
            for conversation_pk, claimed in leased.items():
                task = asyncio.create_task(self._work_on(conversation_pk, claimed))
                self._busy[conversation_pk] = task
                task.add_done_callback(lambda _task, pk=conversation_pk: self._done_with(pk))
            if not more:
                return

    def _done_with(self, conversation_pk: int) -> None:
        self._busy.pop(conversation_pk, None)
        if conversation_pk in self._look_again:
            self._look_again.discard(conversation_pk)
            self._wake.set()

    def _take_in_and_lease(self, db: Session, *, skip: set[int]) -> tuple[bool, dict[int, Claimed | None], set[int]]:
        """Take the kept deliveries into their conversations; once all are in, lease the conversations with work
        that no task of this worker holds (nor another worker, as found before: `skip`, added to), claiming the
        first message of each. A batch of either at a time: short transactions, for webhooks wait for them.
        Whether there is more of either to do at once, the conversations leased with their claimed message (None
        when their work is a reply to send), and those with work that a task of this worker holds."""
        if take_in(db, self._deliveries, limit=TAKE_IN_BATCH) == TAKE_IN_BATCH:
            return True, {}, set()
        due = message_queue.conversations_with_work(db=db, channels=list(self._channels), fetched=self._fetched)
        busy = set(self._busy)
        free = [pk for pk in due if pk not in busy and pk not in skip]
        tried = free[:LEASE_BATCH]
        leased = self._lease_conversations(db, pks=tried) if tried else []
        skip.update(set(tried) - set(leased))
        claimed = {pk: self._claim_next_inbound(db, conversation_pk=pk) for pk in leased}
        return len(free) > LEASE_BATCH, claimed, busy.intersection(due)

    def _lease_conversations(self, db: Session, *, pks: list[int]) -> list[int]:
        """The conversations of `pks` this worker now holds; what a stopped worker left under way in them is
        taken up again (no live worker has work under way in a conversation it does not hold)."""
        held = leases.acquire(db, map(lease_name, pks), holder=self._holder)
        taken = [pk for pk in pks if lease_name(pk) in held]
        message_queue.take_up_interrupted(db=db, conversation_pks=taken)
        return taken

    async def _work_on(self, conversation_pk: int, claimed: Claimed | None) -> None:
        """Answer the conversation's messages one by one, from the one `claimed`, sending each answer before the
        next message."""
        given_back = False
        try:
            while claimed is not None:
                claimed, given_back = await self._handle(conversation_pk, *claimed)
            if not given_back:
                await self._deliver_due(conversation_pk)
        except Exception:
            logger.exception("Conversation %s stopped with an error; it is retried at the next poll", conversation_pk)
        if not given_back:
            with suppress(Exception):  # not given back, it expires
                await self._in_transaction(partial(self._give_back, conversation_pk=conversation_pk))

    def _give_back(self, db: Session, *, conversation_pk: int) -> None:
        leases.release(db, [lease_name(conversation_pk)], holder=self._holder)

    # Inbound -----------------------------------------------------------------------------------

    async def _handle(
        self, conversation_pk: int, row_id: int, inbound: InboundMessage, taken_over: bool
    ) -> tuple[Claimed | None, bool]:
        """Answer a claimed message and send the answer: the conversation's next message, claimed (None when there
        is none to handle now), and whether the conversation's lease was given back with it.

        Where customers fetch their replies (web chat), the answer is recorded, the next message claimed and, when
        there is none, the lease given back, in one transaction; with the replies taken from the queue for a
        request of this process that waits for them, and handed over once committed. Where replies are delivered,
        the answer is recorded with its first reply claimed, and each reply sent is recorded with the next one
        claimed."""
        channel = self._channels[inbound.channel]
        try:
            await channel.acknowledge(inbound)
        except Exception:
            logger.warning("Could not acknowledge message %s on %s", row_id, inbound.channel, exc_info=True)
        try:
            answer = await self._answer(row_id, inbound, channel, taken_over=taken_over)
        except Exception as error:
            logger.exception("Could not answer message %s", row_id)
            answer = Answer([UNAVAILABLE_REPLY], answered=False, problem=f"{type(error).__name__}: {error}")
        if answer.answered and not channel.delivers:
            promised = self._promise(inbound.message_id)
            handed: Replies | None = None
            try:
                claimed, given_back, handed = await self._in_transaction(
                    partial(
                        self._record_and_claim_next,
                        conversation_pk=conversation_pk,
                        row_id=row_id,
                        answer=answer,
                        hand_over=promised is not None,
                    )
                )
            finally:
                if promised is not None and not promised.done():
                    promised.set_result(handed)  # None if not recorded: the request reads the queue
            self._settled(inbound.message_id)
            return claimed, given_back
        if answer.answered:
            first = await self._in_transaction(
                partial(self._record_and_claim_reply, conversation_pk=conversation_pk, row_id=row_id, answer=answer)
            )
            self._settled(inbound.message_id)
            await self._deliver(conversation_pk, first)
            return await self._in_transaction(partial(self._claim_next_inbound, conversation_pk=conversation_pk)), False
        go_on = await self._in_transaction(partial(self._wait_or_give_up, row_id=row_id, answer=answer))
        self._settled(inbound.message_id)
        if channel.delivers:
            await self._deliver_due(conversation_pk)
        if not go_on:
            return None, False
        return await self._in_transaction(partial(self._claim_next_inbound, conversation_pk=conversation_pk)), False

    def _record_and_claim_reply(
        self, db: Session, *, conversation_pk: int, row_id: int, answer: Answer
    ) -> Outgoing | None:
        record_replies(db, inbound_id=row_id, answer=answer, outbox=self._outbox)
        return self._claim_next_outbound(db, conversation_pk)

    def _record_and_claim_next(
        self, db: Session, *, conversation_pk: int, row_id: int, answer: Answer, hand_over: bool
    ) -> tuple[Claimed | None, bool, Replies | None]:
        """Also the replies, taken from the queue, when `hand_over` to the request that waits for them."""
        replies = record_replies(db, inbound_id=row_id, answer=answer, outbox=self._outbox)
        handed = taken_from_queue(db, replies) if hand_over else None
        claimed = self._claim_next_inbound(db, conversation_pk=conversation_pk)
        if claimed is None:
            self._give_back(db, conversation_pk=conversation_pk)
        return claimed, claimed is None, handed

    def _wait_or_give_up(self, db: Session, *, row_id: int, answer: Answer) -> bool:
        """The assistant did not answer: the message waits and is tried again later, the customer told once that
        the answer will take a moment; after the last attempt they get the apology and staff a failed message.
        Whether to go on with the conversation's next message (only after giving up)."""
        row = db.get_one(Message, row_id)
        if row.attempts + 1 >= self._max_attempts:
            logger.error("Message %s was not answered after %s attempts: %s", row_id, row.attempts + 1, answer.problem)
            record_replies(db, inbound_id=row_id, answer=answer, outbox=self._outbox)
            return True
        delay = min(self._retry_base * 2**row.attempts, MAX_RETRY_DELAY)
        logger.warning("Message %s waits %.1fs for the assistant: %s", row_id, delay, answer.problem)
        told = row.attempts > 0
        message_queue.postpone(db=db, message=row, error=answer.problem, delay=timedelta(seconds=delay))
        if not told:
            self._outbox.queue(db=db, conversation=row.conversation, messages=[WAIT_NOTICE], reply_to=row)
        return False

    @staticmethod
    def _claim_next_inbound(db: Session, *, conversation_pk: int) -> Claimed | None:
        """The conversation's oldest unhandled message (a pressed button read as what it stands for), now marked
        as being handled, and whether an executive holds the conversation (None if there is no message)."""
        row = message_queue.next_inbound(db=db, conversation_pk=conversation_pk)
        if row is None or not message_queue.claim(
            db=db, message_id=row.id, expected=MessageStatus.RECEIVED, to=MessageStatus.PROCESSING
        ):
            return None
        inbound = InboundMessage.model_validate(row.content)
        inbound.phone = inbound.phone or row.conversation.phone
        if inbound.pressed is not None:
            inbound = read_pressed(db, inbound)
        return row.id, inbound, row.conversation.is_taken_over

    async def _answer(self, row_id: int, inbound: InboundMessage, channel: Channel, *, taken_over: bool) -> Answer:
        try:
            if inbound.attachment is not None:
                await self._keep_file(row_id, inbound.attachment, channel, kind=UNCLASSIFIED)
            if inbound.voice is not None:
                key, content_type = await self._keep_file(row_id, inbound.voice, channel, kind=VOICE_KIND)
                inbound = await self._hear(row_id, inbound, key, content_type)
        except RejectedFile as rejection:
            return Answer([file_problem_reply(str(rejection))])
        return await self._gateway.handle(inbound, taken_over=taken_over)

    async def _keep_file(self, row_id: int, attachment: Attachment, channel: Channel, *, kind: str) -> tuple[str, str]:
        """Download and store the file of message `row_id`, once (a retry finds what an earlier attempt kept); its
        storage key and type. Raises RejectedFile with the reason, in Spanish, when it cannot be kept."""

        def kept_before(db: Session) -> Document | None:
            row = db.get_one(Message, row_id)
            return db.get(Document, row.document_id) if row.document_id is not None else None

        if (kept := await self._in_transaction(kept_before)) is not None:
            return kept.storage_key, kept.content_type
        try:
            data, _claimed_type = await channel.download(attachment)  # the bytes say what it is
        except SendFailed as failure:
            logger.error("Could not download %s: %s", attachment.media_id, failure)
            raise RejectedFile(DOWNLOAD_FAILED) from failure

        def store(db: Session) -> tuple[str, str]:
            row = db.get_one(Message, row_id)
            document = document_service.store(
                db=db,
                storage=self._storage,
                conversation_pk=row.conversation_pk,
                data=data,
                filename=attachment.filename,
                caption=attachment.caption,
                kind=kind,
            )
            row.document_id = document.id
            return document.storage_key, document.content_type

        return await self._in_transaction(store)

    async def _hear(self, row_id: int, inbound: InboundMessage, key: str, content_type: str) -> InboundMessage:
        """The voice note with what it says, when the speech-to-text service hears it (kept as the message's text
        for staff); as it came otherwise."""
        if self._speech is None or inbound.text:
            return inbound
        audio = await asyncio.to_thread(self._storage.path(key).read_bytes)
        heard = await self._speech.transcribe(audio, content_type)
        if heard is None:
            return inbound
        inbound = inbound.model_copy(update={"text": heard})

        def record(db: Session) -> None:
            row = db.get_one(Message, row_id)
            row.text, row.content = inbound.describe(), inbound.model_dump(mode="json", exclude_none=True)

        await self._in_transaction(record)
        return inbound

    # Outbound ----------------------------------------------------------------------------------

    async def _deliver_due(self, conversation_pk: int) -> None:
        """Send the conversation's due replies in order, until one fails (it is retried later)."""
        claimed = await self._in_transaction(partial(self._claim_next_outbound, conversation_pk=conversation_pk))
        await self._deliver(conversation_pk, claimed)

    async def _deliver(self, conversation_pk: int, claimed: Outgoing | None) -> None:
        """Send the reply `claimed` and the conversation's due replies after it, until one fails. Each reply is
        recorded as sent in the transaction that claims the next."""
        while claimed is not None:
            row_id, channel, user_id, message, last_wrote = claimed
            try:
                external_id = await self._channels[channel].send(
                    user_id, message, ref=button_ref(row_id), customer_last_wrote=last_wrote
                )
            except SendFailed as failure:
                await self._in_transaction(partial(self._record_failure, row_id=row_id, failure=failure))
                return
            claimed = await self._in_transaction(
                partial(self._sent_and_next, conversation_pk=conversation_pk, row_id=row_id, external_id=external_id)
            )

    def _sent_and_next(self, db: Session, *, conversation_pk: int, row_id: int, external_id: str) -> Outgoing | None:
        """Reply `row_id` recorded as sent, and the conversation's next one claimed."""
        message_queue.mark_sent(db=db, message=db.get_one(Message, row_id), external_id=external_id)
        return self._claim_next_outbound(db, conversation_pk)

    def _claim_next_outbound(self, db: Session, conversation_pk: int) -> Outgoing | None:
        """The conversation's next reply due, now marked as being sent: its id, channel, recipient, content and when
        the customer last wrote (None on a channel whose customers fetch their replies)."""
        row = message_queue.next_due_outbound(db=db, conversation_pk=conversation_pk)
        if (
            row is None
            or not self._channels[row.channel].delivers
            or not message_queue.claim(
                db=db, message_id=row.id, expected=MessageStatus.PENDING, to=MessageStatus.SENDING
            )
        ):
            return None
        last_wrote = conversation_service.customer_last_wrote(db=db, conversation_pk=conversation_pk)
        return row.id, row.channel, row.conversation.user_id, OutboundMessage.model_validate(row.content), last_wrote

    def _record_failure(self, db: Session, *, row_id: int, failure: SendFailed) -> None:
        row = db.get_one(Message, row_id)
        if failure.transient and row.attempts + 1 < self._max_attempts:
            delay = min(max(failure.retry_after or 0, self._retry_base * 2**row.attempts), MAX_RETRY_DELAY)
            logger.warning("Send of message %s failed (%s); retrying in %.1fs", row_id, failure, delay)
            message_queue.schedule_retry(db=db, message=row, error=str(failure), delay=timedelta(seconds=delay))
        else:
            logger.error("Message %s could not be delivered: %s", row_id, failure)
            row.attempts += 1
            message_queue.mark_failed(db=db, message=row, error=str(failure))
