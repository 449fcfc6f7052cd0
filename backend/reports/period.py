"""The period and filters a report covers, read in the company's time zone."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from backend.database import from_db


@dataclass(frozen=True)
class ReportFilter:
    """Days `start`..`end` (both included) in `zone`, optionally one coverage zone and one channel."""

    start: date
    end: date
    zone: ZoneInfo
    zone_id: int | None = None
    channel: str | None = None

    def local(self, stored: datetime) -> datetime:
        return from_db(stored, self.zone)

    def covers(self, stored: datetime | None) -> bool:
        """Whether a stored (naive UTC) time falls on one of the report's days."""
        return stored is not None and self.start <= self.local(stored).date() <= self.end

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    @property
    def begins(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=self.zone)


def month_bounds(month: date) -> tuple[date, date]:
    """The first and last day of `month`'s month."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def previous_month(month: date) -> date:
    return (month.replace(day=1) - timedelta(days=1)).replace(day=1)
