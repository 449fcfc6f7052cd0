"""Recording and reading staff actions."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from backend.auth.models import User


def record(*, db: Session, actor: User, action: str, subject: str, **detail: Any) -> AuditEvent:
    """Note that `actor` did `action` to `subject`."""
    event = AuditEvent(actor_id=actor.id, action=action, subject=subject, detail=detail)
    db.add(event)
    db.flush()
    return event


def list_events(*, db: Session, subject: str | None = None, limit: int = 200) -> list[AuditEvent]:
    """Latest staff actions first, optionally about one subject."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if subject is not None:
        query = query.where(AuditEvent.subject == subject)
    return list(db.scalars(query))
