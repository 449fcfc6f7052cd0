"""Solicitudes: the requests found by search and filters, a page at a time, and each request's whole story —
customer, conversation, acceptance, payments, invoice, visits, backoffice check and state history."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from backend.backoffice.models import BackofficeCheck
from backend.console.auth import OrdersPage
from backend.console.params import choice
from backend.console.routes import CHANNEL_LABELS, templates
from backend.customers.models import Customer
from backend.deps import SessionDep, SessionRoute
from backend.errors import NotFound
from backend.installations.models import Visit
from backend.invoices.models import Invoice
from backend.leads.models import Lead, PaymentMethod
from backend.listing import contains, page_count, total_of
from backend.orders.models import Order, OrderState
from backend.payments.models import Payment

router = APIRouter(route_class=SessionRoute, prefix="/console", include_in_schema=False)
PAGE_SIZE = 50


class OrderFilter:
    """What the Solicitudes page was asked for."""

    def __init__(
        self,
        q: Annotated[str, Query(max_length=120)] = "",
        state: Annotated[str, Query(max_length=20)] = "",
        channel: Annotated[str, Query(max_length=20)] = "",
        payment_method: Annotated[str, Query(max_length=20)] = "",
        page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    ) -> None:
        self.q, self.state, self.channel = q.strip(), choice(OrderState, state), channel or None
        self.payment_method, self.page = choice(PaymentMethod, payment_method), page

    def params(self) -> dict[str, str]:
        values = {"q": self.q, "state": self.state, "channel": self.channel, "payment_method": self.payment_method}
        return {key: str(value) for key, value in values.items() if value}

    def query(self) -> Select:
        statement = select(Order).join(Lead, Lead.id == Order.lead_id).join(Customer, Customer.id == Order.customer_id)
        if self.state:
            statement = statement.where(Order.state == self.state)
        if self.channel:
            statement = statement.where(Lead.channel == self.channel)
        if self.payment_method:
            statement = statement.where(Order.payment_method == self.payment_method)
        if self.q:
            statement = statement.where(
                or_(
                    contains(Order.number, self.q),
                    contains(Customer.id_number, self.q),
                    contains(Customer.full_name, self.q),
                    contains(Order.contact_name, self.q),
                    contains(Order.contact_phone, self.q),
                    contains(Order.contact_email, self.q),
                    contains(Order.address, self.q),
                )
            )
        return statement


def requests_per_customer(db: Session, customer_ids: list[int]) -> dict[int, int]:
    """How many requests each customer (CI/NIT) has, to warn when one has others."""
    if not customer_ids:
        return {}
    counted = select(Order.customer_id, func.count()).where(Order.customer_id.in_(customer_ids))
    return dict(db.execute(counted.group_by(Order.customer_id)).tuples().all())


@router.get("/orders")
def orders_page(
    request: Request, user: OrdersPage, db: SessionDep, found: Annotated[OrderFilter, Depends()]
) -> HTMLResponse:
    """Registered requests with the customer's identity (staff only), with search and filters."""
    statement = found.query()
    total = total_of(db, statement, Order.id)
    orders = list(
        db.scalars(statement.order_by(Order.id.desc()).offset((found.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).unique()
    )
    pages = page_count(total, PAGE_SIZE)
    context = {
        "user": user,
        "orders": orders,
        "filter": found,
        "total": total,
        "pages": pages,
        "page_url": lambda page: "/console/orders?" + urlencode({**found.params(), "page": page}),
        "per_customer": requests_per_customer(db, [order.customer_id for order in orders]),
        "states": list(OrderState),
        "channels": CHANNEL_LABELS,
    }
    return templates.TemplateResponse(request, "orders.html", context)


@router.get("/orders/{order_id}")
def order_page(request: Request, order_id: int, user: OrdersPage, db: SessionDep) -> HTMLResponse:
    """One request's whole story."""
    order = db.get(Order, order_id)
    if order is None:
        raise NotFound(f"No existe la solicitud {order_id}")

    def of_order(model: type[Payment | Invoice | Visit | BackofficeCheck]) -> Select:
        return select(model).where(model.order_id == order.id)

    others = db.scalars(
        select(Order).where(Order.customer_id == order.customer_id, Order.id != order.id).order_by(Order.id.desc())
    )
    context = {
        "user": user,
        "order": order,
        "payments": list(db.scalars(of_order(Payment).order_by(Payment.id))),
        "invoices": list(db.scalars(of_order(Invoice).order_by(Invoice.number))),
        "visits": list(db.scalars(of_order(Visit).order_by(Visit.starts_at))),
        "checks": list(db.scalars(of_order(BackofficeCheck).order_by(BackofficeCheck.id)).unique()),
        "others": list(others.unique()),
    }
    return templates.TemplateResponse(request, "order.html", context)
