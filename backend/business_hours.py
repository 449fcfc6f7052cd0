"""When the sales team is at work: weekly opening times in the company's time zone, minus public holidays."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
SPANISH_DAYS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
_RULE = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)(?:-(mon|tue|wed|thu|fri|sat|sun))?\s+(\d\d:\d\d)-(\d\d:\d\d)$")


@lru_cache(maxsize=64)
def public_holidays(country: str, year: int) -> frozenset[date]:
    """The public holidays of `country` in `year` (computed once per year)."""
    return frozenset(holidays.country_holidays(country, years=year))


def parse_days(days: str | Iterable[date]) -> frozenset[date]:
    """Dates given as `2026-12-24, 2026-12-31` (or already as dates)."""
    if not isinstance(days, str):
        return frozenset(days)
    try:
        return frozenset(date.fromisoformat(part.strip()) for part in days.replace(";", ",").split(",") if part.strip())
    except ValueError as error:
        raise ValueError(f"Unreadable holidays {days!r}; write e.g. '2026-12-24, 2026-12-31'") from error


@dataclass(frozen=True)
class BusinessHours:
    """Opening times per weekday (0 = Monday) in `zone`; public holidays of `country` are closed."""

    schedule: dict[int, tuple[time, time]]
    zone: ZoneInfo
    country: str = "BO"
    extra_holidays: frozenset[date] = frozenset()

    @classmethod
    def parse(
        cls, spec: str, zone: str, country: str = "BO", extra_holidays: str | Iterable[date] = ()
    ) -> "BusinessHours":
        """From a spec such as `mon-fri 08:30-18:30; sat 09:00-13:00`, plus extra days off (`2026-12-24, …`)."""
        schedule: dict[int, tuple[time, time]] = {}
        for rule in filter(None, (part.strip().lower() for part in spec.split(";"))):
            match = _RULE.match(rule)
            if not match:
                raise ValueError(f"Unreadable business hours {rule!r}; write e.g. 'mon-fri 08:30-18:30'")
            first, last, opens, closes = match.groups()
            start, end = DAYS.index(first), DAYS.index(last or first)
            for day in range(start, end + 1):
                schedule[day] = (time.fromisoformat(opens), time.fromisoformat(closes))
        return cls(schedule=schedule, zone=ZoneInfo(zone), country=country, extra_holidays=parse_days(extra_holidays))

    def is_holiday(self, day: date) -> bool:
        if day in self.extra_holidays:
            return True
        return bool(self.country) and day in public_holidays(self.country, day.year)

    def open_intervals(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The working periods from `start` on (the first one cut at `start`), in the company's zone."""
        local = start.astimezone(self.zone)
        for offset in range(0, 3660):
            day = local.date() + timedelta(days=offset)
            hours = self.schedule.get(day.weekday())
            if not hours or self.is_holiday(day):
                continue
            opens = datetime.combine(day, hours[0], tzinfo=self.zone)
            closes = datetime.combine(day, hours[1], tzinfo=self.zone)
            if closes > local:
                yield max(opens, local), closes
        raise ValueError("The business hours never open")

    def add(self, start: datetime, working_time: timedelta) -> datetime:
        """The moment when `working_time` of business hours has passed since `start`."""
        left = working_time
        for opens, closes in self.open_intervals(start):
            if opens + left <= closes:
                return opens + left
            left -= closes - opens
        raise AssertionError("unreachable")

    def between(self, start: datetime, end: datetime) -> timedelta:
        """How much business time lies between `start` and `end` (zero if `end` is not later)."""
        total = timedelta()
        if end <= start:
            return total
        for opens, closes in self.open_intervals(start):
            if opens >= end:
                break
            total += min(closes, end) - opens
        return total

    def is_open(self, at: datetime) -> bool:
        """Whether the team is at work at `at` (any time zone)."""
        local = at.astimezone(self.zone)
        hours = self.schedule.get(local.weekday())
        return bool(hours) and not self.is_holiday(local.date()) and hours[0] <= local.time() < hours[1]

    def next_opening(self, at: datetime) -> datetime:
        """`at` itself when open, else the next moment the team starts work (in the company's zone)."""
        local = at.astimezone(self.zone)
        if self.is_open(local):
            return local
        for offset in range(0, 370):
            day = local.date() + timedelta(days=offset)
            hours = self.schedule.get(day.weekday())
            if not hours or self.is_holiday(day):
                continue
            opening = datetime.combine(day, hours[0], tzinfo=self.zone)
            if opening > local:
                return opening
        raise ValueError("The business hours never open")

    def describe(self) -> str:
        """The opening times in Spanish, e.g. `de lunes a viernes de 08:30 a 18:30 y sábado de 09:00 a 13:00`."""
        groups: list[tuple[int, int, tuple[time, time]]] = []
        for day in sorted(self.schedule):
            if groups and groups[-1][1] == day - 1 and groups[-1][2] == self.schedule[day]:
                groups[-1] = (groups[-1][0], day, self.schedule[day])
            else:
                groups.append((day, day, self.schedule[day]))
        parts = [
            (f"de {SPANISH_DAYS[a]} a {SPANISH_DAYS[b]}" if a != b else f"el {SPANISH_DAYS[a]}")
            + f" de {hours[0]:%H:%M} a {hours[1]:%H:%M}"
            for a, b, hours in groups
        ]
        return " y ".join(filter(None, [", ".join(parts[:-1]), parts[-1]])) if parts else "con horario por confirmar"


def spanish_moment(moment: datetime, now: datetime) -> str:
    """`hoy a las 08:30`, `mañana a las 08:30` or `el lunes 30 a las 08:30`, as seen from `now`."""
    local_now = now.astimezone(moment.tzinfo)
    days = (moment.date() - local_now.date()).days
    clock = f"a las {moment:%H:%M}"
    if days == 0:
        return f"hoy {clock}"
    if days == 1:
        return f"mañana {clock}"
    return f"el {SPANISH_DAYS[moment.weekday()]} {moment.day} {clock}"
