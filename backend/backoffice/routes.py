"""The backoffice's queue over HTTP: what waits, with its checklist; pass, return; the executive resubmits."""

from datetime import datetime

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.backoffice import service
from backend.backoffice.checklist import ITEMS, checklist
from backend.backoffice.models import BackofficeCheck, CheckState
from backend.deps import Backoffice, Executive, SessionDep, SessionRoute
from backend.leads.ownership import ensure_may_work
from backend.orders import service as order_service

router = APIRouter(route_class=SessionRoute, prefix="/backoffice", tags=["backoffice"])


class ChecklistItem(BaseModel):
    item: str
    label: str
    held: bool


class CheckPublic(BaseModel):
    id: int
    state: CheckState
    state_label: str
    order_id: int
    order_number: str
    customer: str
    plan: str
    payment_method: str
    checklist: list[ChecklistItem]
    missing: list[str] = Field(description="what was missing when it was returned (labels)")
    reason: str | None
    queued_at: datetime
    decided_at: datetime | None
    decided_by: str | None


class Returning(BaseModel):
    reason: str = Field(min_length=3, max_length=1000)


def view(db: Session, check: BackofficeCheck) -> CheckPublic:
    order = check.order
    return CheckPublic(
        id=check.id,
        state=check.state,
        state_label=CheckState(check.state).label,
        order_id=order.id,
        order_number=order.number or "",
        customer=order.contact_name or order.customer.full_name,
        plan=order.plan.name,
        payment_method=order.payment_method,
        checklist=[ChecklistItem(item=i, label=ITEMS[i], held=held) for i, held in checklist(db, order).items()],
        missing=[ITEMS[item] for item in check.missing],
        reason=check.reason,
        queued_at=check.queued_at,
        decided_at=check.decided_at,
        decided_by=check.decided_by,
    )


@router.get("/queue")
def the_queue(db: SessionDep, _user: Backoffice, limit: int = Query(default=200, ge=1, le=500)) -> list[CheckPublic]:
    """Requests waiting for the check, oldest first, each with its checklist."""
    return [view(db, check) for check in service.pending(db, limit=limit)]


@router.post("/checks/{check_id}/pass")
def pass_check(check_id: int, db: SessionDep, user: Backoffice) -> CheckPublic:
    """Complete: the request goes on (and to billing once sold). 409 while an item is missing."""
    check = service.pass_check(db, service.get(db, check_id), user)
    audit.record(db=db, actor=user, action="backoffice.pass", subject=check.order.number or str(check.order_id))
    return view(db, check)


@router.post("/checks/{check_id}/return")
def return_check(check_id: int, returning: Returning, db: SessionDep, user: Backoffice) -> CheckPublic:
    """Back to the request's executive, with the reason (they are notified)."""
    check = service.return_check(db, service.get(db, check_id), returning.reason, user)
    audit.record(db=db, actor=user, action="backoffice.return", subject=check.order.number or str(check.order_id))
    return view(db, check)


@router.post("/orders/{order_id}/resubmit")
def resubmit(order_id: int, db: SessionDep, user: Executive) -> CheckPublic:
    """The executive completed a returned request: back in the queue."""
    order = order_service.get(db=db, order_id=order_id)
    ensure_may_work(order.lead, user)
    check = service.resubmit(db, order)
    audit.record(db=db, actor=user, action="backoffice.resubmit", subject=order.number or str(order.id))
    return view(db, check)
