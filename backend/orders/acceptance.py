"""The customer's explicit acceptance of a request, kept as evidence ("el evidente").

Before a request is registered the assistant shows its summary with the essential terms (plan, price,
installation fee, minimum term, payment method, data use) and the customer answers "Acepto". The exact text the
customer was sent, the answer they wrote, the channel, the times and both stored messages are copied here when
the request is registered, and never change afterwards: no API edits them and the database session refuses to.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from backend.conversations.models import Conversation, Direction, Message
from backend.database import Base, utcnow

TERMS_HEADING = "Revisemos tu solicitud"  # how the summary with the terms begins (utter_summary)


class OrderAcceptance(Base):
    """What the customer read and how they accepted it, for one request."""

    __tablename__ = "order_acceptances"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    terms_text: Mapped[str] = mapped_column(Text)
    answer_text: Mapped[str] = mapped_column(Text)
    terms_message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    answer_message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    shown_at: Mapped[datetime]
    accepted_at: Mapped[datetime]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class EvidenceIsImmutable(Exception):
    """Acceptance evidence is written once."""


@event.listens_for(OrderAcceptance, "before_update")
@event.listens_for(OrderAcceptance, "before_delete")
def _refuse_changes(_mapper: object, _connection: object, acceptance: OrderAcceptance) -> None:
    raise EvidenceIsImmutable(f"the acceptance of order {acceptance.order_id} cannot change")


def record(*, db: Session, order_id: int, conversation_id: str) -> OrderAcceptance | None:
    """Keep the conversation's last terms shown and the customer's answer to them as the order's evidence; none
    when the customer was never shown the terms (a request not made in a conversation)."""
    conversation = db.scalar(select(Conversation).where(Conversation.conversation_id == conversation_id))
    if conversation is None:
        return None
    terms = db.scalar(
        select(Message)
        .where(
            Message.conversation_pk == conversation.id,
            Message.direction == Direction.OUTBOUND,
            Message.text.startswith(TERMS_HEADING),
        )
        .order_by(Message.id.desc())
        .limit(1)
    )
    if terms is None:
        return None
    answer = db.scalar(
        select(Message)
        .where(
            Message.conversation_pk == conversation.id,
            Message.direction == Direction.INBOUND,
            Message.id > terms.id,
        )
        .order_by(Message.id.desc())
        .limit(1)
    )
    if answer is None:
        return None
    acceptance = OrderAcceptance(
        order_id=order_id,
        channel=conversation.channel,
        terms_text=terms.text,
        answer_text=answer.text,
        terms_message_id=terms.id,
        answer_message_id=answer.id,
        shown_at=terms.created_at,
        accepted_at=answer.created_at,
    )
    db.add(acceptance)
    db.flush()
    return acceptance


def of_order(*, db: Session, order_id: int) -> OrderAcceptance | None:
    return db.scalar(select(OrderAcceptance).where(OrderAcceptance.order_id == order_id))
