"""Recording messages both ways, and the delivery queue of each conversation."""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, selectinload

from backend.conversations.models import (
    DELIVERY_ORDER,
    Author,
    Conversation,
    Direction,
    Message,
    MessageStatus,
)
from backend.database import from_db, to_db, utcnow
from backend.errors import NotFound


def get_by_conversation_id(*, db: Session, conversation_id: str) -> Conversation | None:
    """The conversation named `channel:user`, if any."""
    return db.scalar(select(Conversation).where(Conversation.conversation_id == conversation_id))


def get_or_create(
    *, db: Session, channel: str, user_id: str, display_name: str | None = None, phone: str | None = None
) -> Conversation:
    """The conversation of this customer on this channel; what the channel tells about them is kept current."""
    conversation_id = f"{channel}:{user_id}"
    conversation = get_by_conversation_id(db=db, conversation_id=conversation_id)
    if conversation is None:
        conversation = Conversation(conversation_id=conversation_id, channel=channel, user_id=user_id)
        db.add(conversation)
    conversation.display_name = display_name or conversation.display_name
    conversation.phone = phone or conversation.phone
    db.flush()
    return conversation


def record_inbound(
    *,
    db: Session,
    conversation: Conversation,
    text: str,
    content: dict[str, Any],
    external_id: str | None,
    status: MessageStatus = MessageStatus.RECEIVED,
) -> Message | None:
    """Store a customer's message; None when the channel delivered this message id before."""
    if external_id is not None and find_by_external_id(db=db, channel=conversation.channel, external_id=external_id):
        return None
    message = Message(
        conversation_pk=conversation.id,
        channel=conversation.channel,
        direction=Direction.INBOUND,
        author=Author.CUSTOMER,
        text=text,
        content=content,
        external_id=external_id,
        status=status,
    )
    try:
        with db.begin_nested():
            db.add(message)
            db.flush()
    except IntegrityError:  # the same delivery, stored a moment ago by a concurrent request
        return None
    conversation.last_message_at = message.created_at
    return message


def record_outbound(
    *,
    db: Session,
    conversation: Conversation,
    text: str,
    content: dict[str, Any],
    author: Author = Author.ASSISTANT,
    reply_to: Message | None = None,
) -> Message:
    """Queue a message to the customer (only the outbox calls this: `bot.outbox.ChannelOutbox`)."""
    message = Message(
        conversation_pk=conversation.id,
        channel=conversation.channel,
        direction=Direction.OUTBOUND,
        author=author,
        text=text,
        content=content,
        reply_to_id=reply_to.id if reply_to else None,
        status=MessageStatus.PENDING,
    )
    db.add(message)
    db.flush()
    conversation.last_message_at = message.created_at
    return message


def find_by_external_id(*, db: Session, channel: str, external_id: str) -> Message | None:
    """The message the channel knows by `external_id`."""
    return db.scalar(select(Message).where(Message.channel == channel, Message.external_id == external_id))


def replies_to(*, db: Session, message: Message) -> list[Message]:
    """What was said back to an inbound message."""
    return list(db.scalars(select(Message).where(Message.reply_to_id == message.id).order_by(Message.id)))


def claim(*, db: Session, message_id: int, expected: MessageStatus, to: MessageStatus) -> bool:
    """Move a message from `expected` to `to` unless someone else already did; whether this caller won."""
    result = db.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == expected)
        .values(status=to, updated_at=utcnow())
    )
    return result.rowcount == 1


def mark_sent(*, db: Session, message: Message, external_id: str | None) -> None:
    """The channel accepted the message."""
    message.status = MessageStatus.SENT
    message.external_id = external_id
    message.attempts += 1
    message.next_attempt_at = None
    message.error = None


def schedule_retry(*, db: Session, message: Message, error: str, delay: timedelta) -> None:
    """A send failed for a passing reason: try again after `delay`."""
    message.status = MessageStatus.PENDING
    message.attempts += 1
    message.error = error
    message.next_attempt_at = to_db(utcnow() + delay)


