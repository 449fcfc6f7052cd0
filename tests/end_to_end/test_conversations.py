"""Whole conversations in Spanish through POST /webchat/messages, against the real model, action
server and backend; each test checks what the back office recorded."""

import re
import uuid
from typing import Any

import httpx
import pytest

from tests.helpers.customers import COVERED_PIN, Customer, lead_of

pytestmark = pytest.mark.assistant

UNCOVERED_PIN = {"latitude": -17.4030, "longitude": -66.0390}  # Sacaba, outside every zone


def orders_of(backend: httpx.Client, headers: dict[str, str], customer: Customer) -> list[dict[str, Any]]:
    lead = lead_of(backend, headers, customer)
    orders = backend.get("/api/orders", headers=headers, params={"limit": 500}).json()["data"]
    return [order for order in orders if order["lead_id"] == lead["id"]]


def test_residential_sale_from_hola_to_an_order(backend: httpx.Client, staff_headers: dict[str, str]) -> None:
    customer = Customer(backend)
    assert "hogar" in customer.says("hola").lower()
    assert "nombre" in customer.presses("🏠 Para mi hogar").lower()
    assert "celular" in customer.says("Ana María Gutiérrez").lower()
    assert "correo" in customer.says("71234567").lower()
    assert "para qué" in customer.says("ana.gutierrez@gmail.com").lower()
    assert "horario" in customer.says("para estudiar y hacer tareas").lower()
    assert "personas" in customer.says("en las noches").lower()
    assert "instalación" in customer.says("somos 3").lower()
    reply = customer.shares_location(COVERED_PIN)
    assert "cobertura" in reply and "Centro" in reply
    reply = customer.says("casa amarilla frente a la plaza")
    assert "Te recomiendo" in reply and "Bs" in reply
    assert "carnet" in customer.presses("¡Lo quiero!")
    assert "pagar" in customer.says("4567891 CB")
    summary = customer.presses("Postpago")
    assert "Revisemos tu solicitud" in summary and "4567891 CB" in summary
    assert "plazo mínimo de 12 meses" in summary and "responde *Acepto*" in summary
    reply = customer.presses("Acepto")
    assert "SOL-" in reply, customer.transcript

    [order] = orders_of(backend, staff_headers, customer)
    assert order["number"] in reply
    evidence = order["acceptance"]  # exactly what the customer read, and their answer
    assert evidence["terms_text"] in summary and evidence["terms_text"].startswith("Revisemos tu solicitud")
    assert evidence["answer_text"] == "Acepto" and evidence["channel"] == "webchat"
    [link] = re.findall(r"https?://\S+/contracts/\S+", reply)  # the contract reaches the customer
    contract = backend.get(link)
    assert contract.status_code == 200 and contract.content.startswith(b"%PDF")
    assert order["state"] == "sale" and order["state_label"] == "Venta" and order["recurring_billing"]
    assert order["customer"]["full_name"] == "Ana María Gutiérrez"
    assert order["customer"]["id_number"] == "4567891 CB"
    assert order["customer"]["phone"] == "+59171234567"
    assert order["customer"]["email"] == "ana.gutierrez@gmail.com"
    assert order["payment_method"] == "postpaid"
    assert order["coverage_zone"] == "Centro"
    assert order["latitude"] == pytest.approx(COVERED_PIN["latitude"])
    assert order["address_reference"] == "casa amarilla frente a la plaza"
    assert order["channel"] == "webchat"
    lead = lead_of(backend, staff_headers, customer)
    assert lead["stage"] == "sale"
    assert lead["customer_type"] == "residential"
    assert lead["usage"] == "study" and lead["usage_hours"] == "night" and lead["household_size"] == 3
    assert lead["offered_plan"]["code"] == order["plan"]["code"]


def test_a_customer_with_debt_is_offered_prepaid_only(backend: httpx.Client, staff_headers: dict[str, str]) -> None:
    ci = f"{uuid.uuid4().int % 9_000_000 + 1_000_000} CB"
    accounts = f"id_number,full_name,debt_bs,debt_since\n{ci},Rosa Debe,245.50,2026-05-01\n"
    imported = backend.post("/api/billing/accounts/import", content=accounts,
                            headers={**staff_headers, "Content-Type": "text/csv"})  # fmt: skip
    assert imported.status_code == 200, imported.text
    customer = Customer(backend)
    customer.says("hola, quiero internet para mi casa")
    customer.says_each("Rosa Quiroga", "71234568", "rosa.quiroga@gmail.com", "para ver series", "en las noches",
                       "somos 2")  # fmt: skip
    customer.shares_location(COVERED_PIN)
    customer.says("casa verde al lado de la farmacia")
    customer.presses("¡Lo quiero!")
    reply = customer.says(ci)
    assert "deuda pendiente de Bs 245,50 desde el 01/05/2026" in reply and "prepago" in reply, customer.transcript
    assert "Revisemos tu solicitud" in reply and "Forma de pago: Prepago" in reply  # not asked how to pay
    lead = lead_of(backend, staff_headers, customer)
    assert lead["prepaid_only_reason"].startswith("Deuda pendiente de Bs 245,50")


