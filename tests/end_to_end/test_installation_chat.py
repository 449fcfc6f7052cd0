"""Scheduling, moving and cancelling the installation in a real conversation, and staff changes the customer
hears of on their channel."""

from datetime import date

import httpx
import pytest

from tests.helpers.customers import Customer, order_number_in
from tests.helpers.installation import postpaid_sale, slot_titles

pytestmark = [pytest.mark.assistant, pytest.mark.both_engines]


def visits_of(backend: httpx.Client, headers: dict[str, str], order_number: str) -> list[dict]:
    orders = backend.get("/api/orders", headers=headers, params={"limit": 500}).json()["data"]
    order_id = next(o["id"] for o in orders if o["number"] == order_number)
    visits = backend.get(
        "/api/installations/visits", headers=headers, params={"start": date.today().isoformat(), "days": 40}
    ).json()
    return [visit for visit in visits if visit["order_id"] == order_id]


def test_the_customer_books_moves_and_cancels_the_visit_in_the_chat(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer = Customer(backend)
    reply = postpaid_sale(customer, "Mónica Salinas", "7123456")
    assert "SOL-" in reply and "agendemos la instalación" in reply
    order_number = order_number_in(reply)
    first_page = slot_titles(customer)
    assert len(first_page) == 3 and any(b["title"] == "Más fechas" for b in customer.last_buttons)

    assert "otros horarios" in customer.presses("Más fechas")
    second_page = slot_titles(customer)
    assert len(second_page) == 3 and not set(second_page) & set(first_page)

    booked = customer.presses(second_page[0])
    assert "quedó agendada" in booked and "carnet" in booked
    [visit] = visits_of(backend, staff_headers, order_number)
    assert visit["status"] == "scheduled" and visit["window"] in booked

    assert "está agendada para" in customer.says("quiero cambiar la fecha de instalación")
    moved = customer.presses(slot_titles(customer)[2])
    assert "quedó agendada" in moved
    visits = visits_of(backend, staff_headers, order_number)
    assert sorted(v["status"] for v in visits) == ["cancelled", "scheduled"]

    assert "Cancelé la visita" in customer.says("cancelar la visita de instalación")
    assert {v["status"] for v in visits_of(backend, staff_headers, order_number)} == {"cancelled"}


def test_staff_moving_the_visit_is_told_to_the_customer(backend: httpx.Client, staff_headers: dict[str, str]) -> None:
    customer = Customer(backend)
    reply = postpaid_sale(customer, "Raúl Montaño", "8123456")
    order_number = order_number_in(reply)
    customer.presses(slot_titles(customer)[0])
    [visit] = visits_of(backend, staff_headers, order_number)
    openings = backend.get(f"/api/installations/orders/{visit['order_id']}/openings", headers=staff_headers).json()
    moved = backend.post(
        f"/api/installations/visits/{visit['id']}/reschedule",
        json={"starts_at": openings[-1]["starts_at"]},
        headers=staff_headers,
    )
    assert moved.status_code == 200

    notices = customer.streamed(until=bool)
    assert "Cambiamos la fecha de tu instalación" in notices[0]["text"]
    assert moved.json()["window"] in notices[0]["text"]


def test_a_failed_visit_is_told_with_new_times_to_choose(backend: httpx.Client, staff_headers: dict[str, str]) -> None:
    customer = Customer(backend)
    reply = postpaid_sale(customer, "Sergio Vidaurre", "6654321")
    order_number = order_number_in(reply)
    customer.presses(slot_titles(customer)[1])
    [visit] = visits_of(backend, staff_headers, order_number)
    failed = backend.post(
        f"/api/installations/visits/{visit['id']}/failed",
        json={"reason": "no había nadie en el domicilio"},
        headers=staff_headers,
    )
    assert failed.status_code == 200

    received = customer.streamed(until=lambda messages: any(message["buttons"] for message in messages))
    assert "no había nadie en el domicilio" in received[0]["text"]
    offer = next(message for message in received if message["buttons"])
    assert any(button["title"] == "Más fechas" for button in offer["buttons"])
    customer.last_buttons = offer["buttons"]
    assert "quedó agendada" in customer.presses(offer["buttons"][0]["title"])
    assert sorted(v["status"] for v in visits_of(backend, staff_headers, order_number)) == ["failed", "scheduled"]


def test_times_said_in_words_bring_the_nearest_free_times(backend: httpx.Client) -> None:
    customer = Customer(backend)
    postpaid_sale(customer, "Teresa Arnez", "9123456")
    for wish in ("mañana a las 10", "pasado mañana por la tarde", "el jueves 26 a las 9", "el sábado en la mañana"):
        reply = customer.says(wish)
        assert "más cercanos a lo que me pides" in reply and "hogar" not in reply, customer.transcript
        assert slot_titles(customer), customer.transcript
    customer.says("el lunes en la mañana")
    monday = slot_titles(customer)[0]
    assert monday.startswith("lun ") and monday.endswith(("08:00", "09:00", "10:00", "11:00")), customer.transcript
    customer.says("mejor la próxima semana")
    assert slot_titles(customer)[0].startswith("lun "), customer.transcript
    assert "quedó agendada" in customer.presses(slot_titles(customer)[0])


def test_a_customer_with_a_booked_visit_who_greets_again_is_not_asked_home_or_company(backend: httpx.Client) -> None:
    customer = Customer(backend)
    order_number = order_number_in(postpaid_sale(customer, "Elena Rocha", "9123456"))
    assert "quedó agendada" in customer.presses(slot_titles(customer)[0])

    again = customer.says("hola")
    assert f"solicitud *N° {order_number}* ya está registrada" in again
    assert "¿el servicio es para tu" not in again
    assert {b["title"] for b in customer.last_buttons} == {"🏠 Otro para un hogar", "🏢 Para una empresa"}
    paid = customer.says("¿ya se confirmó mi pago?")
    assert "postpago" in paid and "nada que pagar" in paid and "No encuentro" not in paid
    assert "Para qué" in customer.presses("🏠 Otro para un hogar")  # another request, same contact data
