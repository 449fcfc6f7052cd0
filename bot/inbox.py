"""Storing what customers send, once, before anything else happens to it."""

from functools import partial

from sqlalchemy.orm import Session

from backend.conversations import queue as message_queue
from backend.conversations import service as conversation_service
from backend.conversations.messages import InboundMessage
from backend.conversations.models import Message, MessageStatus
from backend.conversations.outbox import Outbox
from backend.database import after_commit, serialize
from backend.learning import service as learning_service
from backend.referrals import service as referral_service
from bot.channels import parse_button_ref
from bot.gateway import Answer
from bot.intake import KeptDeliveries


def accept(*, db: Session, message: InboundMessage) -> Message | None:
    """Record `message` in its conversation's transcript; None if the channel delivered it before."""
    conversation = conversation_service.get_or_create(
        db=db,
        channel=message.channel,
        user_id=message.user_id,
        display_name=message.profile_name,
        phone=message.contact_phone or message.phone,
    )
    referral_service.remember_code(conversation=conversation, text=message.referral_code or message.text)
    return conversation_service.record_inbound(
        db=db,
        conversation=conversation,
        text=message.describe(),
        content=message.model_dump(mode="json", exclude_none=True),
        external_id=message.message_id,
    )


def read_pressed(db: Session, inbound: InboundMessage) -> InboundMessage:
    """A pressed button as what it stands for: the payload of the button offered to this customer; else the
    button's title, read as words typed."""
    assert inbound.pressed is not None
    ref = parse_button_ref(inbound.pressed.ref)
    if ref is not None:
        sent = db.get(Message, ref[0])
        buttons = (sent.content.get("buttons") or []) if sent else []
        if sent and sent.conversation.conversation_id == inbound.conversation_id and ref[1] < len(buttons):
            return inbound.model_copy(update={"text": str(buttons[ref[1]]["payload"])})
    return inbound.model_copy(update={"text": inbound.pressed.title or inbound.text or "", "pressed": None})


def take_in(db: Session, kept: KeptDeliveries, *, limit: int) -> int:
    """Take (at most `limit` of) the deliveries the webhooks kept into their conversations, oldest first; how
    many were taken. Workers take in one at a time, so messages join their conversation in the order they came;
    the deliveries are forgotten once they are in (taken in again after a crash in between, they change nothing)."""
    serialize(db, "take-in")
    deliveries = kept.oldest(limit)
    for delivery in deliveries:
        for message in delivery.messages:
            accept(db=db, message=InboundMessage.model_validate(message))
        for receipt in delivery.statuses:
            message_queue.apply_delivery_status(
                db=db,
                channel=delivery.channel,
                external_id=str(receipt["message_id"]),
                status=MessageStatus(receipt["status"]),
                error=receipt.get("error"),
            )
    if deliveries:
        after_commit(db, partial(kept.forget, [delivery.id for delivery in deliveries]))
    return len(deliveries)


def record_replies(db: Session, *, inbound_id: int, answer: Answer, outbox: Outbox) -> list[Message]:
    """Queue the answer to an inbound message and mark it handled (failed if the assistant did not answer)."""
    inbound = db.get_one(Message, inbound_id)
    recorded = outbox.queue(db=db, conversation=inbound.conversation, messages=answer.replies, reply_to=inbound)
    if answer.answered:
        inbound.status = MessageStatus.HANDLED
    else:
        message_queue.mark_failed(db=db, message=inbound, error="The assistant did not answer")
    if answer.fell_back is not None:
        conversation_service.note_understanding(
            conversation=inbound.conversation, fell_back=answer.fell_back or answer.unheard
        )
    if answer.fell_back:
        learning_service.note(db=db, message=inbound)
    return recorded
