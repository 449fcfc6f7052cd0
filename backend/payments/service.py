"""Paying a prepaid order: choosing how, sending the receipt, and collections' or the provider's decision."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.conversations.models import Conversation
from backend.documents.models import NOT_PAPERS, Document
from backend.errors import DomainError, NotFound
from backend.followups import service as follow_ups
from backend.followups.kinds import READ_RECEIPT
from backend.invoices import service as invoice_service
from backend.invoices.models import Invoice
from backend.invoices.service import Issuer
from backend.leads.models import Lead, PaymentMethod
from backend.orders import service as order_service
from backend.orders.models import Order, OrderState
from backend.payments.models import OPEN_STATES, Payment, PaymentOption, PaymentState, StatementLine
from backend.payments.provider import PaymentProvider, ProviderEvent

PROVIDER_ACTOR = "Pasarela de pago"


def amount_due(order: Order) -> Decimal:
    """What a prepaid order pays up front: the installation and the first month."""
    return order.installation_fee_bs + order.monthly_price_bs


def naive(moment: datetime) -> datetime:
    """UTC moments are stored without their zone (SQLite keeps none)."""
    return moment.replace(tzinfo=None)


# The customer's side ----------------------------------------------------------------------------


@dataclass
class PaymentStatus:
    """The conversation's prepaid order and its latest payment attempt (None before any)."""

    order: Order
    payment: Payment | None


def order_of_conversation(*, db: Session, conversation_id: str) -> Order:
    """The conversation's latest prepaid order that is waiting to be paid or was paid."""
    order = db.scalar(
        select(Order)
        .join(Order.lead)
        .where(
            Lead.conversation_id == conversation_id,
            Order.payment_method == PaymentMethod.PREPAID,
            Order.state.in_((OrderState.PRE_SALE, OrderState.SALE, OrderState.CLOSED)),
        )
        .order_by(Order.id.desc())
    )
    if order is None:
        raise NotFound(f"No prepaid order in conversation {conversation_id}")
    return order


def latest_payment(*, db: Session, order_id: int) -> Payment | None:
    return db.scalar(select(Payment).where(Payment.order_id == order_id).order_by(Payment.id.desc()))


def status(*, db: Session, conversation_id: str) -> PaymentStatus:
    """Where the payment of the conversation's prepaid order stands."""
    order = order_of_conversation(db=db, conversation_id=conversation_id)
    return PaymentStatus(order=order, payment=latest_payment(db=db, order_id=order.id))


def start(
    *,
    db: Session,
    conversation_id: str,
    option: PaymentOption,
    provider: PaymentProvider,
    link_minutes: int,
    now: datetime,
) -> Payment:
    """Begin paying by `option`; asking again for the same still-valid way returns the same attempt."""
    order = order_of_conversation(db=db, conversation_id=conversation_id)
    if order.state != OrderState.PRE_SALE:
        raise DomainError(f"La solicitud {order.number} ya está pagada")
    current = latest_payment(db=db, order_id=order.id)
    if current is not None and current.state == PaymentState.IN_REVIEW:
        raise DomainError("Cobranzas ya está revisando un comprobante de esta solicitud")
    if current is not None and current.state in OPEN_STATES:
        expired = current.expires_at is not None and current.expires_at <= naive(now)
        if current.option == option and not expired:
            return current
        current.state = PaymentState.SUPERSEDED
    payment = Payment(order_id=order.id, option=option, amount_bs=amount_due(order))
    if option == PaymentOption.TRANSFER:
        payment.state = PaymentState.AWAITING_RECEIPT
    else:
        payment.state = PaymentState.AWAITING_ONLINE
        payment.provider_reference = provider.new_reference()
        payment.expires_at = naive(now + timedelta(minutes=link_minutes))
    db.add(payment)
    db.flush()
    return payment


