"""The backoffice's queue: every new request waits here; complete ones pass, the others go back to their
executive with the reason, and come back once completed. A request sold and passed goes to billing."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.auth.models import User
from backend.backoffice.checklist import ITEMS, missing_items
from backend.backoffice.models import BackofficeCheck, CheckState
from backend.database import to_db, utcnow
from backend.errors import DomainError, NotFound
from backend.followups import service as followups
from backend.followups.kinds import HAND_OVER_SALE
from backend.orders.models import Order, OrderState
from backend.pipeline.models import Notification, NotificationKind


def queue(db: Session, order: Order) -> BackofficeCheck:
    """Put the request in the backoffice's queue."""
    check = BackofficeCheck(order_id=order.id, state=CheckState.PENDING, queued_at=to_db(utcnow()))
    db.add(check)
    db.flush()
    return check


def pending(db: Session, *, limit: int = 200) -> list[BackofficeCheck]:
    """The queue, oldest first."""
    query = select(BackofficeCheck).where(BackofficeCheck.state == CheckState.PENDING).order_by(BackofficeCheck.id)
    return list(db.scalars(query.limit(limit)).unique())


def get(db: Session, check_id: int) -> BackofficeCheck:
    check = db.get(BackofficeCheck, check_id)
    if check is None:
        raise NotFound(f"No existe la revisión {check_id}")
    return check


def latest_of(db: Session, order_id: int) -> BackofficeCheck | None:
    query = select(BackofficeCheck).where(BackofficeCheck.order_id == order_id).order_by(BackofficeCheck.id.desc())
    return db.scalars(query.limit(1)).first()


def labels(items: list[str]) -> str:
    return ", ".join(ITEMS[item] for item in items)


def _decide(check: BackofficeCheck, state: CheckState, actor: User) -> None:
    if check.state != CheckState.PENDING:
        raise DomainError(f"Esta revisión ya está {CheckState(check.state).label.lower()}")
    check.state, check.decided_at, check.decided_by = state, to_db(utcnow()), actor.email


def pass_check(db: Session, check: BackofficeCheck, actor: User) -> BackofficeCheck:
    """Complete: the request goes on (to billing once it is sold). Refused while an item is missing."""
    missing = missing_items(db, check.order)
    if missing:
        raise DomainError(f"Falta: {labels(missing)}. Devuélvela al ejecutivo con el motivo.")
    _decide(check, CheckState.PASSED, actor)
    order = check.order
    order.checked_at = check.decided_at
    if order.state in (OrderState.SALE, OrderState.CLOSED):
        followups.schedule(db, HAND_OVER_SALE, order_id=order.id)
    return check


def return_check(db: Session, check: BackofficeCheck, reason: str, actor: User) -> BackofficeCheck:
    """Back to the request's executive at once, with the reason and what is missing."""
    _decide(check, CheckState.RETURNED, actor)
    check.missing, check.reason = missing_items(db, check.order), reason
    order = check.order
    missing = f" Falta: {labels(check.missing)}." if check.missing else ""
    db.add(
        Notification(
            kind=NotificationKind.RETURNED,
            lead_id=order.lead_id,
            user_id=order.lead.owner_id,
            text=f"Backoffice devolvió la solicitud {order.number}: {reason}.{missing}",
        )
    )
    return check


def resubmit(db: Session, order: Order) -> BackofficeCheck:
    """The executive completed a returned request: it goes back in the queue."""
    latest = latest_of(db, order.id)
    if latest is None or latest.state != CheckState.RETURNED:
        raise DomainError(f"La solicitud {order.number} no fue devuelta por backoffice")
    return queue(db, order)
