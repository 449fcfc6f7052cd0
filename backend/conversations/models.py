"""Conversations and their messages, inbound and outbound."""

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.auth.models import User
from backend.database import Base, utcnow

if TYPE_CHECKING:
    from backend.leads.models import Lead


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Author(StrEnum):
    CUSTOMER = "customer"
    ASSISTANT = "assistant"
    STAFF = "staff"


class MessageStatus(StrEnum):
    """Inbound: received → processing → handled. Outbound: pending → sending → sent → delivered → read, or failed."""

    RECEIVED = "received"
    PROCESSING = "processing"
    HANDLED = "handled"
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"


VISITOR_LABELS = {"webchat": "Visitante web", "telegram": "Telegram", "whatsapp": "WhatsApp"}

# How far along an outbound message is; a delivery receipt never moves it back.
DELIVERY_ORDER = [MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ]


class Conversation(Base):
    """One customer on one channel."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(200), unique=True, index=True)
    channel: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str | None] = mapped_column(String(160))
    phone: Mapped[str | None] = mapped_column(String(20))
    referral_code: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    # Live takeover: while `assigned_to_id` is set, an executive answers instead of the assistant.
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    taken_over_at: Mapped[datetime | None]
    wants_human: Mapped[bool] = mapped_column(default=False)
    wants_human_at: Mapped[datetime | None]
    fallback_streak: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    messages: Mapped[list["Message"]] = relationship(back_populates="conversation", order_by="Message.id")
    assigned_to: Mapped[User | None] = relationship(lazy="joined")
    lead: Mapped["Lead | None"] = relationship(
        primaryjoin="foreign(Lead.conversation_id) == Conversation.conversation_id",
        viewonly=True,
        uselist=False,
    )  # loaded when asked for: the hot path of every message never needs it; lists load it with `selectinload`

    @property
    def is_taken_over(self) -> bool:
        return self.assigned_to_id is not None

    @property
    def customer_name(self) -> str | None:
        """The name the customer gave, else the channel's profile name."""
        return (self.lead.full_name if self.lead else None) or self.display_name

    @property
    def title(self) -> str:
        """How staff call the customer: the name, else the phone, else the channel and a short id."""
        if name := self.customer_name:
            return name
        if self.phone:
            return self.phone
        return f"{VISITOR_LABELS.get(self.channel, 'Cliente')} {self.user_id[-6:]}"

    @property
    def is_business(self) -> bool:
        return bool(self.lead and self.lead.customer_type == "business")

    @property
    def stage_label(self) -> str | None:
        return self.lead.stage_label if self.lead else None

    @property
    def is_stuck(self) -> bool:
        """The assistant did not understand the customer twice in a row."""
        return self.fallback_streak >= 2


class Message(Base):
    """One message of a conversation, as the channel-neutral shape plus its delivery state."""

    __tablename__ = "messages"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_messages_channel_external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_pk: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    direction: Mapped[Direction] = mapped_column(String(10))
    author: Mapped[Author] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    external_id: Mapped[str | None] = mapped_column(String(200))
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    status: Mapped[MessageStatus] = mapped_column(String(12), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")

    @property
    def conversation_id(self) -> str:
        return self.conversation.conversation_id


class Delivery(Base):
    """What a messaging webhook received, kept before it answered, until the channel worker takes it in.

    `messages` are inbound messages in the channel-neutral shape; `statuses` are delivery receipts
    (`{"message_id", "status", "error"}`) of messages we sent.
    """

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    messages: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    statuses: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConversationRead(Base):
    """How far a member of staff has read a conversation: customer messages after it are unread to them."""

    __tablename__ = "conversation_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    conversation_pk: Mapped[int] = mapped_column(ForeignKey("conversations.id"), primary_key=True)
    last_read_message_id: Mapped[int] = mapped_column(default=0)


class ConversationNote(Base):
    """A note staff leave on a conversation for each other; the customer never sees it."""

    __tablename__ = "conversation_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_pk: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship(lazy="joined")
