"""Issuing invoices with gap-free numbers and the tax office's authorisation code."""

from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.config import Settings
from backend.database import from_db, to_db, utcnow
from backend.errors import NotFound
from backend.invoices import daily_codes
from backend.invoices.fiscal import FiscalPoint, authorisation_code
from backend.invoices.models import Invoice, InvoiceCounter
from backend.invoices.notices import consumer_legend
from backend.invoices.tax_office import LoopbackTaxOffice, TaxOffice

if TYPE_CHECKING:
    from backend.payments.models import Payment

SERIES = "A"


@dataclass(frozen=True)
class Issuer:
    """Who issues the invoices, where (as the tax office knows it), and in which time zone they are dated."""

    point: FiscalPoint
    office: TaxOffice
    zone: ZoneInfo


def issuer_of(settings: Settings) -> Issuer:
    point = FiscalPoint(
        nit=settings.COMPANY_NIT,
        branch=settings.TAX_BRANCH,
        point_of_sale=settings.TAX_POINT_OF_SALE,
        modality=settings.TAX_MODALITY,
        sector=settings.TAX_SECTOR,
    )
    office = LoopbackTaxOffice(settings.SECRET_KEY or settings.COMPANY_NIT)
    return Issuer(point=point, office=office, zone=ZoneInfo(settings.BUSINESS_TIMEZONE))


def ensure_series(db: Session) -> None:
    """Create the numbering row once, so issuing only ever bumps it."""
    if db.get(InvoiceCounter, SERIES) is None:
        db.add(InvoiceCounter(series=SERIES, last_number=0))
        db.flush()


def next_number(db: Session) -> int:
    """Bump the counter in the caller's transaction: a rollback gives the number back, so there are no gaps."""
    return db.execute(
        update(InvoiceCounter)
        .where(InvoiceCounter.series == SERIES)
        .values(last_number=InvoiceCounter.last_number + 1)
        .returning(InvoiceCounter.last_number)
    ).scalar_one()


def issue(*, db: Session, payment: "Payment", payment_label: str, issuer: Issuer) -> Invoice:
    """The invoice of a confirmed payment, with the order's data as they are now, and its CUF made with the
    day's code of the tax office."""
    order = payment.order
    number = next_number(db)
    issued_at = to_db(utcnow())
    local = from_db(issued_at, issuer.zone)
    daily = daily_codes.for_day(db=db, office=issuer.office, point=issuer.point, day=local.date())
    invoice = Invoice(
        number=number,
        issued_at=issued_at,
        authorisation_code=authorisation_code(
            issuer.point, issued_at=local, number=number, control_code=daily.control_code
        ),
        legend=consumer_legend(number),
        order_id=order.id,
        payment_id=payment.id,
        order_number=order.number or "",
        customer_name=order.contact_name or order.customer.full_name,
        id_number=order.customer.id_number,
        email=order.contact_email or order.customer.email,
        plan_name=order.plan.name,
        monthly_price_bs=order.monthly_price_bs,
        installation_fee_bs=order.installation_fee_bs,
        total_bs=payment.amount_bs,
        payment_label=payment_label,
    )
    db.add(invoice)
    db.flush()
    return invoice


def get(*, db: Session, invoice_id: int) -> Invoice:
    invoice = db.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFound(f"No existe la factura {invoice_id}")
    return invoice


def of_payment(*, db: Session, payment_id: int) -> Invoice:
    invoice = db.scalar(select(Invoice).where(Invoice.payment_id == payment_id))
    if invoice is None:
        raise NotFound(f"El pago {payment_id} no tiene factura")
    return invoice


def of_order(*, db: Session, order_id: int) -> list[Invoice]:
    return list(db.scalars(select(Invoice).where(Invoice.order_id == order_id).order_by(Invoice.number)))
