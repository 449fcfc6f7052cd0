"""Reading bank statements and matching deposits to their lines."""

from datetime import date
from decimal import Decimal

import pytest

from backend.payments.matching import Deposit, Line, propose
from backend.payments.statements import parse_amount, parse_date, read_statement

pytestmark = pytest.mark.both_engines


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.234,50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("350", "350.00"),
        ("350,00", "350.00"),
        ("Bs 2.500", "2500.00"),
        ("1.349,00", "1349.00"),
    ],
)
def test_amounts_are_read_in_bolivian_and_english_notation(text: str, amount: str) -> None:
    assert parse_amount(text) == Decimal(amount)


def test_amounts_that_are_not_credits_are_refused() -> None:
    for text in ("", "abc", "-20", "0"):
        with pytest.raises(ValueError):
            parse_amount(text)


def test_dates_are_read_in_the_usual_formats() -> None:
    assert parse_date("25/11/2026") == parse_date("25-11-2026") == parse_date("2026-11-25") == date(2026, 11, 25)
    with pytest.raises(ValueError):
        parse_date("ayer")


def test_a_semicolon_statement_with_spanish_headers_is_read_and_bad_lines_reported() -> None:
    content = (
        "\ufeffFecha;Nro. Documento;Glosa;Importe;Tipo de operación\n"
        "24/11/2026;00458712;ANA ROJAS;349,00;Transferencia\n"
        "24/11/2026;;SIN NUMERO;100,00;Depósito\n"
        "\n"
        "ayer;777;X;10;Depósito\n"
    )
    rows, errors = read_statement(content)
    assert [(r.reference, r.booked_on, r.amount_bs, r.depositor) for r in rows] == [
        ("00458712", date(2026, 11, 24), Decimal("349.00"), "ANA ROJAS")
    ]
    assert rows[0].operation_type == "Transferencia"
    assert errors == ["Línea 3: falta el número", "Línea 5: «ayer» no es una fecha"]


def test_a_statement_without_the_needed_columns_says_which_are_missing() -> None:
    rows, errors = read_statement("fecha,descripcion\n24/11/2026,algo\n")
    assert rows == [] and "numero" in errors[0] and "monto" in errors[0]


def test_exact_matches_come_first_and_a_line_is_never_proposed_twice() -> None:
    day = date(2026, 11, 24)
    deposits = [
        Deposit(1, "458712", Decimal("349.00"), day),  # exact (leading zeros aside)
        Deposit(2, "991100", Decimal("449.00"), day),  # the bank booked another amount
        Deposit(3, "458712", Decimal("349.00"), day),  # the same number again: its line is taken
        Deposit(4, "123", Decimal("10.00"), date(2026, 1, 1)),  # nothing like it
    ]
    lines = [
        Line(10, "00458712", Decimal("349.00"), day),
        Line(11, "991100", Decimal("494.00"), day),
        Line(12, "555555", Decimal("999.00"), day),
    ]
    matches = {m.payment_id: m for m in propose(deposits, lines)}
    assert matches[1].line_id == 10 and matches[1].exact and matches[1].differences == []
    assert matches[2].line_id == 11 and not matches[2].exact
    assert matches[2].differences == ["monto Bs 494,00 en el extracto"]
    assert 3 not in matches and 4 not in matches


def test_a_near_miss_on_the_date_or_the_number_is_flagged_with_what_differs() -> None:
    deposits = [
        Deposit(1, "7788", Decimal("349.00"), date(2026, 11, 24)),
        Deposit(2, "1234", Decimal("199.00"), date(2026, 11, 20)),
    ]
    lines = [
        Line(20, "7788", Decimal("349.00"), date(2026, 11, 25)),
        Line(21, "1243", Decimal("199.00"), date(2026, 11, 20)),
    ]
    matches = {m.payment_id: m for m in propose(deposits, lines)}
    assert matches[1].line_id == 20 and matches[1].differences == ["fecha 25/11/2026 en el extracto"]
    assert matches[2].line_id == 21 and matches[2].differences == ["número 1243 en el extracto"]
