"""The billing system in the sale: a CI's standing recorded on its lead, and sold requests handed over."""

from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backend.billing_system.http_adapter import HttpBillingSystem
from backend.billing_system.local import LocalBillingSystem
from backend.billing_system.port import BillingSystem, Sale, Standing
from backend.config import Settings
from backend.database import from_db, run_in_transaction, to_db, utcnow
from backend.errors import NotFound
from backend.leads import service as lead_service
from backend.money import money
from backend.orders.models import Order, OrderState, OrderStateChange
from backend.reports.exports import to_csv


def system_of(settings: Settings, sessions: sessionmaker[Session]) -> BillingSystem:
    """The HTTP adapter when `BILLING_SYSTEM_URL` is set, else the local table."""
    if settings.BILLING_SYSTEM_URL:
        return HttpBillingSystem(settings.BILLING_SYSTEM_URL, settings.BILLING_SYSTEM_TOKEN)
    return LocalBillingSystem(sessions)


def prepaid_only_reason(standing: Standing) -> str | None:
    """Why only prepaid service may be sold to this person (unpaid debt), if so."""
    if not standing.owes:
        return None
    since = f" desde el {standing.debt_since:%d/%m/%Y}" if standing.debt_since else ""
    return f"Deuda pendiente de {money(standing.debt_bs)}{since} en el sistema de facturación: solo prepago"


async def check_standing(
    *, sessions: sessionmaker[Session], system: BillingSystem, conversation_id: str, id_number: str
) -> Standing:
    """Ask the billing system about this CI (no transaction open meanwhile) and record the answer on the lead."""
    standing = await system.standing(id_number)

    def record(db: Session) -> None:
        lead = lead_service.get_by_conversation(db=db, conversation_id=conversation_id)
        if lead is None:
            raise NotFound(f"No lead for conversation {conversation_id}")
        lead.billing_debt_bs = standing.debt_bs if standing.existing_customer else None
        lead.prepaid_only_reason = prepaid_only_reason(standing)

    await run_in_transaction(sessions, record)
    return standing


def sale_of(order: Order, zone: tzinfo) -> Sale:
    """The sold request as the billing system registers it; times in the business's `zone`."""
    sold_at = next(c.changed_at for c in reversed(order.state_changes) if c.to_state == OrderState.SALE)
    return Sale(
        number=order.number or "",
        sold_at=from_db(sold_at, zone).isoformat(timespec="seconds"),
        id_number=order.customer.id_number,
        full_name=order.contact_name or order.customer.full_name,
        phone=order.contact_phone,
        email=order.contact_email,
        plan_code=order.plan.code,
        monthly_price_bs=order.monthly_price_bs,
        installation_fee_bs=order.installation_fee_bs,
        payment_method=order.payment_method,
        address=order.address,
        address_reference=order.address_reference,
        zone=order.coverage_zone_name,
        channel=order.channel_name,
    )


async def hand_over(
    *, sessions: sessionmaker[Session], system: BillingSystem, order_id: int, zone: tzinfo
) -> str | None:
    """Register a sold request in the billing system once; its reference (None: nothing to hand over)."""

    def read(db: Session) -> Sale | None:
        order = db.get(Order, order_id)
        if order is None or order.billing_reference or order.state not in (OrderState.SALE, OrderState.CLOSED):
            return None
        return sale_of(order, zone)

    sale = await run_in_transaction(sessions, read)
    if sale is None:
        return None
    reference = await system.hand_over(sale)

    def record(db: Session) -> None:
        order = db.get_one(Order, order_id)
        order.billing_reference, order.handed_over_at = reference[:60], to_db(utcnow())

    await run_in_transaction(sessions, record)
    return reference


SALES_COLUMNS = tuple(Sale.__dataclass_fields__) + ("billing_reference",)


def sales_csv(*, db: Session, day: date, zone: tzinfo) -> str:
    """The requests that became sales on `day` (in `zone`), in the billing system's layout (`SALES_COLUMNS`)."""
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    sold = select(OrderStateChange.order_id).where(
        OrderStateChange.to_state == OrderState.SALE,
        OrderStateChange.changed_at >= to_db(start),
        OrderStateChange.changed_at < to_db(start + timedelta(days=1)),
    )
    orders = db.scalars(select(Order).where(Order.id.in_(sold)).order_by(Order.id)).unique()
    rows = []
    for order in orders:
        sale = sale_of(order, zone)
        rows.append([*(getattr(sale, name) for name in Sale.__dataclass_fields__), order.billing_reference or ""])
    return to_csv(SALES_COLUMNS, rows)
