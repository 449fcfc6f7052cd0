"""What follows a decision on a payment: the invoice e-mailed, the customer told, the installation offered."""

from sqlalchemy.orm import Session

from backend.conversations.messages import Notice
from backend.conversations.outbox import Outbox
from backend.followups import service as follow_ups
from backend.followups.kinds import EMAIL_INVOICE, PROMPT_ASSISTANT
from backend.installations.notices import tell_customer
from backend.invoices import service as invoice_service
from backend.payments import notices
from backend.payments import service as payment_service


def after_confirmed(outbox: Outbox, db: Session, *, payment_id: int) -> None:
    """Tell the customer; once this transaction commits, the invoice is e-mailed and the assistant offers
    installation times (follow-ups, done by a worker and tried again until they go through)."""
    payment = payment_service.get(db=db, payment_id=payment_id)
    invoice = invoice_service.of_payment(db=db, payment_id=payment_id)
    notice = notices.confirmed(
        amount_bs=payment.amount_bs,
        order_number=invoice.order_number,
        invoice_label=invoice.label,
        email=invoice.email,
    )
    tell_customer(db=db, outbox=outbox, order=payment.order, text=notice, notice=Notice.PAYMENT)
    follow_ups.schedule(db, EMAIL_INVOICE, invoice_id=invoice.id)
    follow_ups.schedule(
        db, PROMPT_ASSISTANT, conversation_id=payment.order.lead.conversation_id, intent="schedule_visit"
    )


def after_rejected(outbox: Outbox, db: Session, *, payment_id: int) -> None:
    """Tell the customer why, and that a new receipt is welcome."""
    payment = payment_service.get(db=db, payment_id=payment_id)
    notice = notices.rejected(deposit_number=payment.deposit_number, reason=payment.decision_reason or "")
    tell_customer(db=db, outbox=outbox, order=payment.order, text=notice, notice=Notice.PAYMENT)


def after_declined(outbox: Outbox, db: Session, *, payment_id: int) -> None:
    """Tell the customer, offering to try again or to pay by transfer."""
    payment = payment_service.get(db=db, payment_id=payment_id)
    tell_customer(
        db=db,
        outbox=outbox,
        order=payment.order,
        text=notices.declined(payment.decision_reason),
        notice=Notice.PAYMENT,
    )
