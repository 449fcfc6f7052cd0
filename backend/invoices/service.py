"""Issuing invoices with gap-free numbers."""

from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.errors import NotFound
from backend.invoices.models import Invoice, InvoiceCounter

if TYPE_CHECKING:
    from backend.payments.models import Payment

SERIES = "A"


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


def issue(*, db: Session, payment: "Payment", payment_label: str) -> Invoice:
    """The invoice of a confirmed payment, with the order's data as they are now."""
    order = payment.order
    invoice = Invoice(
        number=next_number(db),
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
