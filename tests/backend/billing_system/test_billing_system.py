"""The billing system port: a CI's debt limits the sale to prepaid, and sold requests are handed over once — over
HTTP against a loopback stand-in of the billing system, and from the local table staff import as CSV."""

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.config import Settings
from tests.helpers.api import COMPLETE_LEAD, capture, zone_id
from tests.helpers.backoffice import a_postpaid_request, billing_reference_of
from tests.helpers.basics import la_paz_today, login

pytestmark = pytest.mark.both_engines

TOKEN = "billing-test-token"
DEBTOR, CLEAN = "3344556 CB", "7788990 LP"


class StandIn(ThreadingHTTPServer):
    """The billing system on loopback: one debtor, and a sales endpoint that fails `failures` times first."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), StandInHandler)
        self.failures = 0
        self.sales: dict[str, dict] = {}
        self.attempts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class StandInHandler(BaseHTTPRequestHandler):
    server: StandIn

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, status: int, body: dict | None = None) -> None:
        data = json.dumps(body or {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._answer(401)
        ci = unquote(self.path.removeprefix("/customers/"))
        if ci == DEBTOR:
            return self._answer(200, {"debt_bs": "245.50", "debt_since": "2026-05-01"})
        return self._answer(404)

    def do_PUT(self) -> None:
        self.server.attempts += 1
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.server.failures > 0:
            self.server.failures -= 1
            return self._answer(503, {"error": "mantenimiento"})
        number = unquote(self.path.removeprefix("/sales/"))
        assert self.headers["Idempotency-Key"] == number == body["number"]
        self.server.sales[number] = body
        self._answer(201, {"reference": f"SF-{len(self.server.sales):05d}"})


@pytest.fixture
def stand_in() -> Iterator[StandIn]:
    server = StandIn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


@pytest.fixture
def billing_client(settings: Settings, stand_in: StandIn, tmp_path: Path) -> Iterator[TestClient]:
    settings.BILLING_SYSTEM_URL, settings.BILLING_SYSTEM_TOKEN = stand_in.url, TOKEN
    settings.DOCUMENTS_DIR = str(tmp_path / "documents")
    settings.SEND_RETRY_BASE_SECONDS, settings.WORKER_POLL_SECONDS = 0.05, 0.05
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def a_complete_lead(client: TestClient, headers: dict[str, str], conversation: str) -> None:
    data = {**COMPLETE_LEAD, "coverage_zone_id": zone_id(client, "Queru Queru")}
    assert capture(client, headers, data, conversation).status_code == 200


def order(client: TestClient, headers: dict[str, str], conversation: str, ci: str, payment: str):  # type: ignore[no-untyped-def]
    body = {"conversation_id": conversation, "plan_code": "FIBRA_80", "id_number": ci, "payment_method": payment}
    return client.post("/api/assistant/orders", json=body, headers=headers)


def standing(client: TestClient, headers: dict[str, str], conversation: str, ci: str):  # type: ignore[no-untyped-def]
    return client.post(f"/api/assistant/leads/{conversation}/standing", json={"id_number": ci}, headers=headers)


def test_a_customer_with_debt_may_only_buy_prepaid_and_the_lead_says_why(
    billing_client: TestClient, assistant_headers: dict[str, str]
) -> None:
    a_complete_lead(billing_client, assistant_headers, "webchat:debtor")
    answer = standing(billing_client, assistant_headers, "webchat:debtor", DEBTOR.lower())
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "existing_customer": True, "debt_bs": "245.50", "debt_since": "2026-05-01", "prepaid_only": True
    }  # fmt: skip
    [lead] = billing_client.get("/api/leads", headers=login(billing_client)).json()["data"]
    assert lead["prepaid_only_reason"] == (
        "Deuda pendiente de Bs 245,50 desde el 01/05/2026 en el sistema de facturación: solo prepago"
    )
    refused = order(billing_client, assistant_headers, "webchat:debtor", DEBTOR, "postpaid")
    assert refused.status_code == 409 and "prepago" in refused.json()["detail"]
    assert order(billing_client, assistant_headers, "webchat:debtor", DEBTOR, "prepaid").status_code == 201

    a_complete_lead(billing_client, assistant_headers, "webchat:clean")
    clean = standing(billing_client, assistant_headers, "webchat:clean", CLEAN).json()
    assert clean == {"existing_customer": False, "debt_bs": "0.00", "debt_since": None, "prepaid_only": False}
    assert standing(billing_client, assistant_headers, "webchat:clean", "12").status_code == 422


def test_a_sale_is_handed_over_once_though_the_billing_system_fails_twice(
    billing_client: TestClient, assistant_headers: dict[str, str], stand_in: StandIn
) -> None:
    stand_in.failures = 2
    sold = a_postpaid_request(billing_client, assistant_headers, "sold", reference="casa azul frente al parque")
    assert sold["state"] == "sale" and sold["billing_reference"] is None  # postpaid: sold at once
    admin = login(billing_client)
    [check] = billing_client.get("/api/backoffice/queue", headers=admin).json()
    assert billing_client.post(f"/api/backoffice/checks/{check['id']}/pass", headers=admin).status_code == 200

    assert billing_reference_of(billing_client, sold["id"]) == "SF-00001"
    assert stand_in.attempts == 3 and list(stand_in.sales) == [sold["number"]]
    handed = stand_in.sales[sold["number"]]
    assert handed["id_number"] == "4567891 CB" and handed["plan_code"] == "FIBRA_80"
    assert handed["payment_method"] == "postpaid" and handed["zone"] == "Queru Queru"
    assert handed["monthly_price_bs"] == sold["monthly_price_bs"]
    time.sleep(0.3)  # later rounds of the worker leave it alone
    assert stand_in.attempts == 3


def test_the_local_table_answers_from_the_imported_csv_and_the_day_sales_export(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    admin = login(client)
    csv_text = "id_number,full_name,debt_bs,debt_since\n3344556 cb,Rosa Debe,120.00,2026-03-15\n7788990 LP,Al Dia,0,\n"
    imported = client.post("/api/billing/accounts/import", content=csv_text,
                           headers={**admin, "Content-Type": "text/csv"})  # fmt: skip
    assert imported.status_code == 200 and imported.json() == {"accounts": 2}
    bad = client.post("/api/billing/accounts/import", content="id_number,full_name,debt_bs,debt_since\n12,X,1,\n",
                      headers={**admin, "Content-Type": "text/csv"})  # fmt: skip
    assert bad.status_code == 409 and bad.json()["detail"] == "Línea 2: «12» no es un CI"

    a_complete_lead(client, assistant_headers, "webchat:local")
    assert standing(client, assistant_headers, "webchat:local", DEBTOR).json()["prepaid_only"] is True
    assert standing(client, assistant_headers, "webchat:local", CLEAN).json() == {
        "existing_customer": True, "debt_bs": "0.00", "debt_since": None, "prepaid_only": False
    }  # fmt: skip
    sold = order(client, assistant_headers, "webchat:local", CLEAN, "postpaid").json()
    export = client.get("/api/billing/sales.csv", params={"day": la_paz_today().isoformat()}, headers=admin)
    header, row = export.text.removeprefix("\ufeff").strip().splitlines()  # the reports' CSV: BOM, semicolons
    assert header.startswith("number;sold_at;id_number;full_name;") and header.endswith(";billing_reference")
    assert row.startswith(f"{sold['number']};") and ";7788990 LP;Ana Rojas;" in row
    executive_forbidden = client.get("/api/billing/sales.csv", params={"day": "2026-11-26"})
    assert executive_forbidden.status_code == 401
