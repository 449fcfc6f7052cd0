"""The backoffice checks every new request: an incomplete one goes back to its executive with the reason, comes
back completed and passes; only then is the sale handed to billing. The sales report counts it."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.config import Settings
from tests.helpers.backoffice import a_postpaid_request, billing_reference_of
from tests.helpers.basics import la_paz_today, login

pytestmark = pytest.mark.both_engines
PASSWORD = "clave-segura-123"


@pytest.fixture
def office(settings: Settings, tmp_path: Path) -> TestClient:
    settings.DOCUMENTS_DIR = str(tmp_path / "documents")
    settings.SEND_RETRY_BASE_SECONDS, settings.WORKER_POLL_SECONDS = 0.05, 0.05
    with TestClient(create_app(settings)) as client:
        yield client


def a_member(client: TestClient, name: str, role: str) -> dict[str, str]:
    email = f"{name.lower().replace(' ', '.')}@venta.bo"
    body = {"email": email, "full_name": name, "password": PASSWORD, "role": role}
    assert client.post("/api/users", json=body, headers=login(client)).status_code == 201
    return login(client, email, PASSWORD)


def test_a_request_missing_its_reference_is_returned_to_the_executive_and_then_passes(
    office: TestClient, assistant_headers: dict[str, str]
) -> None:
    executive = a_member(office, "Eva Ejecutiva", "executive")
    backoffice = a_member(office, "Beto Backoffice", "backoffice")
    order = a_postpaid_request(office, assistant_headers, "sin-referencia", reference=None)
    assert order["state"] == "sale"

    [check] = office.get("/api/backoffice/queue", headers=backoffice).json()
    assert check["order_number"] == order["number"] and check["state_label"] == "Por revisar"
    held = {item["item"]: item["held"] for item in check["checklist"]}
    assert held == {"ci_photo": True, "address_reference": False, "acceptance": True, "payment": True}
    refused = office.post(f"/api/backoffice/checks/{check['id']}/pass", headers=backoffice)
    assert refused.status_code == 409 and "Referencia del domicilio" in refused.json()["detail"]
    assert office.get("/api/backoffice/queue", headers=executive).status_code == 403

    returned = office.post(f"/api/backoffice/checks/{check['id']}/return", headers=backoffice,
                           json={"reason": "sin referencia no encontramos la casa"})  # fmt: skip
    assert returned.status_code == 200 and returned.json()["missing"] == ["Referencia del domicilio"]
    assert office.get("/api/backoffice/queue", headers=backoffice).json() == []
    [notice] = office.get("/api/notifications", headers=executive).json()
    assert order["number"] in notice["text"] and "sin referencia no encontramos la casa" in notice["text"]
    assert billing_reference_of(office, order["id"]) is None  # not handed to billing while returned

    completed = office.post(f"/api/orders/{order['id']}/details", headers=executive,
                            json={"address_reference": "portón negro junto a la farmacia"})  # fmt: skip
    assert completed.status_code == 200
    again = office.post(f"/api/backoffice/orders/{order['id']}/resubmit", headers=executive)
    assert again.status_code == 200 and again.json()["state"] == "pending"
    passed = office.post(f"/api/backoffice/checks/{again.json()['id']}/pass", headers=backoffice)
    assert passed.status_code == 200 and passed.json()["decided_by"] == "beto.backoffice@venta.bo"
    assert billing_reference_of(office, order["id"]) == f"CSV-{order['number']}"

    today = la_paz_today().isoformat()
    report = office.get("/api/reports/sales", params={"start": today, "end": today}, headers=login(office)).json()
    assert report["handling"]["backoffice_count"] == 2 and report["handling"]["backoffice_returned"] == 1
    assert report["handling"]["backoffice_minutes"] is not None


def test_a_complete_request_passes_at_once(office: TestClient, assistant_headers: dict[str, str]) -> None:
    backoffice = a_member(office, "Caro Backoffice", "backoffice")
    order = a_postpaid_request(office, assistant_headers, "completa", reference="casa azul frente al parque")
    [check] = office.get("/api/backoffice/queue", headers=backoffice).json()
    assert all(item["held"] for item in check["checklist"])
    assert office.post(f"/api/backoffice/checks/{check['id']}/pass", headers=backoffice).status_code == 200
    twice = office.post(f"/api/backoffice/checks/{check['id']}/pass", headers=backoffice)
    assert twice.status_code == 409
    assert billing_reference_of(office, order["id"]) == f"CSV-{order['number']}"
