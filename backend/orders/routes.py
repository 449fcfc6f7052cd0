"""Orders, for sales staff."""

from fastapi import APIRouter, Query

from backend.deps import SalesStaff, SessionDep
from backend.orders import service as order_service
from backend.orders.models import OrderState
from backend.orders.schemas import OrderPublic, OrdersPublic

router = APIRouter(prefix="/orders", tags=["orders"])


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
