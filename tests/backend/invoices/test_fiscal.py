"""The invoice's tax data against the tax office's published worked example of the CUF algorithm."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from backend.invoices.fiscal import (
    FiscalPoint,
    amount_in_words,
    authorisation_code,
    check_digit,
    code_digits,
    verification_url,
)
from backend.invoices.tax_office import LoopbackTaxOffice

# The tax office's example ("Generación del CUF"): NIT 123456789, 13/01/2019 16:37:21.231, branch 0, modality 1,
# emission 1, invoice type 1, sector 1, invoice 1, point of sale 0, control code A19E23EF34124CD.
EXAMPLE_POINT = FiscalPoint(
    nit="123456789", branch=0, point_of_sale=0, modality=1, emission=1, invoice_type=1, sector=1
)
EXAMPLE_ISSUED_AT = datetime(2019, 1, 13, 16, 37, 21, 231000)
EXAMPLE_DIGITS = "00001234567892019011316372123100001110100000000010000"
EXAMPLE_CUF = "8727F63A15F8976591FDDE5B387C5D015A29E06A1A19E23EF34124CD"


def test_the_published_example_gives_the_published_cuf() -> None:
    assert code_digits(EXAMPLE_POINT, issued_at=EXAMPLE_ISSUED_AT, number=1) == EXAMPLE_DIGITS
    assert check_digit(EXAMPLE_DIGITS) == "1"  # weighted sum 472, remainder 10
    code = authorisation_code(EXAMPLE_POINT, issued_at=EXAMPLE_ISSUED_AT, number=1, control_code="A19E23EF34124CD")
    assert code == EXAMPLE_CUF


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        ("0", "0"),
        ("1", "2"),  # 1×2
        ("9", "7"),  # 9×2 = 18, remainder 7
        ("5", "1"),  # 5×2 = 10: a remainder of 10 gives 1
        ("123456789", "4"),  # 9×2 + 8×3 + 7×4 + 6×5 + 5×6 + 4×7 + 3×8 + 2×9 + 1×2 = 202, remainder 4
    ],
)
def test_the_check_digit_is_modulo_11_with_weights_2_to_9_from_the_right(digits: str, expected: str) -> None:
    assert check_digit(digits) == expected


def test_the_cuf_reads_back_to_its_fields() -> None:
    """The code is the fields in base 16: a telecommunications invoice of COMTECO's NIT reads back as issued."""
    point = FiscalPoint(nit="1023187029", branch=2, point_of_sale=3)
    daily = LoopbackTaxOffice("secret").daily_code(point, date(2026, 12, 4))
    issued_at = datetime(2026, 12, 4, 9, 5, 7, 42000)
    code = authorisation_code(point, issued_at=issued_at, number=1234, control_code=daily.control_code)
    assert code.endswith(daily.control_code) and len(daily.control_code) == 15
    digits = str(int(code.removesuffix(daily.control_code), 16)).zfill(54)
    assert digits[:13] == "0001023187029" and digits[13:30] == "20261204090507042"
    assert digits[30:34] == "0002" and digits[34:37] == "111" and digits[37:39] == "22"
    assert digits[39:49] == "0000001234" and digits[49:53] == "0003" and digits[53] == check_digit(digits[:53])


def test_a_value_too_wide_for_its_field_is_refused() -> None:
    with pytest.raises(ValueError):
        code_digits(FiscalPoint(nit="12345678901234"), issued_at=EXAMPLE_ISSUED_AT, number=1)


def test_the_loopback_office_gives_one_code_per_point_and_day() -> None:
    office, point = LoopbackTaxOffice("secret"), FiscalPoint(nit="1023187029")
    assert office.daily_code(point, date(2026, 12, 4)) == office.daily_code(point, date(2026, 12, 4))
    assert office.daily_code(point, date(2026, 12, 4)) != office.daily_code(point, date(2026, 12, 5))


def test_the_verification_url_is_the_tax_office_check() -> None:
    url = verification_url("https://siat.impuestos.gob.bo/consulta/QR", nit="1023187029", code="ABC1", number=7)
    assert url == "https://siat.impuestos.gob.bo/consulta/QR?nit=1023187029&cuf=ABC1&numero=7&t=2"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("199.50", "Son: Ciento noventa y nueve 50/100 Bolivianos"),
        ("1234", "Son: Mil doscientos treinta y cuatro 00/100 Bolivianos"),
        ("100.05", "Son: Cien 05/100 Bolivianos"),
        ("0.99", "Son: Cero 99/100 Bolivianos"),
    ],
)
def test_the_amount_is_written_in_words(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words