def test_business_customer_is_referred_to_the_enterprise_team(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer = Customer(backend)
    customer.says("buenas tardes")
    assert "nombre" in customer.says("es para mi empresa").lower()
    customer.says("Roberto Salazar")
    customer.says("mi número es 76543210")
    reply = customer.says("Distribuidora Andina SRL")
    assert "empresas" in reply and "+59176543210" in reply
    lead = lead_of(backend, staff_headers, customer)
    assert lead["customer_type"] == "business"
    assert lead["company_name"] == "Distribuidora Andina SRL"
    assert lead["full_name"] == "Roberto Salazar"
    assert lead["phone"] == "+59176543210"
    assert orders_of(backend, staff_headers, customer) == []


def fill_contact_and_profile(customer: Customer, email: str = "carla.mendez@hotmail.com") -> None:
    customer.says_each(
        "hola", "para mi casa", "Carla Méndez", "70011223", email, "series y netflix", "todo el día", "2"
    )


def test_no_coverage_is_recorded_as_not_attended(backend: httpx.Client, staff_headers: dict[str, str]) -> None:
    customer = Customer(backend)
    fill_contact_and_profile(customer)
    reply = customer.shares_location(UNCOVERED_PIN)
    assert "no tenemos cobertura" in reply and "avisemos" in reply
    reply = customer.presses("Sí, avísenme")
    assert "avisaremos" in reply
    lead = lead_of(backend, staff_headers, customer)
    assert lead["stage"] == "unattended" and lead["stage_label"] == "No atendida"
    assert lead["unattended_reason"] == "no_coverage"
    assert lead["coverage_status"] == "not_covered"
    assert lead["notify_on_coverage"] is True
    assert orders_of(backend, staff_headers, customer) == []


def test_a_correction_mid_form_is_kept(backend: httpx.Client, staff_headers: dict[str, str]) -> None:
    customer = Customer(backend)
    customer.says_each("hola", "hogar", "Luis Quispe", "69876543")
    reply = customer.says("no, mi número es 72223344")
    assert "correo" in reply.lower()
    customer.says("luis.quispe@gmail.com")
    assert lead_of(backend, staff_headers, customer)["phone"] == "+59172223344"
    customer.says("teletrabajo")
    reply = customer.says("no, perdón, mi correo es lquispe@yahoo.com")
    assert "horario" in reply.lower()
    lead = lead_of(backend, staff_headers, customer)
    assert lead["email"] == "lquispe@yahoo.com"
    assert lead["usage"] == "home_office"


def test_an_invalid_email_is_asked_again_with_a_reason(backend: httpx.Client, staff_headers: dict[str, str]) -> None:
    customer = Customer(backend)
    customer.says_each("hola", "para la casa", "Marco Antonio Rojas", "71112233")
    reply = customer.says("marco.rojas@gmail.con")
    assert "no parece válido" in reply and "gmail.com" in reply
    reply = customer.says("marcorojas")
    assert "@" in reply and "correo" in reply.lower()
    assert lead_of(backend, staff_headers, customer)["email"] is None
    assert "para qué" in customer.says("marco.rojas@gmail.com").lower()
    assert lead_of(backend, staff_headers, customer)["email"] == "marco.rojas@gmail.com"


def test_a_question_mid_form_is_answered_and_the_form_resumes(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer = Customer(backend)
    customer.says_each("hola", "para mi hogar", "Sofía Vargas")
    reply = customer.says("cuanto cuesta el internet?")
    assert "Fibra Hogar 40" in reply and "Bs 149" in reply
    assert "celular" in reply.lower()
    reply = customer.says("cuéntame un chiste")
    assert "no te puedo ayudar" in reply and "celular" in reply.lower()
    customer.says("77788899")
    lead = lead_of(backend, staff_headers, customer)
    assert lead["full_name"] == "Sofía Vargas" and lead["phone"] == "+59177788899"


def test_a_declined_offer_is_recorded_with_its_reason(backend: httpx.Client, staff_headers: dict[str, str]) -> None:
    customer = Customer(backend)
    fill_contact_and_profile(customer, email="carla.m@gmail.com")
    customer.says("Calle Los Pinos 22, Sarco")
    reply = customer.says("portón negro")
    assert "Te recomiendo" in reply
    assert "por qué" in customer.presses("No me interesa")
    customer.presses("El precio")
    lead = lead_of(backend, staff_headers, customer)
    assert lead["stage"] == "unattended"
    assert lead["unattended_reason"] == "offer_declined"
    assert lead["outcome_detail"] == "Precio"
    assert lead["coverage_zone"] == "Sarco"


def test_bad_webchat_input_gets_a_clear_error(backend: httpx.Client) -> None:
    assert backend.post("/webchat/messages", json={"sender_id": "x", "text": "   "}).status_code == 422
    assert backend.post("/webchat/messages", json={"text": "hola"}).status_code == 422
    bad_pin = {"sender_id": "x", "location": {"latitude": 123, "longitude": 0}}
    assert backend.post("/webchat/messages", json=bad_pin).status_code == 422


def test_a_web_chat_message_sent_twice_is_answered_once(backend: httpx.Client, staff_headers: dict[str, str]) -> None:
    body = {"sender_id": f"test-{uuid.uuid4().hex[:12]}", "message_id": uuid.uuid4().hex, "text": "hola"}
    first = backend.post("/webchat/messages", json=body)
    again = backend.post("/webchat/messages", json=body)  # the page retried after a network error
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() and first.json()["messages"]
    transcript = backend.get(f"/api/conversations/webchat:{body['sender_id']}/messages", headers=staff_headers).json()
    directions = [m["direction"] for m in transcript["messages"]]
    assert directions.count("inbound") == 1
    assert directions.count("outbound") == len(first.json()["messages"])


def test_a_name_the_nlu_might_take_for_stopping_is_still_a_name(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer = Customer(backend)
    customer.says("hola")
    customer.presses("🏠 Para mi hogar")
    assert "celular" in customer.says("Elena Quiroga").lower()
    assert lead_of(backend, staff_headers, customer)["full_name"] == "Elena Quiroga"
    assert "lo dejamos aquí" in customer.says("cancelar todo")  # a real wish to stop still stops
