"""Recording messages both ways, and the delivery queue of each conversation."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from backend.conversations.models import (
    Author,
    Conversation,
    Direction,
    Message,
    MessageStatus,
)
from backend.database import from_db
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


def customer_last_wrote(*, db: Session, conversation_pk: int) -> datetime | None:
    """When the customer's latest message arrived (UTC), if they ever wrote."""
    last = db.scalar(
        select(func.max(Message.created_at)).where(
            Message.conversation_pk == conversation_pk, Message.direction == Direction.INBOUND
        )
    )
    return from_db(last) if last is not None else None


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
        raise NotFound(f"No existe la conversación {conversation_id}")
    return conversation, list(conversation.messages)
