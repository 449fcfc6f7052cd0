"""Customers' phone and ID numbers never reach the logs whole: every record is masked as it is made."""

import logging
import re
from decimal import Decimal

# 7 or more digits, maybe spaced or after a "+": a phone, a CI, a NIT. Dates and times (with "-" or ":") stay.
LONG_NUMBER = re.compile(r"\+?\d(?: ?\d){6,}")


def mask(text: str) -> str:
    """`text` with every long number reduced to its last three digits ("+59171234567" → "•••567")."""
    return LONG_NUMBER.sub(lambda found: "•••" + re.sub(r"\D", "", found.group())[-3:], text)


def is_long_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 1_000_000


def masked_argument(value: object) -> object:
    """A log argument as it may be written: numbers as they are (short ones, see above), anything else as masked
    text."""
    if value is None or isinstance(value, int | float | Decimal):
        return value
    return mask(str(value))


def install() -> None:
    """Mask every log record of this process from now on (once, however often called)."""
    make = logging.getLogRecordFactory()
    if getattr(make, "masks_numbers", False):
        return

    def masked(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make(*args, **kwargs)
        values = record.args.values() if isinstance(record.args, dict) else record.args or ()
        if any(map(is_long_number, values)):  # a number to mask in place of a %d: the message is written now
            try:
                record.msg, record.args = mask(record.getMessage()), None
            except (TypeError, ValueError):  # a malformed call: logging reports it when the record is written
                pass
            return record
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):  # kept apart: formatters such as uvicorn's access log read them
            record.args = tuple(map(masked_argument, record.args))
        elif isinstance(record.args, dict):
            record.args = {key: masked_argument(value) for key, value in record.args.items()}
        return record

    masked.masks_numbers = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masked)
