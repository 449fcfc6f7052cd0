"""Reading customers' answers: the assistant's parsing helpers."""

import pytest

from actions import parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mi cel es 707 12345", "+59170712345"),
        ("+591 71234567", "+59171234567"),
        ("4234567", "+5914234567"),
        ("123", None),
        ("mi ci es 12345678901", None),
    ],
)
def test_phone_numbers(text: str, expected: str | None) -> None:
    assert parsing.find_phone(text) == expected


def test_emails_with_reasons() -> None:
    assert parsing.find_email("Mi correo es Ana.Rojas@Gmail.com") == "ana.rojas@gmail.com"
    assert parsing.find_email("ana@gmail.con") is None
    assert "gmail.com" in parsing.email_problem("ana@gmail.con")
    assert "@" in parsing.email_problem("anarojas")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4567891 cb", "4567891 CB"),
        ("4567891-1a LP", "4567891-1A LP"),
        ("mi ci es 1234567 cochabamba", "1234567 CB"),
        ("7654321 nomás", "7654321"),
    ],
)
def test_identity_numbers(text: str, expected: str) -> None:
    assert parsing.parse_ci(text) == (expected, None)


def test_identity_number_too_short() -> None:
    value, problem = parsing.parse_ci("123")
    assert value is None and "dígitos" in problem


def test_person_names() -> None:
    assert parsing.parse_person_name("me llamo juan perez") == ("Juan Perez", None)
    assert parsing.parse_person_name("María José de la Fuente") == ("María José de la Fuente", None)
    assert parsing.parse_person_name("juan") == (None, "surname")
    assert parsing.parse_person_name("sí")[0] is None
    assert parsing.parse_person_name("Juan123")[0] is None


def test_qualitative_answers() -> None:
    assert parsing.parse_household_size("somos 4") == 4
    assert parsing.parse_household_size("vivo solo") == 1
    assert parsing.parse_speed("quiero 100 megas") == 100
    assert parsing.parse_usage("para jugar free fire") == "gaming"
    assert parsing.parse_usage("home office") == "home_office"
    assert parsing.parse_usage_hours("en las noches") == "night"
    assert parsing.parse_customer_type("es para mi negocio") == "business"
    assert parsing.parse_customer_type("trabajo en home office desde mi casa") == "residential"
    assert parsing.parse_payment_method("mejor postpago") == "postpaid"
    assert parsing.parse_yes_no("ya pues") is True
    assert parsing.parse_yes_no("no gracias") is False


def test_plans_named_by_speed_or_name() -> None:
    plans = [
        {"code": "FIBRA_150", "name": "Fibra Hogar 150", "download_mbps": 150},
        {"code": "FIBRA_300", "name": "Fibra Gamer 300", "download_mbps": 300},
    ]
    assert parsing.match_plan("quiero el de 150", plans) == "FIBRA_150"
    assert parsing.match_plan("el plan gamer", plans) == "FIBRA_300"
    assert parsing.match_plan("el más barato", plans) is None


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("Por transferencia", "transfer"),
        ("te deposito al banco", "transfer"),
        ("pago en línea", "online"),
        ("con mi tarjeta", "online"),
        ("mándame el link", "online"),
        ("no sé", None),
    ],
)
def test_the_way_to_pay_a_prepaid_order_is_read(text: str, option: str | None) -> None:
    assert parsing.parse_payment_option(text) == option


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("00458712", "00458712"),
        ("el número de depósito es 7788-123", "7788-123"),
        ("transacción 123 456 789", None),
        ("hice el depósito", None),
        ("N° 991100 del 24/11", "991100"),
    ],
)
def test_the_deposit_number_is_found_in_the_message(text: str, number: str | None) -> None:
    assert parsing.find_deposit_number(text) == number
