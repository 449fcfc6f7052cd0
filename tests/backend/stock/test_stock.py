"""Equipment stock: a request reserves a unit (an alternative model when the usual one is gone), two requests
racing for the last one never both get it, an annulment gives it back, and with none left the request says
when more is expected."""

import threading

import pytest
from fastapi.testclient import TestClient

from tests.helpers.api import COMPLETE_LEAD, capture, zone_id
from tests.helpers.basics import login

pytestmark = pytest.mark.both_engines


def technology_of(client: TestClient, plan_code: str) -> str:
    return next(p["technology"] for p in client.get("/api/plans").json()["data"] if p["code"] == plan_code)


def set_stock(client: TestClient, model: str, available: int, **extra: object) -> dict:
    line = {"technology": technology_of(client, "FIBRA_80"), "coverage_zone_id": zone_id(client, "Queru Queru"),
            "model": model, "available": available, **extra}  # fmt: skip
    response = client.put("/api/stock", json=line, headers=login(client))
    assert response.status_code == 200, response.text
    return response.json()


def a_request(client: TestClient, headers: dict[str, str], key: str) -> dict:
    conversation = f"webchat:{key}"
    capture(client, headers, {**COMPLETE_LEAD, "coverage_zone_id": zone_id(client, "Queru Queru")}, conversation)
    body = {"conversation_id": conversation, "plan_code": "FIBRA_80", "id_number": "4567891 CB",
            "payment_method": "prepaid"}  # fmt: skip
    response = client.post("/api/assistant/orders", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def free_units(client: TestClient, model: str) -> int:
    return next(line["available"] for line in client.get("/api/stock", headers=login(client)).json()
                if line["model"] == model)  # fmt: skip


def test_the_last_router_goes_to_one_of_two_racing_requests_and_comes_back_on_annulment(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    set_stock(client, "ONT HG8145", 1, restock_on="2026-12-15")
    for key in ("race-a", "race-b"):
        capture(client, assistant_headers, {**COMPLETE_LEAD, "coverage_zone_id": zone_id(client, "Queru Queru")},
                f"webchat:{key}")  # fmt: skip
    start, orders = threading.Barrier(2), []

    def order(key: str) -> None:
        body = {"conversation_id": f"webchat:{key}", "plan_code": "FIBRA_80", "id_number": "4567891 CB",
                "payment_method": "prepaid"}  # fmt: skip
        start.wait()
        orders.append(client.post("/api/assistant/orders", json=body, headers=assistant_headers).json())

    racers = [threading.Thread(target=order, args=(key,)) for key in ("race-a", "race-b")]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()

    statuses = sorted(o["equipment_status"] for o in orders)
    assert statuses == ["out_of_stock", "reserved"]
    winner = next(o for o in orders if o["equipment_status"] == "reserved")
    loser = next(o for o in orders if o["equipment_status"] == "out_of_stock")
    assert winner["equipment_model"] == "ONT HG8145" and free_units(client, "ONT HG8145") == 0
    assert loser["equipment_model"] is None and loser["restock_on"] == "2026-12-15"

    annulled = client.post(f"/api/orders/{winner['id']}/annul", json={"reason": "el cliente desistió"},
                           headers=login(client))  # fmt: skip
    assert annulled.status_code == 200 and free_units(client, "ONT HG8145") == 1
    assert a_request(client, assistant_headers, "after")["equipment_model"] == "ONT HG8145"


def test_an_alternative_model_is_reserved_when_the_usual_one_is_gone(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    set_stock(client, "ONT habitual", 0)
    set_stock(client, "ONT alternativa", 2, preference=1)
    got = a_request(client, assistant_headers, "alternative")
    assert (got["equipment_status"], got["equipment_model"]) == ("alternative", "ONT alternativa")
    assert free_units(client, "ONT alternativa") == 1


def test_a_zone_without_stock_lines_is_not_tracked(client: TestClient, assistant_headers: dict[str, str]) -> None:
    got = a_request(client, assistant_headers, "untracked")
    assert (got["equipment_status"], got["equipment_model"]) == ("untracked", None)
    assert client.put("/api/stock", json={}, headers=login(client)).status_code == 422
    assert client.get("/api/stock").status_code == 401
