"""Bolivian identity numbers as written on the carnet: `1234567`, `1234567-1A`, `1234567 CB`."""

import re
from typing import Annotated

from pydantic import AfterValidator, Field

DEPARTMENTS = ("LP", "CB", "SC", "OR", "PT", "TJ", "CH", "BN", "PA")
CI_PATTERN = re.compile(rf"^\d{{5,10}}(-[0-9][A-Z])?( ({'|'.join(DEPARTMENTS)}))?$")


def is_valid_ci(value: str) -> bool:
    """Whether `value` is a CI in its normal written form."""
    return bool(CI_PATTERN.match(value))


def normal_ci(value: str) -> str:
    """A CI as written on file: upper case, single spaces ("4567891 cb" → "4567891 CB")."""
    return " ".join(value.upper().split())


def _checked_ci(value: str) -> str:
    value = normal_ci(value)
    if not is_valid_ci(value):
        raise ValueError("not a CI such as 1234567, 1234567-1A or 1234567 CB")
    return value


IdNumber = Annotated[str, Field(max_length=30), AfterValidator(_checked_ci)]
"""A CI in an API body, normalised, or refused with a clear error."""
