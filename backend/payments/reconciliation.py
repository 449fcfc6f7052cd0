"""Keeping the imported bank statement and proposing which line shows each deposit."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.payments import matching
from backend.payments.models import Payment, PaymentOption, PaymentState, StatementLine
from backend.payments.statements import StatementRow


def import_rows(*, db: Session, rows: list[StatementRow], actor: str) -> tuple[int, int]:
    """Store the statement's lines; a line imported before (same number, date and amount) is skipped."""
    added = skipped = 0
    for row in rows:
        known = db.scalar(
            select(StatementLine.id).where(
                StatementLine.reference == row.reference,
                StatementLine.booked_on == row.booked_on,
                StatementLine.amount_bs == row.amount_bs,
            )
        )
        if known is not None:
            skipped += 1
            continue
        db.add(StatementLine(**row.__dict__, imported_by=actor))
        db.flush()
        added += 1
    return added, skipped


def free_lines(db: Session) -> list[StatementLine]:
    """Statement lines not yet used to confirm a deposit, newest first."""
    used = select(Payment.statement_line_id).where(Payment.statement_line_id.is_not(None))
    query = select(StatementLine).where(StatementLine.id.not_in(used)).order_by(StatementLine.booked_on.desc())
    return list(db.scalars(query))


def proposals(db: Session) -> dict[int, tuple[matching.Match, StatementLine]]:
    """For each transfer in review, the statement line that shows it (exact) or may show it (near miss)."""
    waiting = db.scalars(
        select(Payment)
        .where(Payment.state == PaymentState.IN_REVIEW, Payment.option == PaymentOption.TRANSFER)
        .order_by(Payment.submitted_at, Payment.id)
    ).unique()
    deposits = [
        matching.Deposit(p.id, p.deposit_number or "", p.amount_bs, p.deposit_date)
        for p in waiting
        if p.deposit_date is not None
    ]
    lines = {line.id: line for line in free_lines(db)}
    found = matching.propose(
        deposits, [matching.Line(line.id, line.reference, line.amount_bs, line.booked_on) for line in lines.values()]
    )
    return {match.payment_id: (match, lines[match.line_id]) for match in found}
