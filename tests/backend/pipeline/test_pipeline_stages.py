"""Every move between lead stages and between request states: allowed ones are recorded with who, when and why;
the others are refused with a clear error, in the service and over HTTP."""

import itertools
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from backend import demo_data
from backend.database import make_engine, make_session_factory, transaction
from backend.leads import service as lead_service
from backend.leads.models import LeadStage
from backend.migrations import upgrade_schema
from backend.orders import service as order_service
from backend.orders.models import OrderState
from backend.state_machine import InvalidTransition
from tests.helpers.basics import login
from tests.helpers.pipeline_data import an_order, lead_in

pytestmark = pytest.mark.both_engines

# The procedure, written out: from each stage, where a lead may go.
LEAD_MOVES = {
    "new": "visited in_progress no_answer informed pre_sale unattended",
    "visited": "in_progress no_answer informed pre_sale unattended",
    "in_progress": "no_answer informed pre_sale unattended",
    "no_answer": "in_progress informed pre_sale lost unattended",
    "informed": "no_answer pre_sale unattended",
    "pre_sale": "sale in_progress",
    "sale": "in_progress",
    "lost": "in_progress informed",
    "unattended": "in_progress informed visited",  # visited: back to the sale when coverage reaches a waiting lead
}
ORDER_MOVES = {"pre_sale": "sale annulled", "sale": "closed annulled", "closed": "", "annulled": ""}


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sessionmaker[Session]]:
    """One database with the demo catalogue for every move (each test uses its own lead)."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('stages') / 'venta.db'}")
    upgrade_schema(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as db:
        demo_data.load(db)
    yield factory
    engine.dispose()


@pytest.mark.parametrize(("start", "target"), [(a, b) for a, b in itertools.product(LeadStage, LeadStage) if a != b])
def test_every_lead_move_is_allowed_or_refused_by_the_procedure(
    sessions: sessionmaker[Session], start: LeadStage, target: LeadStage
) -> None:
    allowed = target.value in LEAD_MOVES[start.value].split()
    with transaction(sessions) as db:
        lead = lead_in(db, start, key=f"{start}-{target}")
        if allowed:
            lead_service.move(lead, target, reason="prueba", actor="ana@venta.bo")
            db.flush()
            change = lead.stage_changes[-1]
            assert (lead.stage, change.from_stage, change.to_stage) == (target, start, target)
            assert (change.changed_by, change.reason) == ("ana@venta.bo", "prueba") and change.changed_at
        else:
            with pytest.raises(InvalidTransition, match=f"from {start.label} to {target.label}"):
                lead_service.move(lead, target, reason="prueba", actor="ana@venta.bo")
            assert lead.stage == start and lead.stage_changes == []


@pytest.mark.parametrize(("start", "target"), [(a, b) for a, b in itertools.product(OrderState, OrderState) if a != b])
def test_every_request_move_is_allowed_or_refused(
    sessions: sessionmaker[Session], start: OrderState, target: OrderState
) -> None:
    allowed = target.value in ORDER_MOVES[start.value].split()
    with transaction(sessions) as db:
        order = an_order(db, start, key=f"order-{start}-{target}")
        before = len(order.state_changes)
        if allowed:
            order_service.move(order, target, reason="prueba", actor="ana@venta.bo")
            assert order.state == target and order.state_changes[-1].from_state == start
        else:
            with pytest.raises(InvalidTransition):
                order_service.move(order, target, reason="prueba", actor="ana@venta.bo")
            assert order.state == start and len(order.state_changes) == before


def test_a_refused_move_over_http_says_why_and_changes_nothing(client: TestClient) -> None:
    with transaction(client.app.state.session_factory) as db:
        lead_id = lead_in(db, LeadStage.NEW, key="http-refused").id
    headers = login(client)
    refused = client.post(f"/api/pipeline/leads/{lead_id}/stage", json={"stage": "sale"}, headers=headers)
    assert refused.status_code == 409
    assert "from Nuevo to Venta" in refused.json()["detail"] and "allowed next" in refused.json()["detail"]
    by_hand = client.post(f"/api/pipeline/leads/{lead_id}/stage", json={"stage": "pre_sale"}, headers=headers)
    assert by_hand.status_code == 409 and "siguen a la solicitud del lead" in by_hand.json()["detail"]
    unknown = client.post(f"/api/pipeline/leads/{lead_id}/stage", json={"stage": "ganado"}, headers=headers)
    assert unknown.status_code == 422
    moved = client.post(
        f"/api/pipeline/leads/{lead_id}/stage", json={"stage": "in_progress", "reason": "Llamó"}, headers=headers
    )
    assert moved.status_code == 200
    history = moved.json()["history"]
    assert [(h["from_stage"], h["to_stage"], h["reason"]) for h in history] == [("new", "in_progress", "Llamó")]
    assert history[0]["changed_by"] == "admin@test.bo"
    unattended = client.post(f"/api/pipeline/leads/{lead_id}/stage", json={"stage": "unattended"}, headers=headers)
    assert unattended.status_code == 409 and "unattended_reason" in unattended.json()["detail"]
    closed = client.post(
        f"/api/pipeline/leads/{lead_id}/stage",
        json={"stage": "unattended", "unattended_reason": "no_capacity", "reason": "Nodo saturado"},
        headers=headers,
    )
    assert closed.json()["lead"]["unattended_reason"] == "no_capacity"
    assert closed.json()["history"][-1]["reason"] == "Sin capacidad técnica: Nodo saturado"
