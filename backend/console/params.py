"""Query parameters of console pages as forms send them: a select left on «Todos» sends an empty value, and an
unknown value is read as no filter, never as an error page."""

from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


def choice(options: type[E], raw: str | None) -> E | None:
    """The option `raw` names, if it names one."""
    try:
        return options(raw) if raw else None
    except ValueError:
        return None
