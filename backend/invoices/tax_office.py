"""The tax office's invoicing service, behind a small port: each day's code (CUFD) for a point of sale.

A real adapter speaks the tax office's SOAP services (and signs the invoices' XML it sends them); the loopback
stand-in hands out codes made on this machine, so that everything runs without the tax office.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from backend.invoices.fiscal import FiscalPoint


@dataclass(frozen=True)
class DailyCode:
    """A day's CUFD for a point of sale, and the control code each CUF of that day ends with."""

    code: str
    control_code: str


class TaxOffice(Protocol):
    def daily_code(self, point: FiscalPoint, day: date) -> DailyCode:
        """The code the tax office gives `point` for `day`."""
        ...


class LoopbackTaxOffice:
    """Stands in for the tax office on this machine: the same point and day always get the same code."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode()

    def daily_code(self, point: FiscalPoint, day: date) -> DailyCode:
        said = f"{point.nit}:{point.branch}:{point.point_of_sale}:{day.isoformat()}".encode()
        digest = hmac.new(self._secret, said, hashlib.sha256).hexdigest().upper()
        return DailyCode(code=f"BQ{digest[:40]}", control_code=digest[40:55])
