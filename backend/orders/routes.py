"""Orders, for sales staff: the list, annulment and re-entry."""

from fastapi import APIRouter, Query, Request, Response, status

from backend.audit import service as audit
from backend.config import Settings
from backend.deps import Executive, SalesStaff, SessionDep, SessionRoute, SettingsDep, Supervisor, base_url
from backend.errors import NotFound
from backend.leads.ownership import ensure_may_work, ensure_overseeing
from backend.orders import contract
from backend.orders import service as order_service
from backend.orders.models import Order, OrderState
from backend.orders.schemas import OrderAnnulment, OrderCompletion, OrderPublic, OrdersPublic

router = APIRouter(route_class=SessionRoute, prefix="/orders", tags=["orders"])
customer_router = APIRouter(route_class=SessionRoute, prefix="/contracts", tags=["contracts"])


def contract_url(settings: Settings, request: Request, number: str) -> str:
    """The customer's link to their request's contract, signed for it alone."""
    return f"{base_url(settings, request)}/contracts/{number}.pdf?t={contract.link_token(settings.SECRET_KEY, number)}"


def contract_pdf(order: Order, settings: Settings, request: Request) -> Response:
    staff_url = f"{base_url(settings, request)}/console/orders#{order.number}"
    pdf = contract.render(order, company=settings.COMPANY_NAME, company_nit=settings.COMPANY_NIT,
                          timezone=settings.BUSINESS_TIMEZONE, staff_url=staff_url)  # fmt: skip
    headers = {"Content-Disposition": f'inline; filename="solicitud-contrato-{order.number}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


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


@router.post("/{order_id}/details")
def complete_order(order_id: int, completion: OrderCompletion, db: SessionDep, user: Executive) -> OrderPublic:
    """Complete a datum the request lacks (the backoffice returned it), by its executive."""
    order = order_service.get(db=db, order_id=order_id)
    ensure_may_work(order.lead, user)
    order.address_reference = completion.address_reference.strip()
    audit.record(db=db, actor=user, action="order.complete", subject=order.number or str(order.id))
    return OrderPublic.model_validate(order)


@router.post("/{order_id}/annul")
def annul_order(order_id: int, annulment: OrderAnnulment, db: SessionDep, user: Executive) -> OrderPublic:
    """Anulada, with the reason: the request will not go on (it can be re-entered). An executive annuls their own
    leads' requests before they are paid; a paid (sold) one only a supervisor."""
    order = order_service.get(db=db, order_id=order_id)
    ensure_may_work(order.lead, user)
    if order.state in (OrderState.SALE, OrderState.CLOSED):
        ensure_overseeing(user, "anular una solicitud ya pagada")
    order = order_service.annul(db=db, order=order, reason=annulment.reason, actor=user.email)
    audit.record(db=db, actor=user, action="order.annul", subject=order.number or str(order.id))
    return OrderPublic.model_validate(order)


@router.post("/{order_id}/reenter", status_code=status.HTTP_201_CREATED)
def reenter_order(order_id: int, db: SessionDep, user: Supervisor) -> OrderPublic:
    """Redigitar an annulled request: a new one in Pre-venta, linked to it."""
    order = order_service.reenter(db=db, annulled=order_service.get(db=db, order_id=order_id), actor=user.email)
    audit.record(db=db, actor=user, action="order.reenter", subject=order.number or str(order.id))
    return OrderPublic.model_validate(order)


@router.get("/{order_id}/contract.pdf", response_class=Response)
def staff_contract(
    order_id: int, db: SessionDep, _user: SalesStaff, settings: SettingsDep, request: Request
) -> Response:
    """The request's "Solicitud Contrato de Servicios" as a PDF."""
    return contract_pdf(order_service.get(db=db, order_id=order_id), settings, request)


@customer_router.get("/{number}.pdf", response_class=Response)
def customer_contract(number: str, db: SessionDep, settings: SettingsDep, request: Request, t: str = "") -> Response:
    """The customer's own contract, from the signed link the assistant sent them (404 for any other link)."""
    if not contract.holds_token(settings.SECRET_KEY, number, t):
        raise NotFound("No such contract")
    order = order_service.get_by_number(db=db, number=number)
    return contract_pdf(order, settings, request)
