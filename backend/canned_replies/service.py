"""Ready answers: supervisors keep them, everyone who answers customers inserts them."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.auth.models import User
from backend.canned_replies.models import CannedReply
from backend.errors import DomainError, NotFound


def all_replies(db: Session) -> list[CannedReply]:
    """Every ready answer, by shortcut."""
    return list(db.scalars(select(CannedReply).order_by(CannedReply.shortcut)))


def save(*, db: Session, shortcut: str, text: str, by: User, reply_id: int | None = None) -> CannedReply:
    """Create a ready answer, or change one; shortcuts are unique."""
    reply = CannedReply() if reply_id is None else db.get(CannedReply, reply_id)
    if reply is None:
        raise NotFound(f"No existe la respuesta rápida {reply_id}")
    reply.shortcut, reply.text, reply.updated_by_id = shortcut, text, by.id
    try:
        with db.begin_nested():
            db.add(reply)
            db.flush()
    except IntegrityError as error:
        raise DomainError(f"Ya existe una respuesta rápida /{shortcut}") from error
    audit.record(db=db, actor=by, action="canned_reply.save", subject=f"canned_reply:{reply.id}", shortcut=shortcut)
    return reply


def delete(*, db: Session, reply_id: int, by: User) -> None:
    reply = db.get(CannedReply, reply_id)
    if reply is None:
        raise NotFound(f"No existe la respuesta rápida {reply_id}")
    db.delete(reply)
    audit.record(db=db, actor=by, action="canned_reply.delete", subject=f"canned_reply:{reply_id}")
