"""The customer's explicit acceptance is kept with the request, exactly as shown and answered, and never changes."""

import io

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import update

from backend.database import transaction
from backend.orders.acceptance import EvidenceIsImmutable, OrderAcceptance
from tests.helpers.acceptance import TERMS, a_conversation_that_accepts
from tests.helpers.api import COMPLETE_LEAD, capture, zone_id
from tests.helpers.basics import login

pytestmark = pytest.mark.both_engines


def order_for(client: TestClient, assistant_headers: dict[str, str], conversation_id: str) -> dict:
    capture(client, assistant_headers, {**COMPLETE_LEAD, "coverage_zone_id": zone_id(client, "Queru Queru")},
            conversation_id)  # fmt: skip
    order = {"conversation_id": conversation_id, "plan_code": "FIBRA_80", "id_number": "4567891 CB",
             "payment_method": "postpaid"}  # fmt: skip
    response = client.post("/api/assistant/orders", json=order, headers=assistant_headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_the_request_keeps_the_exact_terms_shown_and_the_answer(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    conversation_id = a_conversation_that_accepts(client, "acepta-1", "Acepto")
    order = order_for(client, assistant_headers, conversation_id)

    evidence = order["acceptance"]
    assert evidence["terms_text"] == TERMS
    assert evidence["answer_text"] == "Acepto"
    assert evidence["channel"] == "webchat"
    assert evidence["terms_message_id"] < evidence["answer_message_id"]
    assert evidence["shown_at"] <= evidence["accepted_at"]
    staff_view = client.get("/api/orders", headers=login(client)).json()["data"][0]
    assert staff_view["acceptance"] == evidence


def test_acceptance_evidence_cannot_be_edited(client: TestClient, assistant_headers: dict[str, str]) -> None:
    order = order_for(client, assistant_headers, a_conversation_that_accepts(client, "acepta-2", "sí, acepto"))
    admin = login(client)
    for method in ("PUT", "PATCH", "DELETE"):
        for path in (f"/api/orders/{order['id']}", f"/api/orders/{order['id']}/acceptance"):
            assert client.request(method, path, headers=admin, json={}).status_code in (404, 405)
    with pytest.raises(EvidenceIsImmutable):
        with transaction(client.app.state.session_factory) as db:  # type: ignore[attr-defined]
            evidence = db.query(OrderAcceptance).filter_by(order_id=order["id"]).one()
            evidence.answer_text = "no acepto"
    with transaction(client.app.state.session_factory) as db:  # type: ignore[attr-defined]
        db.execute(update(OrderAcceptance).values(answer_text="no acepto").execution_options(synchronize_session=False))
        db.rollback()  # a bulk statement bypasses the session's guard: only code that means it runs one
    assert client.get("/api/orders", headers=admin).json()["data"][0]["acceptance"]["answer_text"] == "sí, acepto"


def test_a_request_made_without_the_terms_shown_has_no_acceptance(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    order = order_for(client, assistant_headers, "webchat:never-shown")
    assert order["acceptance"] is None


def test_the_contract_pdf_holds_the_request_and_its_acceptance(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    order = order_for(client, assistant_headers, a_conversation_that_accepts(client, "contrato-1", "Acepto"))
    staff = client.get(f"/api/orders/{order['id']}/contract.pdf", headers=login(client))
    assert staff.status_code == 200 and staff.headers["content-type"] == "application/pdf"
    page = PdfReader(io.BytesIO(staff.content)).pages[0]
    text = page.extract_text()
    for expected in ("SOLICITUD CONTRATO DE SERVICIOS", order["number"], "Ana Rojas", "4567891 CB",
                     "Av. América 123, Queru Queru", "Fibra Hogar 80", "12 meses", "Postpago", "webchat",
                     "«Acepto»", "Revisemos tu solicitud"):  # fmt: skip
        assert expected in text, expected
    assert page.images, "the QR that leads staff to the request"

    customer_link = order["contract_url"]
    assert customer_link.startswith("http://testserver/contracts/") and "?t=" in customer_link
    assert client.get(customer_link).content == staff.content  # the customer's link needs no login
    assert client.get(customer_link[:-3] + "AAA").status_code == 404
    assert client.get(f"/api/orders/{order['id']}/contract.pdf").status_code == 401