def attach_receipt(*, db: Session, conversation_id: str) -> Payment:
    """Take the conversation's newest file as the receipt of the transfer waiting for one.

    After a rejected receipt, the new file starts a new attempt.
    """
    order = order_of_conversation(db=db, conversation_id=conversation_id)
    payment = latest_payment(db=db, order_id=order.id)
    if payment is None or payment.option != PaymentOption.TRANSFER or order.state != OrderState.PRE_SALE:
        raise NotFound("Ninguna transferencia espera un comprobante")
    if payment.state == PaymentState.IN_REVIEW:
        raise DomainError("Cobranzas ya está revisando el comprobante")
    if payment.state == PaymentState.REJECTED:
        payment = Payment(
            order_id=order.id,
            option=PaymentOption.TRANSFER,
            state=PaymentState.AWAITING_RECEIPT,
            amount_bs=amount_due(order),
        )
        db.add(payment)
    elif payment.state != PaymentState.AWAITING_RECEIPT:
        raise NotFound("Ninguna transferencia espera un comprobante")
    document = db.scalar(
        select(Document)
        .join(Conversation, Conversation.id == Document.conversation_pk)
        .where(Conversation.conversation_id == conversation_id, Document.kind.not_in(NOT_PAPERS))
        .order_by(Document.id.desc())
    )
    if document is None:
        raise NotFound("La conversación no tiene ese archivo")
    document.kind = "receipt"
    payment.receipt_document_id = document.id
    payment.receipt_reading = None
    db.flush()
    follow_ups.schedule(db, READ_RECEIPT, payment_id=payment.id)
    return payment


def submit(*, db: Session, conversation_id: str, deposit_number: str, today: date, now: datetime) -> Payment:
    """The customer gave the receipt and the deposit number: the transfer goes to collections."""
    order = order_of_conversation(db=db, conversation_id=conversation_id)
    payment = latest_payment(db=db, order_id=order.id)
    if payment is None or payment.state != PaymentState.AWAITING_RECEIPT or payment.receipt_document_id is None:
        if payment is not None and payment.state == PaymentState.IN_REVIEW:
            return payment
        raise DomainError("No hay un comprobante que enviar a cobranzas")
    payment.deposit_number = deposit_number
    payment.deposit_date = today
    payment.operation_type = "Transferencia"
    payment.depositor_name = order.customer.full_name
    payment.submitted_at = naive(now)
    payment.state = PaymentState.IN_REVIEW
    db.flush()
    return payment


# Collections' side ------------------------------------------------------------------------------


def get(*, db: Session, payment_id: int) -> Payment:
    payment = db.get(Payment, payment_id)
    if payment is None:
        raise NotFound(f"No existe el pago {payment_id}")
    return payment


def queue(*, db: Session, states: tuple[PaymentState, ...]) -> list[Payment]:
    """Payments in `states`, oldest submission first."""
    query = select(Payment).where(Payment.state.in_(states)).order_by(Payment.submitted_at, Payment.id)
    return list(db.scalars(query).unique())


def decided(*, db: Session, limit: int = 50) -> list[Payment]:
    """The latest confirmations and rejections, newest first."""
    query = (
        select(Payment)
        .where(Payment.state.in_((PaymentState.CONFIRMED, PaymentState.REJECTED)))
        .order_by(Payment.decided_at.desc())
        .limit(limit)
    )
    return list(db.scalars(query).unique())


def amend(*, db: Session, payment: Payment, changes: dict[str, object]) -> Payment:
    """Correct what the receipt says before deciding; a decided payment is never changed."""
    if payment.state != PaymentState.IN_REVIEW:
        raise DomainError(f"A payment {PaymentState(payment.state).label.lower()} cannot be changed")
    for name, value in changes.items():
        setattr(payment, name, value)
    db.flush()
    return payment


@dataclass
class Confirmation:
    payment: Payment
    invoice: Invoice
    newly: bool


def confirm(
    *,
    db: Session,
    payment_id: int,
    actor: str,
    now: datetime,
    statement_line_id: int | None = None,
    issuer: Issuer,
    from_states: tuple[PaymentState, ...] = (PaymentState.IN_REVIEW,),
) -> Confirmation:
    """Confirm once: the order becomes Venta and is invoiced; confirming again returns the same invoice.

    The claim is the transaction's first statement, so concurrent confirmations queue on the row (or on
    SQLite's write lock) instead of both reading the payment as still open.
    """
    claimed = db.execute(
        update(Payment)
        .where(Payment.id == payment_id, Payment.state.in_(from_states))
        .values(state=PaymentState.CONFIRMED, decided_by=actor, decided_at=naive(now))
    ).rowcount
    payment = get(db=db, payment_id=payment_id)
    if not claimed:
        if payment.state == PaymentState.CONFIRMED:
            return Confirmation(payment, invoice_service.of_payment(db=db, payment_id=payment.id), newly=False)
        raise DomainError(f"No se puede confirmar un pago en estado «{PaymentState(payment.state).label}»")
    db.refresh(payment)
    if statement_line_id is not None:
        use_statement_line(db=db, payment=payment, line_id=statement_line_id)
    order = payment.order
    for other in db.scalars(select(Payment).where(Payment.order_id == order.id, Payment.id != payment.id)):
        if other.state in OPEN_STATES:
            other.state = PaymentState.SUPERSEDED
    order_service.mark_sold(order, reason=f"Pago confirmado ({payment.option_label})", actor=actor)
    invoice = invoice_service.issue(db=db, payment=payment, payment_label=describe(payment), issuer=issuer)
    return Confirmation(payment, invoice, newly=True)


