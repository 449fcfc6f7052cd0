"""Collections: the deposits queue, confirming or rejecting, and the bank statement."""

from typing import Annotated

from fastapi import APIRouter, Query, UploadFile
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.database import run_in_transaction, transaction, utcnow
from backend.deps import Collections, OutboxDep, SessionDep, SessionRoute, Sessions, SettingsDep
from backend.errors import DomainError
from backend.invoices.service import issuer_of
from backend.payments import reconciliation
from backend.payments import service as payment_service
from backend.payments.models import PaymentState
from backend.payments.outcomes import after_confirmed, after_rejected
from backend.payments.schemas import (
    Confirmation,
    PaymentAmendment,
    PaymentPublic,
    Rejection,
    StatementImport,
    StatementLinePublic,
)
from backend.payments.statements import read_statement
from backend.payments.views import payment_public, queue_public

router = APIRouter(route_class=SessionRoute, prefix="/payments", tags=["payments"])

MAX_STATEMENT_BYTES = 5 * 1024 * 1024


@router.get("")
def list_payments(
    db: SessionDep,
    _user: Collections,
    state: Annotated[list[PaymentState], Query()] = [PaymentState.IN_REVIEW],  # noqa: B006 (read only)
) -> list[PaymentPublic]:
    """Payments in `state` (transfers waiting for collections by default), oldest first, with statement matches."""
    return queue_public(payment_service.queue(db=db, states=tuple(state)), db=db)


@router.get("/decided")
def decided_payments(db: SessionDep, _user: Collections) -> list[PaymentPublic]:
    """The latest confirmations and rejections, with who decided and when."""
    return [payment_public(payment, db=db) for payment in payment_service.decided(db=db)]


@router.get("/{payment_id}")
def get_payment(payment_id: int, db: SessionDep, _user: Collections) -> PaymentPublic:
    return payment_public(payment_service.get(db=db, payment_id=payment_id), db=db)


@router.patch("/{payment_id}")
def amend_payment(payment_id: int, changes: PaymentAmendment, db: SessionDep, user: Collections) -> PaymentPublic:
    """Correct amount, date, number, operation type or depositor from the receipt, before deciding."""
    fields = changes.model_dump(exclude_unset=True, exclude_none=True)
    payment = payment_service.amend(db=db, payment=payment_service.get(db=db, payment_id=payment_id), changes=fields)
    audit.record(
        db=db,
        actor=user,
        action="payment.amended",
        subject=f"payment:{payment_id}",
        **{name: str(value) for name, value in fields.items()},
    )
    return payment_public(payment, db=db)


@router.post("/{payment_id}/confirm")
async def confirm_payment(
    payment_id: int,
    body: Confirmation,
    sessions: Sessions,
    user: Collections,
    outbox: OutboxDep,
    settings: SettingsDep,
) -> PaymentPublic:
    """Confirm the deposit: the order becomes Venta and is invoiced. Confirming twice confirms once."""
    issuer = issuer_of(settings)

    def confirm(db: Session) -> bool:
        confirmation = payment_service.confirm(
            db=db,
            payment_id=payment_id,
            actor=user.full_name,
            now=utcnow(),
            statement_line_id=body.statement_line_id,
            issuer=issuer,
        )
        if confirmation.newly:
            after_confirmed(outbox, db, payment_id=payment_id)
            audit.record(
                db=db,
                actor=user,
                action="payment.confirmed",
                subject=f"payment:{payment_id}",
                invoice=confirmation.invoice.label,
                statement_line=body.statement_line_id,
            )
        return confirmation.newly

    try:
        await run_in_transaction(sessions, confirm)
    except IntegrityError as error:  # two confirmations naming the same statement line at the same moment
        raise DomainError("Esa línea del extracto ya confirma otro depósito") from error
    return await run_in_transaction(
        sessions, lambda db: payment_public(payment_service.get(db=db, payment_id=payment_id), db=db)
    )


@router.post("/{payment_id}/reject")
def reject_payment(
    payment_id: int, body: Rejection, sessions: Sessions, user: Collections, outbox: OutboxDep
) -> PaymentPublic:
    """Refuse the receipt; the customer is told the reason and may send another one."""
    with transaction(sessions) as db:
        payment, newly = payment_service.reject(
            db=db, payment_id=payment_id, actor=user.full_name, reason=body.reason, now=utcnow()
        )
        if newly:
            audit.record(
                db=db, actor=user, action="payment.rejected", subject=f"payment:{payment_id}", reason=body.reason
            )
            after_rejected(outbox, db, payment_id=payment_id)
        return payment_public(payment, db=db)


@router.post("/statements", max_body_size=MAX_STATEMENT_BYTES + 64 * 1024)
async def import_statement(file: UploadFile, sessions: Sessions, user: Collections) -> StatementImport:
    """Import the bank's statement (CSV); lines seen before are skipped, unreadable ones reported."""
    data = await file.read(MAX_STATEMENT_BYTES + 1)
    if len(data) > MAX_STATEMENT_BYTES:
        raise DomainError("El extracto pesa más de 5 MB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    rows, errors = read_statement(text)

    def import_rows(db: Session) -> StatementImport:
        added, skipped = reconciliation.import_rows(db=db, rows=rows, actor=user.full_name)
        audit.record(
            db=db,
            actor=user,
            action="statement.imported",
            subject=f"statement:{file.filename}",
            added=added,
            skipped=skipped,
            errors=len(errors),
        )
        return StatementImport(added=added, skipped=skipped, errors=errors)

    return await run_in_transaction(sessions, import_rows)


@router.get("/statements/lines")
def statement_lines(db: SessionDep, _user: Collections) -> list[StatementLinePublic]:
    """Statement lines not yet used to confirm a deposit."""
    return [StatementLinePublic.model_validate(line) for line in reconciliation.free_lines(db)]
