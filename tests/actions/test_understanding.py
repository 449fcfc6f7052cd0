"""Customers who word things their own way, on the real model: every ordinary way of answering moves the sale on.

The phrasings are this file's own; `benchmarks/conversations.py` plays a larger corpus and prints the share that
ends right.
"""

import httpx
import pytest

from tests.helpers.customers import Customer, lead_of

pytestmark = pytest.mark.assistant


def test_an_opener_with_greeting_request_and_place_starts_the_sale(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer = Customer(backend)
    reply = customer.says("buenas noches, necesito internet de fibra para mi casa por Queru Queru, q precios tienen")
    assert "no te entend" not in reply.lower(), customer.transcript
    if "hogar" in reply.lower():  # the catalogue first, then the sale: it still must not ask for the type again
        reply = customer.says("sí, quiero contratar")
    assert "nombre" in reply.lower(), customer.transcript
    assert lead_of(backend, staff_headers, customer)["customer_type"] == "residential"


def test_answers_the_classifier_takes_for_asides_are_read_as_answers(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer = Customer(backend)
    customer.says_each("hola", "es para la casa")
    assert "celular" in customer.says("Marcela Choque").lower(), customer.transcript
    customer.says_each("69912345", "marcela.choque@gmail.com")
    assert "horario" in customer.says("pa hablar con mi familia q vive en Argentina x videollamada").lower()
    assert "personas" in customer.says("mas que todo en las noches y los fines de semana").lower()
    assert "instalación" in customer.says("seis").lower(), customer.transcript
    lead = lead_of(backend, staff_headers, customer)
    assert lead["full_name"] == "Marcela Choque" and lead["household_size"] == 6
    assert lead["usage"] == "home" and lead["usage_hours"] == "night"


def test_a_reference_naming_a_shop_keeps_the_home_a_home(backend: httpx.Client, staff_headers: dict[str, str]) -> None:
    customer = Customer(backend)
    customer.says_each("hola", "hogar", "Dr. Ernesto Rivas", "70123987", "erivas@hotmail.com", "para trabajar")
    customer.says_each("en la tarde", "somos 2", "calle Los Pinos 15, Sarco")
    reply = customer.says("al ladito de una tienda de abarrotes, frente al taller de don Lucho")
    assert "Te recomiendo" in reply, customer.transcript
    lead = lead_of(backend, staff_headers, customer)
    assert lead["customer_type"] == "residential" and lead["full_name"] == "Ernesto Rivas"
    assert lead["address_reference"].startswith("al ladito de una tienda")


def test_a_phone_correction_while_the_e_mail_is_asked_corrects_the_phone(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer = Customer(backend)
    customer.says_each("hola", "para mi depa", "Pablo Antezana", "71112222")
    reply = customer.says("uy me equivoqué, es 7 333 4444")
    assert "no parece válido" not in reply and "correo" in reply.lower(), customer.transcript
    assert lead_of(backend, staff_headers, customer)["phone"] == "+59173334444"


def test_a_place_we_do_not_serve_typed_as_text_is_told_at_once(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    asking = Customer(backend)
    assert "no tenemos cobertura en El Alto" in asking.says("hola tienen fibra en El Alto?"), asking.transcript

    customer = Customer(backend)
    customer.says_each("hola", "casa", "Rosa Mamani", "72334455", "rosa.mamani@gmail.com", "redes sociales")
    customer.says_each("todo el dia", "3")
    reply = customer.says("en Tiquipaya, por el puente")
    assert "no tenemos cobertura en Tiquipaya" in reply and "avisemos" in reply, customer.transcript
    lead = lead_of(backend, staff_headers, customer)
    assert lead["coverage_status"] == "not_covered"


def test_a_message_opening_with_a_place_answers_where_however_unsure_the_classifier(backend: httpx.Client) -> None:
    customer = Customer(backend)
    customer.says_each("hola", "casa", "Lucía Terrazas", "71230987", "lucia.terrazas@gmail.com", "para estudiar")
    customer.says_each("en las noches", "4")
    reply = customer.says("en el alto de la paz")
    assert "no tenemos cobertura en El Alto" in reply, customer.transcript


def test_a_business_described_in_its_own_words_is_a_business(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer = Customer(backend)
    customer.says("hola")
    assert "nombre" in customer.says("lo necesito para mi hostal en el centro").lower(), customer.transcript
    customer.says_each("Gonzalo Terceros", "76667788")
    assert "empresas" in customer.says("Hostal Las Palmeras"), customer.transcript
    assert lead_of(backend, staff_headers, customer)["customer_type"] == "business"

    home = Customer(backend)
    home.says("hola")
    assert "nombre" in home.says("no es para ninguna empresa, es pa mi casa").lower(), home.transcript
    assert lead_of(backend, staff_headers, home)["customer_type"] == "residential"


def test_a_customer_who_writes_everything_at_once_reaches_the_summary_in_three_turns(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer = Customer(backend)
    offer = customer.says(
        "Buenas tardes, quiero internet para mi casa. Soy Lorena Vargas Soliz, cel 70755123, lorena.vs@gmail.com, "
        "vivo en Av. América 1234, Queru Queru, frente a la plaza de las banderas, lo usamos para estudiar y mas "
        "en las noches, somos cinco"
    )
    assert "Te recomiendo" in offer, customer.transcript
    summary = customer.says("me gusta, lo quiero. mi carnet es 4567891 CB, pago prepago")
    assert "Revisemos tu solicitud" in summary and "4567891 CB" in summary, customer.transcript
    assert len(customer.transcript) <= 3
    lead = lead_of(backend, staff_headers, customer)
    assert (lead["full_name"], lead["phone"]) == ("Lorena Vargas Soliz", "+59170755123")
    assert lead["email"] == "lorena.vs@gmail.com"
    assert (lead["usage"], lead["usage_hours"], lead["household_size"]) == ("study", "night", 5)
    assert lead["address_reference"] == "frente a la plaza de las banderas"


def test_numbers_and_speeds_in_words_are_read(backend: httpx.Client, staff_headers: dict[str, str]) -> None:
    customer = Customer(backend)
    customer.says_each("hola", "para mi casa", "Hugo Ferrufino", "76655443", "hugo.f@gmail.com")
    customer.says_each("para ver series, unos cien megas", "en las tardes")
    assert "instalación" in customer.says("tres adultos y dos niños").lower(), customer.transcript
    lead = lead_of(backend, staff_headers, customer)
    assert lead["household_size"] == 5 and lead["wanted_speed_mbps"] == 100


@pytest.mark.parametrize("address", ["Cala Cala, calle Los Ceibos 221", "keru keru, calle 5 número 20"])
def test_an_address_that_starts_with_its_zone_is_covered(backend: httpx.Client, address: str) -> None:
    customer = Customer(backend)
    customer.says_each("hola", "hogar", "Rosa Mamani", "70123988", "rosa.mamani@gmail.com", "para estudiar")
    customer.says_each("en las noches", "somos 3")
    reply = customer.says(address)
    assert "No logré ubicar" not in reply and "Tenemos" in reply, customer.transcript


def test_the_opener_asking_the_price_in_a_zone_is_answered_both(backend: httpx.Client) -> None:
    customer = Customer(backend)
    reply = customer.says("hola, quiero internet para mi casa en Queru Queru, cuanto cuesta?")
    assert "Bs 149,00 al mes" in reply and "fibra óptica en Queru Queru" in reply, customer.transcript
    assert reply.rstrip().endswith(
        "tu nombre completo, tu celular y tu correo; puedes enviarlos juntos, por ejemplo: "
        "_Ana Rojas Vargas, 71234567, ana.rojas@gmail.com_. ¿Me los pasas?"
    ), customer.transcript


def test_a_question_about_the_terms_is_answered_from_the_catalogue_and_the_sale_goes_on(
    backend: httpx.Client,
) -> None:
    customer = Customer(backend)
    customer.says_each("hola", "hogar", "Rosa Mamani")
    reply = customer.says("una pregunta, hay un tiempo mínimo de contrato?")
    assert "plazo mínimo del contrato de todos nuestros planes es de 12 meses" in reply, customer.transcript
    assert "celular" in reply, customer.transcript  # the open question, asked again


def test_a_place_missed_twice_is_asked_with_the_zones_and_a_person(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer = Customer(backend)
    customer.says_each("hola", "hogar", "Rosa Mamani", "70123988", "rosa.mamani@gmail.com", "para estudiar")
    customer.says_each("en las noches", "somos 3")
    first = customer.says("por la casa de mi tía")
    assert "Queru Queru" not in [b["title"] for b in customer.last_buttons], customer.transcript
    second = customer.says("cerca del puente")
    assert first != second and "Elige tu zona" in second, customer.transcript
    titles = [button["title"] for button in customer.last_buttons]
    assert "Queru Queru" in titles and "🙋 Hablar con una persona" in titles
    conversations = backend.get("/api/conversations", headers=staff_headers, params={"limit": 500}).json()["data"]
    assert next(c for c in conversations if c["conversation_id"] == customer.conversation_id)["is_stuck"] is True
    assert "Cala Cala" in customer.presses("Cala Cala"), customer.transcript


def test_a_household_and_its_hours_described_are_read(backend: httpx.Client, staff_headers: dict[str, str]) -> None:
    customer = Customer(backend)
    customer.says_each("hola", "hogar", "Rosa Mamani", "70123988", "rosa.mamani@gmail.com", "para estudiar")
    assert "personas" in customer.says("desde que llegan del colegio hasta la medianoche"), customer.transcript
    assert "instalación" in customer.says("mi esposa, mis dos hijos y yo"), customer.transcript
    lead = lead_of(backend, staff_headers, customer)
    assert lead["usage_hours"] == "night" and lead["household_size"] == 4
