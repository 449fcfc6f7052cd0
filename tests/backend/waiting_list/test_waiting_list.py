"""The waiting list for real: two customers recorded outside coverage (one by pin, one by the place they named),
a supervisor adds the zone that now covers both, approves telling them, and each sale goes on where it stopped."""

import httpx
import pytest

from tests.helpers.customers import Customer

pytestmark = pytest.mark.assistant

VINTO_PIN = {"latitude": -17.3960, "longitude": -66.3150}  # outside every zone until Vinto is added
VINTO = {
    "name": "Vinto",
    "city": "Quillacollo",
    "polygon": [[-17.405, -66.325], [-17.405, -66.305], [-17.385, -66.305], [-17.385, -66.325]],
    "aliases": ["vinto pueblo"],
}


def waits_outside_coverage(customer: Customer, name: str, phone: str, place: dict | str) -> None:
    """A home customer who gives their data, is told there is no coverage where they live, and asks to be told."""
    email = f"{name.split()[0].lower()}.{customer.sender_id[-6:]}@gmail.com"
    customer.says_each("hola", "para mi casa", name, phone, email, "para estudiar", "en la noche", "3")
    reply = customer.shares_location(place) if isinstance(place, dict) else customer.says(place)
    assert "no tenemos cobertura" in reply and "avisemos" in reply, customer.transcript
    assert "avisaremos" in customer.presses("Sí, avísenme"), customer.transcript


def lead_of(backend: httpx.Client, headers: dict[str, str], customer: Customer) -> dict:
    leads = backend.get("/api/leads", headers=headers, params={"limit": 500}).json()["data"]
    return next(lead for lead in leads if lead["conversation_id"] == customer.conversation_id)


def test_a_new_zone_takes_up_the_sales_of_the_customers_waiting_there(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    by_pin, by_name = Customer(backend), Customer(backend)
    waits_outside_coverage(by_pin, "Julia Vargas Soto", "71230001", VINTO_PIN)
    waits_outside_coverage(by_name, "Pedro Rocha Lima", "71230002", "en Vinto, calle Bolívar 12")
    ids = {lead_of(backend, staff_headers, customer)["id"] for customer in (by_pin, by_name)}
    waiting = backend.get("/api/waiting-list", headers=staff_headers).json()
    assert ids <= {lead["id"] for lead in waiting}

    added = backend.post("/api/coverage/zones", headers=staff_headers, json=VINTO)
    assert added.status_code == 201, added.text
    zone_id = added.json()["zone"]["id"]
    assert ids <= {lead["id"] for lead in added.json()["now_covered"]}
    assert backend.post("/api/coverage/zones", headers=staff_headers, json=VINTO).status_code == 409  # name taken

    cookie = {"venta_session": staff_headers["Authorization"].split()[1]}
    page = backend.get("/console/waiting-list", cookies=cookie).text
    assert "Vinto (Quillacollo) cubre ahora a" in page and "Julia Vargas Soto" in page and "Pedro Rocha Lima" in page

    resumed = backend.post(
        f"/api/coverage/zones/{zone_id}/waiting/resume", headers=staff_headers, json={"lead_ids": sorted(ids)}
    )
    assert resumed.status_code == 200, resumed.text
    assert {lead["id"] for lead in resumed.json()["resumed"]} == ids
    assert not ids & {lead["id"] for lead in backend.get("/api/waiting-list", headers=staff_headers).json()}

    for customer in (by_pin, by_name):
        told = customer.streamed(until=lambda messages: any("referencia" in m["text"] for m in messages))
        assert "Buenas noticias" in told[0]["text"] and "*Vinto*" in told[0]["text"], told
        assert "referencia" in told[-1]["text"], told  # the question the sale had not reached yet
        assert "Te recomiendo" in customer.says("casa azul junto a la cancha"), customer.transcript
        lead = lead_of(backend, staff_headers, customer)
        assert lead["stage"] == "informed" and lead["coverage_zone"] == "Vinto", lead
        assert lead["usage"] == "study" and lead["household_size"] == 3  # what was said before stays

    report = backend.get("/api/reports/unattended", headers=staff_headers).json()
    assert report["coverage_arrived"] >= 2
    again = backend.post(
        f"/api/coverage/zones/{zone_id}/waiting/resume", headers=staff_headers, json={"lead_ids": sorted(ids)}
    )
    assert again.json()["resumed"] == []  # told once


def test_the_waiting_list_is_for_supervisors(backend: httpx.Client) -> None:
    assert backend.get("/api/waiting-list").status_code == 401
    assert backend.post("/api/coverage/zones", json=VINTO).status_code == 401
