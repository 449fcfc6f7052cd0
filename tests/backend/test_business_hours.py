"""When the sales team answers: weekly hours in La Paz time, Bolivian public holidays closed."""

from datetime import UTC, datetime, timedelta

import pytest

from backend.business_hours import BusinessHours, spanish_moment

HOURS = BusinessHours.parse("mon-fri 08:30-18:30; sat 09:00-13:00", "America/La_Paz")


def at(text: str) -> datetime:
    """A moment given in UTC (La Paz is UTC-4 all year)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_open_on_working_hours_only() -> None:
    assert HOURS.is_open(at("2026-11-24 13:00"))  # Tuesday 09:00 in La Paz
    assert not HOURS.is_open(at("2026-11-24 12:00"))  # 08:00
    assert not HOURS.is_open(at("2026-11-24 22:30"))  # 18:30, closing time
    assert HOURS.is_open(at("2026-11-28 16:59"))  # Saturday 12:59
    assert not HOURS.is_open(at("2026-11-29 15:00"))  # Sunday


def test_public_holidays_are_closed() -> None:
    christmas = at("2026-12-25 15:00")  # a Friday
    assert HOURS.is_holiday(christmas.date()) and not HOURS.is_open(christmas)
    assert HOURS.next_opening(christmas) == datetime.fromisoformat("2026-12-26 09:00-04:00")


def test_the_next_opening_is_said_in_spanish() -> None:
    friday_night = at("2026-11-28 01:00")  # Friday 21:00 in La Paz
    opening = HOURS.next_opening(friday_night)
    assert spanish_moment(opening, friday_night) == "mañana a las 09:00"
    saturday_afternoon = at("2026-11-28 18:00")
    assert spanish_moment(HOURS.next_opening(saturday_afternoon), saturday_afternoon) == "el lunes 30 a las 08:30"
    assert HOURS.describe() == "de lunes a viernes de 08:30 a 18:30 y el sábado de 09:00 a 13:00"


def test_unreadable_hours_are_refused() -> None:
    with pytest.raises(ValueError, match="business hours"):
        BusinessHours.parse("weekdays 9 to 5", "America/La_Paz")


WEEKDAYS = BusinessHours.parse("mon-fri 08:30-18:30", "America/La_Paz", extra_holidays="2026-11-04")


def test_adding_business_time_skips_nights_weekends_and_holidays() -> None:
    friday_evening = at("2026-10-30 21:30")  # Friday 17:30 in La Paz; Monday 2 November is All Souls' Day
    # 1 h on Friday, nothing on the weekend or the holiday, 3 h on Tuesday from 08:30.
    assert WEEKDAYS.add(friday_evening, timedelta(hours=4)) == at("2026-11-03 15:30")  # Tuesday 11:30
    # A configured day off (Wednesday 4 November) is skipped like a public holiday.
    assert WEEKDAYS.add(at("2026-11-03 22:00"), timedelta(hours=1)) == at("2026-11-05 13:00")
    # Starting before opening counts from the opening.
    assert WEEKDAYS.add(at("2026-11-05 10:00"), timedelta(minutes=15)) == at("2026-11-05 12:45")


def test_business_time_between_two_moments() -> None:
    assert WEEKDAYS.between(at("2026-10-30 21:30"), at("2026-11-03 15:30")) == timedelta(hours=4)
    assert WEEKDAYS.between(at("2026-11-01 12:00"), at("2026-11-02 20:00")) == timedelta()
    assert WEEKDAYS.between(at("2026-11-05 15:00"), at("2026-11-05 14:00")) == timedelta()


def test_unreadable_holidays_are_refused() -> None:
    with pytest.raises(ValueError, match="holidays"):
        BusinessHours.parse("mon-fri 08:30-18:30", "America/La_Paz", extra_holidays="24/12/2026")
