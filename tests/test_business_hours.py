"""When the sales team answers: weekly hours in La Paz time, Bolivian public holidays closed."""

from datetime import UTC, datetime

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
