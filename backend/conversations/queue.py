"""The queue of each conversation's messages, as a state machine: a customer's message is received, handled
(or postponed while the assistant is away), and a reply is pending, sending, sent (or retried, or failed). Every
move is a conditional UPDATE, so two workers never both make it."""

from datetime import datetime, timedelta

from sqlalchemy import or_, select, union, update
from sqlalchemy.orm import Session, aliased, joinedload

from backend.conversations.models import DELIVERY_ORDER, Conversation, Direction, Message, MessageStatus
from backend.conversations.service import find_by_external_id, get_by_conversation_id
from backend.database import to_db, utcnow


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
    held = select(Conversation.id).where(Conversation.assigned_to_id.is_not(None))  # the executive reads at once
    inbound = select(Message.conversation_pk).where(
        on_channels, Message.status == MessageStatus.RECEIVED, or_(due, Message.conversation_pk.in_(held))
    )
    in_flight = select(Message.conversation_pk).where(on_channels, Message.status.in_(IN_FLIGHT))
    outbound = select(Message.conversation_pk).where(sent_to, Message.status == MessageStatus.PENDING, due)
    return sorted(db.scalars(union(inbound, in_flight, outbound)))


def next_inbound(*, db: Session, conversation_pk: int, now: datetime | None = None) -> Message | None:
    """The oldest customer message not handled yet, if it is due (a postponed one holds the later ones back,
    unless an executive holds the conversation: nobody waits for the assistant then); read with its conversation,
    which its handler reads too."""
    oldest = db.scalar(
        select(Message)
        .options(joinedload(Message.conversation))
        .where(Message.conversation_pk == conversation_pk, Message.status == MessageStatus.RECEIVED)
        .order_by(Message.id)
        .limit(1)
    )
    if oldest is None:
        return None
    later = oldest.next_attempt_at is not None and oldest.next_attempt_at > to_db(now or utcnow())
    return None if later and not oldest.conversation.is_taken_over else oldest


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
