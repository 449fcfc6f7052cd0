"""Orders, for sales staff: the list, annulment and re-entry."""

from fastapi import APIRouter, Query, status

from backend.audit import service as audit
from backend.deps import Executive, SalesStaff, SessionDep, SessionRoute, Supervisor
from backend.leads.ownership import ensure_may_work, ensure_overseeing
from backend.orders import service as order_service
from backend.orders.models import OrderState
from backend.orders.schemas import OrderAnnulment, OrderPublic, OrdersPublic

router = APIRouter(route_class=SessionRoute, prefix="/orders", tags=["orders"])


@router.get("")
def list_orders(
    db: SessionDep,
    _user: SalesStaff,
    state: OrderState | None = None,
    offset: int = Query(default=0, ge=0),
    limit: int = Query(default=100, ge=1, le=500),
) -> OrdersPublic:
    """Orders, newest first, with the customer's identity and contact data."""
    orders, total = order_service.list_orders(db=db, state=state, offset=offset, limit=limit)
    return OrdersPublic(data=[OrderPublic.model_validate(order) for order in orders], count=total)


@router.post("/{order_id}/annul")
def annul_order(order_id: int, annulment: OrderAnnulment, db: SessionDep, user: Executive) -> OrderPublic:
    """Anulada, with the reason: the request will not go on (it can be re-entered). An executive annuls their own
    leads' requests before they are paid; a paid (sold) one only a supervisor."""
    order = order_service.get(db=db, order_id=order_id)
    ensure_may_work(order.lead, user)
    if order.state in (OrderState.SALE, OrderState.CLOSED):
        ensure_overseeing(user, "annul a request that is already paid")
    order = order_service.annul(db=db, order=order, reason=annulment.reason, actor=user.email)
    audit.record(db=db, actor=user, action="order.annul", subject=order.number or str(order.id))
    return OrderPublic.model_validate(order)


@router.post("/{order_id}/reenter", status_code=status.HTTP_201_CREATED)
def reenter_order(order_id: int, db: SessionDep, user: Supervisor) -> OrderPublic:
    """Redigitar an annulled request: a new one in Pre-venta, linked to it."""
    order = order_service.reenter(db=db, annulled=order_service.get(db=db, order_id=order_id), actor=user.email)
    audit.record(db=db, actor=user, action="order.reenter", subject=order.number or str(order.id))
    return OrderPublic.model_validate(order)