def postpone(*, db: Session, message: Message, error: str, delay: timedelta) -> None:
    """The assistant could not answer a customer's message now: it waits, first in its conversation's line, and is
    handled again after `delay`."""
    message.status = MessageStatus.RECEIVED
    message.attempts += 1
    message.error = error
    message.next_attempt_at = to_db(utcnow() + delay)


def mark_failed(*, db: Session, message: Message, error: str) -> None:
    """The message cannot be delivered (or handled); the reason stays on it for staff."""
    message.status = MessageStatus.FAILED
    message.error = error
    message.next_attempt_at = None


def apply_delivery_status(
    *, db: Session, channel: str, external_id: str, status: MessageStatus, error: str | None = None
) -> Message | None:
    """Record a delivery receipt (sent/delivered/read/failed) on the outbound message it is about."""
    message = find_by_external_id(db=db, channel=channel, external_id=external_id)
    if message is None or message.direction != Direction.OUTBOUND:
        return None
    if status == MessageStatus.FAILED:
        mark_failed(db=db, message=message, error=error or "The channel could not deliver the message")
    elif message.status in DELIVERY_ORDER and DELIVERY_ORDER.index(status) > DELIVERY_ORDER.index(message.status):
        message.status = status
    return message


IN_FLIGHT = (MessageStatus.PROCESSING, MessageStatus.SENDING)


def conversations_with_work(
    *, db: Session, channels: list[str], fetched: tuple[str, ...] = (), now: datetime | None = None
) -> list[int]:
    """Conversations on `channels` with a message to handle or a reply due to be sent, or with work under way
    (maybe by a process that stopped). On `fetched` channels customers fetch the replies themselves: only their
    messages are work."""
    now = to_db(now or utcnow())
    on_channels = Message.channel.in_(channels)
    sent_to = Message.channel.in_([channel for channel in channels if channel not in fetched])
    due = or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= now)
    inbound = select(Message.conversation_pk).where(on_channels, Message.status == MessageStatus.RECEIVED, due)
    in_flight = select(Message.conversation_pk).where(on_channels, Message.status.in_(IN_FLIGHT))
    outbound = select(Message.conversation_pk).where(sent_to, Message.status == MessageStatus.PENDING, due)
    return sorted(set(db.scalars(inbound)) | set(db.scalars(in_flight)) | set(db.scalars(outbound)))


def customer_last_wrote(*, db: Session, conversation_pk: int) -> datetime | None:
    """When the customer's latest message arrived (UTC), if they ever wrote."""
    last = db.scalar(
        select(func.max(Message.created_at)).where(
            Message.conversation_pk == conversation_pk, Message.direction == Direction.INBOUND
        )
    )
    return from_db(last) if last is not None else None


def next_inbound(*, db: Session, conversation_pk: int, now: datetime | None = None) -> Message | None:
    """The oldest customer message not handled yet, if it is due (a postponed one holds the later ones back)."""
    oldest = db.scalar(
        select(Message)
        .where(Message.conversation_pk == conversation_pk, Message.status == MessageStatus.RECEIVED)
        .order_by(Message.id)
        .limit(1)
    )
    if oldest is None or (oldest.next_attempt_at is not None and oldest.next_attempt_at > to_db(now or utcnow())):
        return None
    return oldest


def next_due_outbound(*, db: Session, conversation_pk: int, now: datetime | None = None) -> Message | None:
    """The oldest reply still to be sent, if it is due; replies go out in order, so later ones wait for it."""
    oldest = db.scalar(
        select(Message)
        .where(Message.conversation_pk == conversation_pk, Message.status == MessageStatus.PENDING)
        .order_by(Message.id)
        .limit(1)
    )
    if oldest is None:
        return None
    due = db.scalar(
        select(Message.id).where(
            Message.id == oldest.id,
            or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= to_db(now or utcnow())),
        )
    )
    return oldest if due else None


