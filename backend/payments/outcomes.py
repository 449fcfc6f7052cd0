"""What follows a decision on a payment: the invoice e-mailed, the customer told, the installation offered."""

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session, sessionmaker

from backend.assistant.prompting import prompt_assistant
from backend.assistant.rasa import RasaClient
from backend.config import Settings
from backend.conversations.messages import Notice
from backend.conversations.outbox import Outbox
from backend.database import run_in_transaction
from backend.installations.notices import tell_customer
from backend.invoices import service as invoice_service
from backend.invoices.delivery import email_invoice
from backend.payments import notices
from backend.payments import service as payment_service


@dataclass
class Runtime:
    """The running parts a decision's follow-up needs."""

    sessions: sessionmaker[Session]
    settings: Settings
    outbox: Outbox
    assistant: RasaClient


def runtime_of(request: Request) -> Runtime:
    state = request.app.state
    return Runtime(state.session_factory, state.settings, state.outbox, state.assistant)


async def after_confirmed(runtime: Runtime, *, payment_id: int) -> None:
    """E-mail the invoice, tell the customer, and let the assistant offer installation times."""

    def tell(db: Session) -> str:
        payment = payment_service.get(db=db, payment_id=payment_id)
        invoice = invoice_service.get(db=db, invoice_id=invoice_id)
        notice = notices.confirmed(
            amount_bs=payment.amount_bs,
            order_number=invoice.order_number,
            invoice_label=invoice.label,
            email=invoice.email if emailed else None,
        )
        tell_customer(db=db, outbox=runtime.outbox, order=payment.order, text=notice, notice=Notice.PAYMENT)
        return payment.order.lead.conversation_id

    invoice_id = await run_in_transaction(
        runtime.sessions, lambda db: invoice_service.of_payment(db=db, payment_id=payment_id).id
    )
    emailed = await email_invoice(sessions=runtime.sessions, settings=runtime.settings, invoice_id=invoice_id)
    conversation_id = await run_in_transaction(runtime.sessions, tell)
    runtime.outbox.wake()
    await prompt_assistant(
        sessions=runtime.sessions,
        assistant=runtime.assistant,
        outbox=runtime.outbox,
        conversation_id=conversation_id,
        intent="schedule_visit",
    )


def after_rejected(runtime: Runtime, db: Session, *, payment_id: int) -> None:
    """Tell the customer why, and that a new receipt is welcome."""
    payment = payment_service.get(db=db, payment_id=payment_id)
    notice = notices.rejected(deposit_number=payment.deposit_number, reason=payment.decision_reason or "")
    tell_customer(db=db, outbox=runtime.outbox, order=payment.order, text=notice, notice=Notice.PAYMENT)


def after_declined(runtime: Runtime, db: Session, *, payment_id: int) -> None:
    """Tell the customer, offering to try again or to pay by transfer."""
    payment = payment_service.get(db=db, payment_id=payment_id)
    tell_customer(
        db=db,
        outbox=runtime.outbox,
        order=payment.order,
        text=notices.declined(payment.decision_reason),
        notice=Notice.PAYMENT,
    )
