"""Customers' phone and ID numbers never reach the logs whole: every record is masked as it is made."""

import logging
import re

# 7 or more digits, maybe spaced or after a "+": a phone, a CI, a NIT. Dates and times (with "-" or ":") stay.
LONG_NUMBER = re.compile(r"\+?\d(?: ?\d){6,}")


def mask(text: str) -> str:
    """`text` with every long number reduced to its last three digits ("+59171234567" → "•••567")."""
    return LONG_NUMBER.sub(lambda found: "•••" + re.sub(r"\D", "", found.group())[-3:], text)


def install() -> None:
    """Mask every log record of this process from now on (once, however often called)."""
    make = logging.getLogRecordFactory()
    if getattr(make, "masks_numbers", False):
        return

    def masked(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make(*args, **kwargs)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed call: logging reports it when the record is written
            return record
        record.msg, record.args = mask(message), None
        return record

    masked.masks_numbers = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masked)