def take_pending_for(*, db: Session, conversation_id: str, unless_awaited_since: datetime) -> list[Message]:
    """Queued messages of a conversation whose channel fetches them (web chat), marked sent as they are taken;
    but not the replies to a message received after `unless_awaited_since` whose request still waits for them."""
    conversation = get_by_conversation_id(db=db, conversation_id=conversation_id)
    if conversation is None:
        return []
    inbound, earlier = aliased(Message), aliased(Message)
    behind_a_postponed = (
        select(earlier.id)
        .where(
            earlier.conversation_pk == conversation.id,
            earlier.direction == Direction.INBOUND,
            earlier.id < inbound.id,
            earlier.attempts > 0,
            earlier.updated_at >= inbound.created_at,
        )
        .correlate(inbound)
        .exists()
    )
    awaited = (  # its request still waits for the answer: it was not told to wait, nor queued behind
        select(inbound.id)
        .where(
            inbound.conversation_pk == conversation.id,
            inbound.direction == Direction.INBOUND,
            inbound.created_at > unless_awaited_since,
            inbound.attempts == 0,
            ~behind_a_postponed,
        )
        .correlate_except(inbound)
    )
    pending = db.scalars(
        select(Message)
        .where(
            Message.conversation_pk == conversation.id,
            Message.status == MessageStatus.PENDING,
            or_(Message.reply_to_id.is_(None), Message.reply_to_id.not_in(awaited)),
        )
        .order_by(Message.id)
    )
    taken = [
        message
        for message in pending
        if claim(db=db, message_id=message.id, expected=MessageStatus.PENDING, to=MessageStatus.SENT)
    ]
    for message in taken:
        db.refresh(message)
    return taken


def take_up_interrupted(*, db: Session, conversation_pks: list[int]) -> None:
    """Work that a stopped process left under way in these conversations is done again: a message it was
    handling is handled anew, a reply it was sending is sent. Only for conversations whose lease was just taken."""
    if not conversation_pks:
        return
    left = Message.conversation_pk.in_(conversation_pks)
    for was, back_to in (
        (MessageStatus.PROCESSING, MessageStatus.RECEIVED),
        (MessageStatus.SENDING, MessageStatus.PENDING),
    ):
        db.execute(update(Message).where(left, Message.status == was).values(status=back_to))


def note_understanding(*, conversation: Conversation, fell_back: bool) -> None:
    """Count the assistant's fallbacks in a row; two or more mark the conversation as stuck."""
    conversation.fallback_streak = conversation.fallback_streak + 1 if fell_back else 0


def list_conversations(*, db: Session, offset: int = 0, limit: int = 100) -> list[Conversation]:
    """Conversations, newest activity first."""
    query = (
        select(Conversation)
        .options(selectinload(Conversation.lead))
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
    )
    return list(db.scalars(query.offset(offset).limit(limit)))


SHOWN_TO_CUSTOMER = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ)


def history_of(*, db: Session, conversation_id: str, limit: int) -> list[Message]:
    """The latest messages the customer sent or was given, oldest first (none for an unknown conversation)."""
    conversation = get_by_conversation_id(db=db, conversation_id=conversation_id)
    if conversation is None:
        return []
    shown = or_(Message.direction == Direction.INBOUND, Message.status.in_(SHOWN_TO_CUSTOMER))
    latest = (
        select(Message)
        .where(Message.conversation_pk == conversation.id, shown)
        .order_by(Message.id.desc())
        .limit(limit)
    )
    return list(reversed(db.scalars(latest).all()))


def transcript(*, db: Session, conversation_id: str) -> tuple[Conversation, list[Message]]:
    """The conversation and every message of it, oldest first."""
    conversation = get_by_conversation_id(db=db, conversation_id=conversation_id)
    if conversation is None:
        raise NotFound(f"Unknown conversation {conversation_id}")
    return conversation, list(conversation.messages)
