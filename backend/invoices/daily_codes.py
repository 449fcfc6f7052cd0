"""Each day's code of the tax office, asked once per point of sale and day and kept."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.invoices.fiscal import FiscalPoint
from backend.invoices.models import InvoiceDailyCode
from backend.invoices.tax_office import DailyCode, TaxOffice


def for_day(*, db: Session, office: TaxOffice, point: FiscalPoint, day: date) -> DailyCode:
    """The day's code: the kept one, or the office's, kept for the rest of the day."""
    kept = db.scalar(
        select(InvoiceDailyCode).where(
            InvoiceDailyCode.day == day,
            InvoiceDailyCode.branch == point.branch,
            InvoiceDailyCode.point_of_sale == point.point_of_sale,
        )
    )
    if kept is None:
        given = office.daily_code(point, day)
        kept = InvoiceDailyCode(
            day=day, branch=point.branch, point_of_sale=point.point_of_sale, code=given.code,
            control_code=given.control_code,
        )  # fmt: skip
        db.add(kept)
        db.flush()
    return DailyCode(code=kept.code, control_code=kept.control_code)
