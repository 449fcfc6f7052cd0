"""What Bolivia's online invoicing (the tax office's SIAT) requires printed on an invoice: the invoice's
authorisation code (CUF), the verification address its QR carries, and the amount in words.

The CUF follows the tax office's published algorithm: the issuer's NIT, the date and time of issue, branch,
modality, emission type, invoice type, sector document, invoice number and point of sale, each padded with zeros
to its width (53 digits); a modulo 11 check digit appended; the number written in base 16; and the control code
of the day's CUFD (the daily code the tax office hands out) appended to it.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import cycle
from urllib.parse import urlencode

from num2words import num2words

MODALITY_ELECTRONIC, MODALITY_COMPUTERISED = 1, 2
EMISSION_ONLINE = 1
INVOICE_WITH_TAX_CREDIT = 1
SECTOR_TELECOMMUNICATIONS = 22
SIZE_ROLL, SIZE_PAGE = 1, 2  # the verification page's layout: a till roll or a letter page


@dataclass(frozen=True)
class FiscalPoint:
    """Where invoices are issued, as registered with the tax office."""

    nit: str
    branch: int = 0
    point_of_sale: int = 0
    modality: int = MODALITY_ELECTRONIC
    emission: int = EMISSION_ONLINE
    invoice_type: int = INVOICE_WITH_TAX_CREDIT
    sector: int = SECTOR_TELECOMMUNICATIONS


def check_digit(digits: str) -> str:
    """The modulo 11 check digit: weights 2 to 9 from the right, repeating; a remainder of 10 gives "1", as the
    tax office's own routine does."""
    total = sum(int(digit) * weight for digit, weight in zip(reversed(digits), cycle(range(2, 10)), strict=False))
    remainder = total % 11
    return "1" if remainder == 10 else str(remainder)


def code_digits(point: FiscalPoint, *, issued_at: datetime, number: int) -> str:
    """The 53 digits the CUF is made of, before its check digit."""
    fields = (
        (int(point.nit), 13),
        (int(issued_at.strftime("%Y%m%d%H%M%S")) * 1000 + issued_at.microsecond // 1000, 17),
        (point.branch, 4),
        (point.modality, 1),
        (point.emission, 1),
        (point.invoice_type, 1),
        (point.sector, 2),
        (number, 10),
        (point.point_of_sale, 4),
    )
    digits = ""
    for value, width in fields:
        text = str(value).zfill(width)
        if len(text) != width:
            raise ValueError(f"{value} does not fit in {width} digits of the invoice code")
        digits += text
    return digits


def authorisation_code(point: FiscalPoint, *, issued_at: datetime, number: int, control_code: str) -> str:
    """The invoice's CUF; `issued_at` is the local (Bolivian) time of issue, to the millisecond."""
    digits = code_digits(point, issued_at=issued_at, number=number)
    return format(int(digits + check_digit(digits)), "X") + control_code


def verification_url(base: str, *, nit: str, code: str, number: int, size: int = SIZE_PAGE) -> str:
    """The tax office's page that shows the invoice as it received it (what the invoice's QR holds)."""
    return f"{base}?{urlencode({'nit': nit, 'cuf': code, 'numero': number, 't': size})}"


def amount_in_words(amount: Decimal) -> str:
    """ "Son: Ciento noventa y nueve 50/100 Bolivianos"."""
    cents = int((amount * 100).quantize(Decimal(1)))
    words = num2words(cents // 100, lang="es")
    return f"Son: {words[0].upper()}{words[1:]} {cents % 100:02d}/100 Bolivianos"
