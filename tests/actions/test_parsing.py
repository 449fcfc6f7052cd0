"""Reading customers' answers: the assistant's parsing helpers."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from actions import parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mi cel es 707 12345", "+59170712345"),
        ("+591 71234567", "+59171234567"),
        ("4234567", "+59144234567"),  # a landline without its area code is in Cochabamba
        ("+591 4 4251199", "+59144251199"),
        ("ay perdón, es 71 55 44 33", "+59171554433"),
        ("2 2441122", "+59122441122"),
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
    assert parsing.parse_usage("los chicos estudian en las tardes") == "study"
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


def test_names_keep_their_person_and_drop_their_title() -> None:
    assert parsing.parse_person_name("Dra. Silvia Montaño") == ("Silvia Montaño", None)
    assert parsing.parse_person_name("Ing. Marco Antonio Rojas") == ("Marco Antonio Rojas", None)


def test_an_address_with_accents_is_kept_whole() -> None:
    assert parsing.find_email("mi correo es lucía.fernandez@correo.bo") == "lucía.fernandez@correo.bo"


def test_an_address_too_long_for_e_mail_is_refused_with_the_reason() -> None:
    very_long = "a" * 2000 + "@gmail.com"
    assert parsing.find_email(very_long) is None
    assert "largo" in parsing.email_problem(very_long)


@pytest.mark.parametrize(
    ("text", "answered", "stated"),
    [
        ("para mi casa", "residential", "residential"),
        ("no es para empresa, es para mi casa", "residential", "residential"),
        ("trabajo para una empresa de afuera", "residential", "residential"),
        ("es para mi clínica dental", "business", "business"),
        ("tenemos un hostal en el centro", "business", None),
        ("frente a la farmacia", "business", None),  # as an answer to «¿hogar o empresa?» only
        ("portón verde al lado del negocio de don Pedro", "business", None),
    ],
)
def test_customer_type_is_changed_only_by_outright_words(text: str, answered: str, stated: str | None) -> None:
    assert parsing.parse_customer_type(text) == answered
    assert parsing.states_customer_type(text) == stated


def test_words_that_only_look_like_yes() -> None:
    assert parsing.parse_yes_no("al lado de una tienda") is None
    assert parsing.parse_yes_no("¡de una!") is True


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("en las noches y fines de semana", "night"),
        ("solo los fines de semana", "all_day"),
        ("a la tarde", "afternoon"),
        ("más en la mañanita", "morning"),
    ],
)
def test_usage_hours_in_words(text: str, hours: str) -> None:
    assert parsing.parse_usage_hours(text) == hours


def test_questions_are_told_from_answers() -> None:
    assert parsing.is_question("¿tienen internet en La Paz?")
    assert parsing.is_question("cuanto cuesta el de 100")
    assert not parsing.is_question("Sofía Camacho")
    assert not parsing.is_question("cuatro")
    assert parsing.parse_household_size("somos quince") == 15


THURSDAY = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("America/La_Paz"))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("el lunes en la mañana", "2026-11-30 08:00", "2026-11-30 12:00"),
        ("mañana a las 10", "2026-11-27 10:00", "2026-11-27 12:00"),
        ("el jueves 26 a las 9", "2026-11-26 09:00", "2026-11-26 11:00"),
        ("pasado mañana por la tarde", "2026-11-28 12:00", "2026-11-28 18:00"),
        ("la próxima semana", "2026-11-30 08:00", "2026-12-05 18:00"),
        ("el 30 a las 3", "2026-11-30 15:00", "2026-11-30 17:00"),
        ("mañana a las diez", "2026-11-27 10:00", "2026-11-27 12:00"),
        ("el lunes a las tres de la tarde", "2026-11-30 15:00", "2026-11-30 17:00"),
    ],
)
def test_visit_times_in_words(text: str, start: str, end: str) -> None:
    wished = parsing.parse_visit_wish(text, THURSDAY)
    assert wished is not None
    assert (f"{wished[0]:%Y-%m-%d %H:%M}", f"{wished[1]:%Y-%m-%d %H:%M}") == (start, end)


def test_words_without_a_time_are_no_visit_wish() -> None:
    assert parsing.parse_visit_wish("cuando puedan", THURSDAY) is None
    assert parsing.parse_visit_wish("hola", THURSDAY) is None


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("somos seis", 6),
        ("tres adultos y dos niños", 5),
        ("solo yo", 1),
        ("somos 5 en la familia", 5),
        ("cuarenta", None),
    ],
)
def test_household_size_in_words(text: str, size: int | None) -> None:
    assert parsing.parse_household_size(text) == size


def test_speeds_in_words() -> None:
    assert parsing.parse_speed("unos ciento cincuenta megas") == 150
    assert parsing.parse_speed("cien megas") == 100


def test_a_message_with_every_answer_is_read_piece_by_piece() -> None:
    details = parsing.read_details(
        "Hola, quiero internet para mi casa. Soy Ana Rojas, cel 71234567, ana.rojas@gmail.com, vivo en Av. América "
        "123, Queru Queru, lo usamos para estudiar y en las noches, somos 4"
    )
    assert details == {
        "full_name": "Ana Rojas",
        "phone": "cel 71234567",
        "email": "ana.rojas@gmail.com",
        "location": "vivo en Av. América 123, Queru Queru",
        "usage": "lo usamos para estudiar y en las noches",
        "usage_hours": "lo usamos para estudiar y en las noches",
        "household_size": "somos 4",
    }
    lines = parsing.read_details("Dra. Silvia Montaño\n4 4251199\nsilvia@gmail.com\ncalle Sucre 345\npara trabajar")
    assert lines["full_name"] == "Dra. Silvia Montaño" and lines["location"] == "calle Sucre 345"
    paying = parsing.read_details("lo quiero, mi ci es 4567891 cb, frente al parque, pago prepago")
    assert paying == {
        "id_number": "mi ci es 4567891 cb",
        "address_reference": "frente al parque",
        "payment_method": "pago prepago",
    }
    assert "usage_hours" not in parsing.read_details("Buenas tardes, soy Ana Rojas, cel 71234567")
    assert parsing.read_details("mi nombre es Jorge Vargas y mi cel 72223344") == {
        "full_name": "Jorge Vargas",
        "phone": "mi cel 72223344",
    }


@pytest.mark.parametrize(
    "text", ["Sofía Camacho", "hola, quiero internet para mi casa en Sacaba, cuánto cuesta", "frente a la farmacia"]
)
def test_a_single_answer_is_no_set_of_details(text: str) -> None:
    assert parsing.read_details(text) == {}


def test_accepting_in_a_sentence_is_a_yes() -> None:
    assert parsing.parse_yes_no("me gusta, lo quiero. mi carnet es 4567891 CB") is True
    assert parsing.parse_yes_no("no me gusta") is False
