"""Payments as the assistant and collections staff see them."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.config import Settings
from backend.invoices.models import Invoice
from backend.orders.models import OrderState
from backend.payments import reconciliation
from backend.payments.models import Payment, PaymentState
from backend.payments.provider import PaymentProvider
from backend.payments.schemas import (
    BankAccount,
    MatchPublic,
    PaymentPublic,
    PaymentView,
    ReceiptProposal,
    StatementLinePublic,
)
from backend.payments.service import PaymentStatus, amount_due, naive


def bank_account(settings: Settings) -> BankAccount:
    return BankAccount(
        bank=settings.BANK_NAME, account_number=settings.BANK_ACCOUNT_NUMBER, holder=settings.BANK_ACCOUNT_HOLDER
    )


def payment_view(
    status: PaymentStatus, *, db: Session, settings: Settings, provider: PaymentProvider, base_url: str, now: datetime
) -> PaymentView:
    order, payment = status.order, status.payment
    invoice = db.scalar(select(Invoice).where(Invoice.order_id == order.id).order_by(Invoice.number.desc()))
    online_open = payment is not None and payment.state == PaymentState.AWAITING_ONLINE
    return PaymentView(
        order_number=order.number or "",
        order_state=OrderState(order.state).label,
        amount_bs=payment.amount_bs if payment else amount_due(order),
        option=payment.option if payment else None,
        state=payment.state if payment else None,
        state_label=payment.state_label if payment else None,
        deposit_number=payment.deposit_number if payment else None,
        checkout_url=provider.checkout_url(base_url, payment.provider_reference)
        if online_open and payment and payment.provider_reference
        else None,
        expired=bool(online_open and payment and payment.expires_at and payment.expires_at <= naive(now)),
        reason=payment.decision_reason if payment else None,
        invoice=invoice.label if invoice else None,
        bank=bank_account(settings),
    )


def payment_public(payment: Payment, *, db: Session, match: MatchPublic | None = None) -> PaymentPublic:
    order = payment.order
    invoice = db.scalar(select(Invoice).where(Invoice.payment_id == payment.id))
    line = payment.statement_line
    return PaymentPublic(
        id=payment.id,
        order_id=order.id,
        order_number=order.number or "",
        plan=order.plan.name,
        customer_name=order.customer.full_name,
        id_number=order.customer.id_number,
        option=payment.option,
        option_label=payment.option_label,
        state=payment.state,
        state_label=payment.state_label,
        amount_bs=payment.amount_bs,
        deposit_number=payment.deposit_number,
        deposit_date=payment.deposit_date,
        operation_type=payment.operation_type,
        depositor_name=payment.depositor_name,
        receipt_document_id=payment.receipt_document_id,
        receipt_content_type=payment.receipt.content_type if payment.receipt else None,
        provider_reference=payment.provider_reference,
        submitted_at=payment.submitted_at,
        decided_by=payment.decided_by,
        decided_at=payment.decided_at,
        decision_reason=payment.decision_reason,
        statement_line=StatementLinePublic.model_validate(line) if line else None,
        invoice_id=invoice.id if invoice else None,
        invoice=invoice.label if invoice else None,
        match=match,
        proposal=proposal_of(payment),
    )


def proposal_of(payment: Payment) -> ReceiptProposal | None:
    """What the receipt was read to say, matched against the amount the request owes."""
    if not payment.receipt_reading:
        return None
    proposal = ReceiptProposal.model_validate(payment.receipt_reading)
    if proposal.amount_bs is not None:
        proposal.amount_matches = proposal.amount_bs == payment.amount_bs
    return proposal


def queue_public(payments: list[Payment], *, db: Session) -> list[PaymentPublic]:
    """The payments with the statement line proposed for each transfer in review."""
    proposed = reconciliation.proposals(db)
    views = []
    for payment in payments:
        found = proposed.get(payment.id)
        match = (
            MatchPublic(
                exact=found[0].exact,
                differences=found[0].differences,
                line=StatementLinePublic.model_validate(found[1]),
            )
            if found
            else None
        )
        views.append(payment_public(payment, db=db, match=match))
    return views