def use_statement_line(*, db: Session, payment: Payment, line_id: int) -> None:
    """Record the statement line that shows the deposit; a line pays one deposit only."""
    if db.get(StatementLine, line_id) is None:
        raise NotFound(f"No existe la línea de extracto {line_id}")
    used_by = db.scalar(select(Payment.id).where(Payment.statement_line_id == line_id))
    if used_by is not None and used_by != payment.id:
        raise DomainError(f"La línea {line_id} del extracto ya confirma el pago {used_by}")
    payment.statement_line_id = line_id


def reject(*, db: Session, payment_id: int, actor: str, reason: str, now: datetime) -> tuple[Payment, bool]:
    """Refuse the receipt, with the reason the customer will read; rejecting again changes nothing."""
    claimed = db.execute(
        update(Payment)
        .where(Payment.id == payment_id, Payment.state == PaymentState.IN_REVIEW)
        .values(state=PaymentState.REJECTED, decided_by=actor, decided_at=naive(now), decision_reason=reason)
    ).rowcount
    payment = get(db=db, payment_id=payment_id)
    if not claimed and payment.state != PaymentState.REJECTED:
        raise DomainError(f"A payment {PaymentState(payment.state).label.lower()} cannot be rejected")
    db.refresh(payment)
    return payment, bool(claimed)


def describe(payment: Payment) -> str:
    """How it was paid, as printed on the invoice."""
    if payment.option == PaymentOption.ONLINE:
        return f"Pago en línea, ref. {payment.provider_reference}"
    return f"Transferencia bancaria, depósito N° {payment.deposit_number}"


# The provider's side ----------------------------------------------------------------------------


def by_reference(*, db: Session, reference: str) -> Payment:
    payment = db.scalar(select(Payment).where(Payment.provider_reference == reference))
    if payment is None:
        raise NotFound(f"No existe la referencia de pago {reference}")
    return payment


def keep_for_refund(*, db: Session, payment_id: int, why: str, now: datetime) -> tuple[Payment, None]:
    """An approval the order cannot take (annulled, or the attempt already closed): the money came in, so the
    payment is kept, in state "refund due", for collections to decide on a refund."""
    payment = get(db=db, payment_id=payment_id)
    if payment.state not in (PaymentState.CONFIRMED, PaymentState.REFUND_DUE):
        payment.state = PaymentState.REFUND_DUE
        payment.decided_by, payment.decided_at = PROVIDER_ACTOR, naive(now)
        payment.decision_reason = (
            f"La pasarela aprobó el pago, pero la solicitud {payment.order.number} ya no podía recibirlo ({why}). "
            "Decidir la devolución."
        )
    return payment, None


def settle_online(
    *, db: Session, event: ProviderEvent, now: datetime, issuer: Issuer
) -> tuple[Payment, Confirmation | None, bool]:
    """Apply the provider's word: approved confirms (even a link the customer had left), declined closes the
    attempt. Returns the payment, the confirmation if approved, and whether anything changed."""
    payment_id = by_reference(db=db, reference=event.reference).id
    if event.outcome == "approved":
        try:
            with db.begin_nested():
                confirmation = confirm(
                    db=db,
                    payment_id=payment_id,
                    actor=PROVIDER_ACTOR,
                    now=now,
                    issuer=issuer,
                    from_states=(PaymentState.AWAITING_ONLINE, PaymentState.SUPERSEDED),
                )
        except DomainError as refusal:  # the customer was charged all the same: kept for collections to refund
            return *keep_for_refund(db=db, payment_id=payment_id, why=str(refusal), now=now), False
        return confirmation.payment, confirmation, confirmation.newly
    claimed = db.execute(
        update(Payment)
        .where(Payment.id == payment_id, Payment.state == PaymentState.AWAITING_ONLINE)
        .values(
            state=PaymentState.DECLINED,
            decided_by=PROVIDER_ACTOR,
            decided_at=naive(now),
            decision_reason=event.reason or "Pago no aprobado",
        )
    ).rowcount
    payment = get(db=db, payment_id=payment_id)
    db.refresh(payment)
    return payment, None, bool(claimed)
