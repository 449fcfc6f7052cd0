"""The procedure's monthly KPI: billed volume this month / last month × 100; APROBADO at the threshold or above."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.database import to_db
from backend.invoices.models import Invoice
from backend.reports.period import month_bounds, previous_month

APPROVED = "APROBADO"
OBSERVED = "OBSERVADO"
NO_BASIS = "SIN BASE"  # nothing was billed last month: the ratio does not exist


@dataclass(frozen=True)
class MonthlyKpi:
    month: date
    billed_bs: Decimal
    previous_billed_bs: Decimal
    percent: Decimal | None
    status: str
    threshold: float
    history: list[tuple[date, Decimal]]


def billed(*, db: Session, month: date, zone: ZoneInfo) -> Decimal:
    """What was invoiced in `month`'s month (company time)."""
    first, last = month_bounds(month)
    begins = to_db(datetime.combine(first, time.min, tzinfo=zone))
    ends = to_db(datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone))
    total = db.scalar(
        select(func.coalesce(func.sum(Invoice.total_bs), 0)).where(
            Invoice.issued_at >= begins, Invoice.issued_at < ends
        )
    )
    return Decimal(total).quantize(Decimal("0.01"))


def build(*, db: Session, month: date, zone: ZoneInfo, threshold: float, months_shown: int = 12) -> MonthlyKpi:
    current = billed(db=db, month=month, zone=zone)
    before = billed(db=db, month=previous_month(month), zone=zone)
    percent = (current / before * 100).quantize(Decimal("0.01")) if before else None
    status = NO_BASIS if percent is None else APPROVED if percent >= Decimal(str(threshold)) else OBSERVED
    history: list[tuple[date, Decimal]] = []
    shown = month.replace(day=1)
    for _ in range(months_shown):
        history.append((shown, billed(db=db, month=shown, zone=zone)))
        shown = previous_month(shown)
    return MonthlyKpi(
        month=month.replace(day=1),
        billed_bs=current,
        previous_billed_bs=before,
        percent=percent,
        status=status,
        threshold=threshold,
        history=list(reversed(history)),
    )
