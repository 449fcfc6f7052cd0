"""Taking conversations over, writing to customers, reassigning and handing back."""

from sqlalchemy import update
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.auth.models import Role, User
from backend.conversations import service as conversation_service
from backend.conversations.messages import Notice, OutboundMessage, SharedFile
from backend.conversations.models import Author, Conversation, Message
from backend.conversations.outbox import Outbox
from backend.database import utcnow
from backend.documents.models import Document
from backend.errors import DomainError, Forbidden, NotFound
from backend.handoff import notices
from backend.leads.ownership import OVERSEEING_ROLES, ensure_may_work
from backend.pipeline import service as pipeline_service

ANSWERING_ROLES = (Role.EXECUTIVE, Role.SUPERVISOR, Role.ADMIN)


def get(*, db: Session, conversation_id: str) -> Conversation:
    conversation = conversation_service.get_by_conversation_id(db=db, conversation_id=conversation_id)
    if conversation is None:
        raise NotFound(f"No existe la conversación {conversation_id}")
    return conversation


def take_over(*, db: Session, outbox: Outbox, conversation_id: str, user: User) -> Conversation:
    """Make `user` the one answering; refused while someone else has it."""
    conversation = get(db=db, conversation_id=conversation_id)
    ensure_may_work(conversation.lead, user)
    now = utcnow()
    claimed = db.execute(
        update(Conversation)
        .where(Conversation.id == conversation.id, Conversation.assigned_to_id.is_(None))
        .values(assigned_to_id=user.id, taken_over_at=now, wants_human=False, updated_at=now)
    ).rowcount
    db.refresh(conversation)
    if not claimed:
        if conversation.assigned_to_id == user.id:
            return conversation
        holder = conversation.assigned_to.full_name if conversation.assigned_to else "Otro ejecutivo"
        raise DomainError(f"{holder} ya atiende esta conversación")
    if conversation.lead is not None:
        pipeline_service.mark_worked(db=db, lead=conversation.lead, now=now)
    announce(db=db, outbox=outbox, conversation=conversation, user=user)
    audit.record(db=db, actor=user, action="conversation.take_over", subject=conversation_id)
    return conversation


def first_name(user: User) -> str:
    """How a member of staff signs to customers."""
    return (user.full_name.split() or ["Asesor"])[0]


def announce(*, db: Session, outbox: Outbox, conversation: Conversation, user: User) -> None:
    """Tell the customer a person is answering now, by first name."""
    greeting = OutboundMessage(text=notices.taken_over_by(first_name(user)), notice=Notice.STAFF_REPLY)
    outbox.queue(db=db, conversation=conversation, messages=[greeting], author=Author.STAFF)


def check_give_back(*, db: Session, conversation_id: str, user: User) -> Conversation:
    """The conversation, if `user` may hand it back now (its holder, or a supervisor)."""
    conversation = get(db=db, conversation_id=conversation_id)
    if not conversation.is_taken_over:
        raise DomainError("El asistente ya atiende esta conversación")
    if conversation.assigned_to_id != user.id and user.role not in OVERSEEING_ROLES:
        raise Forbidden("Solo quien la atiende o un supervisor puede devolverla al asistente")
    return conversation


def give_back(*, db: Session, conversation_id: str, user: User) -> Conversation:
    """Hand the conversation back to the assistant (its holder, or a supervisor)."""
    conversation = check_give_back(db=db, conversation_id=conversation_id, user=user)
    conversation.assigned_to = None
    conversation.taken_over_at = None
    conversation.fallback_streak = 0
    audit.record(db=db, actor=user, action="conversation.give_back", subject=conversation_id)
    return conversation


def reassign(*, db: Session, conversation_id: str, to_user_id: int, by: User) -> Conversation:
    """Give the conversation to another executive (supervisors do this)."""
    conversation = get(db=db, conversation_id=conversation_id)
    target = db.get(User, to_user_id)
    if target is None or not target.is_active or target.role not in ANSWERING_ROLES:
        raise DomainError("Solo se puede asignar a un ejecutivo o supervisor activo")
    previous = conversation.assigned_to_id
    conversation.assigned_to = target
    conversation.taken_over_at = conversation.taken_over_at or utcnow()
    conversation.wants_human = False
    audit.record(
        db=db,
        actor=by,
        action="conversation.reassign",
        subject=conversation_id,
        from_user_id=previous,
        to_user_id=target.id,
    )
    return conversation


def write(
    *,
    db: Session,
    outbox: Outbox,
    conversation_id: str,
    user: User,
    text: str,
    file: tuple[Document, SharedFile] | None = None,
) -> Message:
    """Queue the executive's message (signed with their first name, maybe with a file) to the customer, on the
    customer's channel."""
    conversation = get(db=db, conversation_id=conversation_id)
    if conversation.assigned_to_id != user.id:
        raise DomainError("Toma la conversación antes de escribir al cliente")
    shared = file[1] if file else None
    outbound = OutboundMessage(text=text, notice=Notice.STAFF_REPLY, sender=first_name(user), file=shared)
    [message] = outbox.queue(
        db=db,
        conversation=conversation,
        messages=[outbound],
        author=Author.STAFF,
        document_id=file[0].id if file else None,
    )
    if conversation.lead is not None:
        pipeline_service.mark_worked(db=db, lead=conversation.lead, now=utcnow())
    audit.record(db=db, actor=user, action="conversation.write", subject=conversation_id, message_id=message.id)
    return message


def request_human(*, db: Session, conversation_id: str) -> Conversation:
    """The customer asked for a person: flag the conversation for the executives."""
    conversation = get(db=db, conversation_id=conversation_id)
    if not conversation.wants_human:
        conversation.wants_human = True
        conversation.wants_human_at = utcnow()
    return conversation
