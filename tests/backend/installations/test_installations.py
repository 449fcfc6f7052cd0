"""Installation scheduling on the real API and a real SQLite file: hours, holidays, closures, booking races."""

import threading
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from backend.database import to_db, transaction
from backend.errors import DomainError
from backend.installations import service as installation_service
from backend.installations.models import Visit
from backend.installations.reminders import send_due_reminders
from backend.installations.service import SchedulingRules
from backend.orders.models import Order
from tests.helpers.api import COMPLETE_LEAD, zone_id
from tests.helpers.basics import login

pytestmark = pytest.mark.both_engines

LA_PAZ = ZoneInfo("America/La_Paz")
RULES = SchedulingRules(zone=LA_PAZ)
MONDAY_NIGHT = datetime(2026, 11, 23, 23, 0, tzinfo=LA_PAZ)  # openings start on Tuesday the 24th


def sell(client: TestClient, headers: dict[str, str], conversation: str, zone: str = "Centro") -> int:
    """A postpaid order from a complete lead in `zone`; its id."""
    lead = {**COMPLETE_LEAD, "coverage_zone_id": zone_id(client, zone)}
    assert client.put(f"/api/assistant/leads/{conversation}", json=lead, headers=headers).status_code == 200
    order = {
        "conversation_id": conversation,
        "plan_code": "FIBRA_80",
        "id_number": "4567891 CB",
        "payment_method": "postpaid",
    }
    response = client.post("/api/assistant/orders", json=order, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def openings(
    client: TestClient, order_id: int, now: datetime = MONDAY_NIGHT, limit: int = 200, rules: SchedulingRules = RULES
) -> list[datetime]:
    with transaction(client.app.state.session_factory) as db:
        order = db.get_one(Order, order_id)
        found = installation_service.openings(
            db=db, zone_id=order.coverage_zone_id, technology=order.plan.technology, now=now, rules=rules, limit=limit
        )
        return [opening.starts_at for opening in found]


def book(
    client: TestClient, order_id: int, start: datetime, now: datetime = MONDAY_NIGHT, rules: SchedulingRules = RULES
) -> int:
    with transaction(client.app.state.session_factory) as db:
        order = db.get_one(Order, order_id)
        return installation_service.book(db=db, order=order, starts_at=start, rules=rules, now=now).id


def test_openings_follow_working_hours_and_skip_sundays_and_holidays(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    order_id = sell(client, assistant_headers, "webchat:hours")
    starts = openings(client, order_id)
    first = starts[0]
    assert first == datetime(2026, 11, 24, 8, 0, tzinfo=LA_PAZ)  # the day after, at opening time
    assert all(start.weekday() != 6 for start in starts)  # no Sundays
    assert all(8 <= start.hour and start.hour + 2 <= 17 for start in starts if start.weekday() < 5)
    assert all(start.hour + 2 <= 12 for start in starts if start.weekday() == 5)  # Saturday mornings
    december = openings(client, order_id, now=datetime(2026, 12, 23, 23, 0, tzinfo=LA_PAZ))
    assert all(start.date() != date(2026, 12, 25) for start in december)  # Christmas


def test_a_company_closure_removes_the_day(client: TestClient, assistant_headers: dict[str, str]) -> None:
    order_id = sell(client, assistant_headers, "webchat:closure")
    admin = login(client)
    closure = {"day": "2026-11-24", "reason": "Inventario anual"}
    assert client.post("/api/installations/closures", json=closure, headers=admin).status_code == 201
    assert openings(client, order_id)[0].date() == date(2026, 11, 25)


def test_a_booked_slot_is_not_offered_again_and_a_cancelled_one_is(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    first_order = sell(client, assistant_headers, "webchat:first")
    second_order = sell(client, assistant_headers, "webchat:second", zone="Tupuraya")  # same crew
    start = openings(client, first_order)[0]
    visit_id = book(client, first_order, start)
    assert start not in openings(client, second_order)
    assert start + timedelta(hours=1) not in openings(client, second_order)  # the visit takes two hours
    with pytest.raises(DomainError):
        book(client, first_order, openings(client, first_order)[0])  # one visit per order
    staff = login(client)
    assert client.post(f"/api/installations/visits/{visit_id}/cancel", headers=staff).status_code == 200
    assert start in openings(client, second_order)


def test_two_customers_choosing_the_last_slot_at_once_get_it_once(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    friday_night, one_day = datetime(2026, 11, 27, 23, 0, tzinfo=LA_PAZ), SchedulingRules(zone=LA_PAZ, horizon_days=0)
    filler, *racers = [
        sell(client, assistant_headers, f"webchat:race-{i}", zone="Quillacollo Centro") for i in range(3)
    ]
    saturday = openings(client, filler, now=friday_night, rules=one_day)
    assert [start.hour for start in saturday] == [8, 9, 10]  # two-hour visits on a Saturday morning
    book(client, filler, saturday[0], now=friday_night, rules=one_day)
    [last] = openings(client, racers[0], now=friday_night, rules=one_day)
    assert last.hour == 10
    barrier, results = threading.Barrier(2), []

    def choose(order_id: int) -> None:
        barrier.wait()
        try:
            results.append(book(client, order_id, last, now=friday_night, rules=one_day))
        except DomainError as error:
            results.append(error)

    threads = [threading.Thread(target=choose, args=(order_id,)) for order_id in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(isinstance(result, int) for result in results) == 1
    assert sum(isinstance(result, installation_service.SlotTaken) for result in results) == 1


def test_done_closes_the_order_and_failed_sends_it_back_to_scheduling(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    staff = login(client)
    technology = next(p["technology"] for p in client.get("/api/plans").json()["data"] if p["code"] == "FIBRA_80")
    line = {"technology": technology, "coverage_zone_id": zone_id(client, "Centro"), "model": "ONT ZTE", "available": 3}
    assert client.put("/api/stock", json=line, headers=staff).status_code == 200
    order_id = sell(client, assistant_headers, "webchat:done")
    visit_id = book(client, order_id, openings(client, order_id)[0])
    failed = client.post(
        f"/api/installations/visits/{visit_id}/failed", json={"reason": "Nadie en el domicilio"}, headers=staff
    )
    assert failed.status_code == 200 and failed.json()["status"] == "failed"
    visit_id = book(client, order_id, openings(client, order_id)[0])  # scheduled again
    record = {
        "technician": "Pedro Rojas",
        "received_by": "Ana Rojas",
        "received_by_id_number": "4567891",
        "equipment_serial": "ONT-ZTE-88231",
        "notes": "Router en la sala",
    }
    done = client.post(f"/api/installations/visits/{visit_id}/done", json=record, headers=staff)
    assert done.status_code == 200 and done.json()["record"]["equipment_serial"] == "ONT-ZTE-88231"
    [order] = [o for o in client.get("/api/orders", headers=staff).json()["data"] if o["id"] == order_id]
    assert order["state"] == "closed" and order["state_label"] == "Atendida/Cerrada"
    assert (order["equipment_model"], order["equipment_status"]) == ("ONT ZTE", "installed")  # the Acta used it
    assert client.get("/api/stock", headers=staff).json()[0]["available"] == 2


def test_the_reminder_goes_out_the_day_before_and_only_once(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    client.post("/webchat/messages", json={"sender_id": "reminder", "text": "hola"})  # the customer's conversation
    order_id = sell(client, assistant_headers, "webchat:reminder")
    start = next(s for s in openings(client, order_id) if s - datetime.now(UTC) > timedelta(days=1, hours=12))
    book(client, order_id, start)
    the_day_before = (start - timedelta(days=1)).replace(hour=9).astimezone(UTC)
    remind = {"sessions": client.app.state.session_factory, "outbox": client.app.state.outbox, "rules": RULES}
    assert send_due_reminders(**remind, now=the_day_before - timedelta(days=1)) == 0  # too early
    assert send_due_reminders(**remind, now=the_day_before) == 1
    assert send_due_reminders(**remind, now=the_day_before + timedelta(hours=1)) == 0  # never twice
    transcript = client.get("/api/conversations/webchat:reminder/messages", headers=login(client)).json()
    [reminder] = [m for m in transcript["messages"] if "Te recordamos" in m["text"]]
    assert reminder["status"] == "pending" and "carnet" in reminder["text"]  # the web chat page fetches it


def test_a_visit_booked_less_than_twelve_hours_before_gets_no_reminder(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    order_id = sell(client, assistant_headers, "webchat:late-booking")
    start = next(s for s in openings(client, order_id) if s - datetime.now(UTC) > timedelta(days=1, hours=12))
    visit_id = book(client, order_id, start)
    the_evening_before = (start - timedelta(days=1)).astimezone(LA_PAZ).replace(hour=23, minute=0)
    sessions = client.app.state.session_factory
    with transaction(sessions) as db:  # booked days ahead: reminded the evening before
        due = installation_service.due_reminders(db=db, now=the_evening_before, rules=RULES)
        assert [visit.id for visit in due] == [visit_id]
        db.get_one(Visit, visit_id).created_at = to_db(start - timedelta(hours=11))  # as if booked 11 h before
    with transaction(sessions) as db:
        assert installation_service.due_reminders(db=db, now=the_evening_before, rules=RULES) == []


def test_admins_set_durations_and_take_crews_off_the_calendar(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    order_id = sell(client, assistant_headers, "webchat:admin-crews", zone="Quillacollo Centro")
    admin = login(client)
    executive = {"email": "eva@venta.bo", "full_name": "Eva", "password": "una-clave-segura-123", "role": "executive"}
    client.post("/api/users", json=executive, headers=admin)
    eva = login(client, "eva@venta.bo", "una-clave-segura-123")
    assert (
        client.put("/api/installations/durations/Fibra óptica", json={"minutes": 180}, headers=eva).status_code == 403
    )
    assert (
        client.put("/api/installations/durations/Fibra óptica", json={"minutes": 180}, headers=admin).status_code == 200
    )
    tuesday = [start for start in openings(client, order_id) if start.date() == date(2026, 11, 24)]
    assert [start.hour for start in tuesday] == list(range(8, 15))  # three-hour visits end by 17:00
    [crew] = [
        c for c in client.get("/api/installations/crews", headers=eva).json() if c["name"] == "Cuadrilla Quillacollo"
    ]
    wrong = client.patch(
        f"/api/installations/crews/{crew['id']}", json={"working_hours": "lunes a viernes"}, headers=admin
    )
    assert wrong.status_code == 409 and "business hours" in wrong.json()["detail"]
    assert (
        client.patch(f"/api/installations/crews/{crew['id']}", json={"is_active": False}, headers=admin).status_code
        == 200
    )
    assert openings(client, order_id) == []
