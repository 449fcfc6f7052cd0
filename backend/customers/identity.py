"""Bolivian identity numbers as written on the carnet: `1234567`, `1234567-1A`, `1234567 CB`."""

import re

DEPARTMENTS = ("LP", "CB", "SC", "OR", "PT", "TJ", "CH", "BN", "PA")
CI_PATTERN = re.compile(rf"^\d{{5,10}}(-[0-9][A-Z])?( ({'|'.join(DEPARTMENTS)}))?$")


def is_valid_ci(value: str) -> bool:
    """Whether `value` is a CI in its normal written form."""
    return bool(CI_PATTERN.match(value))
