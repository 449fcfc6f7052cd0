"""Scheduling follow-ups in the caller's transaction, and claiming and settling them for the worker."""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from backend.database import to_db, utcnow
from backend.followups.models import FollowUp, FollowUpStatus

CLAIM_SECONDS = 120  # a running follow-up whose worker stopped is due again after this


def schedule(db: Session, kind: str, **payload: Any) -> FollowUp:
    """Do `kind` with `payload` once this transaction commits (and only if it does)."""
    follow_up = FollowUp(kind=kind, payload=payload, status=FollowUpStatus.PENDING, next_attempt_at=to_db(utcnow()))
    db.add(follow_up)
    db.flush()
    return follow_up


def claim_due(db: Session, *, limit: int, now: datetime | None = None) -> list[FollowUp]:
    """Up to `limit` follow-ups due now, each claimed by this worker (no other worker gets it meanwhile)."""
    now = to_db(now or utcnow())
    due = or_(
        and_(FollowUp.status == FollowUpStatus.PENDING, FollowUp.next_attempt_at <= now),
        and_(FollowUp.status == FollowUpStatus.RUNNING, FollowUp.next_attempt_at < now),
    )
    candidates = db.scalars(select(FollowUp.id).where(due).order_by(FollowUp.id).limit(limit)).all()
    claimed = []
    for follow_up_id in candidates:
        taken = db.execute(
            update(FollowUp)
            .where(FollowUp.id == follow_up_id, due)
            .values(status=FollowUpStatus.RUNNING, next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
        ).rowcount
        if taken:
            claimed.append(db.get_one(FollowUp, follow_up_id))
    return claimed


def settle(db: Session, follow_up_id: int, *, error: str | None, retry_in: float | None) -> None:
    """Done (no `error`), due again in `retry_in` seconds, or failed for good (`retry_in` None)."""
    follow_up = db.get_one(FollowUp, follow_up_id)
    follow_up.attempts += 1
    follow_up.error = error
    if error is None:
        follow_up.status, follow_up.done_at = FollowUpStatus.DONE, to_db(utcnow())
    elif retry_in is not None:
        follow_up.status = FollowUpStatus.PENDING
        follow_up.next_attempt_at = to_db(utcnow() + timedelta(seconds=retry_in))
    else:
        follow_up.status = FollowUpStatus.FAILED


def failed(db: Session, *, limit: int = 100) -> list[FollowUp]:
    """The follow-ups given up on, newest first."""
    query = select(FollowUp).where(FollowUp.status == FollowUpStatus.FAILED).order_by(FollowUp.id.desc())
    return list(db.scalars(query.limit(limit)))
