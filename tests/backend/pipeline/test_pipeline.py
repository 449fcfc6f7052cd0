"""Leads followed to an outcome: automatic assignment, the 4-business-hour SLA with a controllable clock, contact
attempts and Perdido, the scheduler across restarts, re-entered requests and referral codes."""

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backend.app import create_app
from backend.auth.models import Role
from backend.business_hours import BusinessHours
from backend.config import Settings
from backend.conversations.models import Conversation, Message
from backend.database import from_db, make_engine, make_session_factory, transaction
from backend.leads.models import Lead, LeadStage
from backend.migrations import upgrade_schema
from backend.orders.models import OrderState
from backend.pipeline import assignment
from backend.pipeline.models import ContactAttempt, LeadAssignment, Notification, NotificationKind
from backend.pipeline.rules import PipelineRules
from backend.pipeline.scheduler import PipelineScheduler
from tests.helpers.basics import login, run_apart
from tests.helpers.pipeline_data import PASSWORD, an_order, la_paz, lead_in, staff

pytestmark = pytest.mark.both_engines

RULES = PipelineRules(hours=BusinessHours.parse("mon-fri 08:30-18:30", "America/La_Paz"))


@pytest.fixture
def app_client(settings: Settings) -> Iterator[TestClient]:
    """The backend with its own scheduler quiet, so that the tests' clock is the only one."""
    settings.PIPELINE_CHECK_SECONDS = 3600
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def assignments_of(db, lead_id: int) -> list[LeadAssignment]:  # type: ignore[no-untyped-def]
    return list(db.scalars(select(LeadAssignment).where(LeadAssignment.lead_id == lead_id).order_by(LeadAssignment.id)))


def test_a_lead_goes_to_the_best_converter_of_its_city_while_the_load_stays_fair(app_client: TestClient) -> None:
    with transaction(app_client.app.state.session_factory) as db:
        star = staff(db, "Ana Star", cities=["Cochabamba"])
        steady = staff(db, "Beto Steady", cities=["Cochabamba", "Quillacollo"])
        elsewhere = staff(db, "Caro Santa Cruz", cities=["Santa Cruz"])
        # Ana sold 3 of 4 past leads, Beto 1 of 4; Caro sold everything, but in another city.
        for i, (owner, stage) in enumerate(
            [(star, LeadStage.SALE)] * 3
            + [(star, LeadStage.LOST)]
            + [(steady, LeadStage.SALE)]
            + [(steady, LeadStage.LOST)] * 3
            + [(elsewhere, LeadStage.SALE)] * 5
        ):
            lead_in(db, stage, key=f"past-{i}", owner=owner)
        now = la_paz("2026-11-24 10:00")
        given = []
        for i in range(6):
            lead = lead_in(db, LeadStage.NEW, key=f"new-{i}", city="Cochabamba")
            given.append(
                assignment.assign_automatically(
                    db=db, lead=lead, now=now, hours=RULES.hours, sla=RULES.sla, reason="Lead nuevo"
                ).user.full_name
            )
        # Ana first, until she holds LOAD_SLACK (2) more open leads than Beto; then they alternate.
        assert given == ["Ana Star", "Ana Star", "Ana Star", "Beto Steady", "Ana Star", "Beto Steady"]
        quillacollo = lead_in(db, LeadStage.NEW, key="quilla", city="Quillacollo")
        chosen = assignment.assign_automatically(
            db=db, lead=quillacollo, now=now, hours=RULES.hours, sla=RULES.sla, reason="Lead nuevo"
        )
        assert chosen is not None and chosen.user.full_name == "Beto Steady"
        nowhere = lead_in(db, LeadStage.NEW, key="oruro", city="Oruro")
        assert (
            assignment.assign_automatically(
                db=db, lead=nowhere, now=now, hours=RULES.hours, sla=RULES.sla, reason="Lead nuevo"
            )
            is None
        )
        assert db.scalar(select(Notification.text).where(Notification.lead_id == nowhere.id)).startswith(
            "No hay ejecutivos disponibles"
        )


def test_the_scheduler_sweeps_by_itself_in_the_background(app_client: TestClient) -> None:
    sessions = app_client.app.state.session_factory
    with transaction(sessions) as db:
        staff(db, "Fer Late", cities=["Cochabamba"])
        lead = lead_in(db, LeadStage.NEW, key="by-itself", city="Cochabamba")
        assignment.assign_automatically(
            db=db, lead=lead, now=la_paz("2026-11-24 09:00"), hours=RULES.hours, sla=RULES.sla, reason="Lead nuevo"
        )
        staff(db, "Gabi Next", cities=["Cochabamba"])
        lead_id = lead.id
    scheduler = PipelineScheduler(
        sessions=sessions, outbox=None, rules=RULES, interval=0.05, clock=lambda: la_paz("2026-11-25 09:00")
    )

    async def run_until_reassigned() -> str:
        scheduler.start()
        try:
            for _ in range(200):
                await asyncio.sleep(0.05)
                with transaction(sessions) as db:
                    owner = db.get_one(Lead, lead_id).owner_name
                if owner != "Fer Late":
                    return owner
            return owner
        finally:
            await scheduler.stop()

    assert run_apart(run_until_reassigned()) == "Gabi Next"


def test_the_sla_reassigns_at_exactly_four_business_hours_across_a_weekend_and_a_holiday(
    app_client: TestClient,
) -> None:
    sessions = app_client.app.state.session_factory
    with transaction(sessions) as db:
        late = staff(db, "Dani Late", cities=["Cochabamba"])
        lead = lead_in(db, LeadStage.NEW, key="sla", city="Cochabamba")
        # Friday 30 October, 17:30: one hour today; the weekend and Monday 2 November (All Souls') are closed.
        first = assignment.assign_automatically(
            db=db, lead=lead, now=la_paz("2026-10-30 17:30"), hours=RULES.hours, sla=RULES.sla, reason="Lead nuevo"
        )
        assert first is not None and first.user_id == late.id
        assert from_db(first.due_at) == la_paz("2026-11-03 11:30")
        staff(db, "Eva OnTime", cities=["Cochabamba"])
        lead_id = lead.id
    scheduler = PipelineScheduler(sessions=sessions, outbox=None, rules=RULES, interval=60)
    assert scheduler.sweep(la_paz("2026-11-02 12:00")).reassigned == 0
    assert scheduler.sweep(la_paz("2026-11-03 11:29:59")).reassigned == 0
    assert scheduler.sweep(la_paz("2026-11-03 11:30")).reassigned == 1
    with transaction(sessions) as db:
        lead = db.get_one(Lead, lead_id)
        missed, current = assignments_of(db, lead_id)
        assert (missed.end_reason, from_db(missed.ended_at)) == ("sla_missed", la_paz("2026-11-03 11:30"))
        assert lead.owner_name == "Eva OnTime" and current.ended_at is None
        assert from_db(current.due_at) == la_paz("2026-11-03 15:30")
        notice = db.scalar(select(Notification).where(Notification.kind == NotificationKind.SLA_MISSED))
        assert notice.lead_id == lead_id and "Dani Late no gestionó" in notice.text
    # Eva calls within her deadline: the lead is worked and nothing more happens to it.
    headers = login(app_client, "eva.ontime@venta.bo", PASSWORD)
    attempt = app_client.post(f"/api/pipeline/leads/{lead_id}/attempts", json={"result": "answered"}, headers=headers)
    assert attempt.status_code == 201 and attempt.json()["lead"]["stage"] == "in_progress"
    assert scheduler.sweep(la_paz("2026-11-10 12:00")).reassigned == 0


def test_a_lead_that_does_not_answer_is_lost_only_after_two_days_and_five_attempts(app_client: TestClient) -> None:
    sessions = app_client.app.state.session_factory
    with transaction(sessions) as db:
        staff(db, "Fabi Follow", cities=["Cochabamba"])
    headers = login(app_client, "fabi.follow@venta.bo", PASSWORD)
    registered = app_client.post(
        "/api/pipeline/leads",
        json={"full_name": "Gonzalo Ríos", "phone": "+59170011223", "city": "Cochabamba"},
        headers=headers,
    )
    assert registered.status_code == 201, registered.text
    body = registered.json()
    lead_id = body["lead"]["id"]
    assert body["lead"]["stage"] == "new" and body["owner_name"] == "Fabi Follow"
    duplicate = app_client.post(
        "/api/pipeline/leads",
        json={"full_name": "Otro", "phone": "+59170011223", "city": "Cochabamba"},
        headers=headers,
    )
    assert duplicate.status_code == 409

    for _ in range(4):
        made = app_client.post(
            f"/api/pipeline/leads/{lead_id}/attempts", json={"result": "no_answer", "via": "phone"}, headers=headers
        )
        assert made.json()["lead"]["stage"] == "no_answer"
    scheduler = PipelineScheduler(sessions=sessions, outbox=app_client.app.state.outbox, rules=RULES, interval=60)
    three_days_later = from_db_now(sessions, lead_id) + timedelta(days=3)
    # Four attempts: neither the executive nor the scheduler may give the lead up.
    assert scheduler.sweep(three_days_later).lost == 0
    refused = app_client.post(f"/api/pipeline/leads/{lead_id}/stage", json={"stage": "lost"}, headers=headers)
    assert (
        refused.status_code == 409
        and "at least 5 recorded attempts before it is lost; it has 4" in refused.json()["detail"]
    )
    app_client.post(f"/api/pipeline/leads/{lead_id}/attempts", json={"result": "no_answer"}, headers=headers)
    # Five attempts, but not yet two days in No contesta.
    refused = app_client.post(f"/api/pipeline/leads/{lead_id}/stage", json={"stage": "lost"}, headers=headers)
    assert refused.status_code == 409 and "more than 2 days" in refused.json()["detail"]

    assert scheduler.sweep(three_days_later).lost == 1
    assert scheduler.sweep(three_days_later + timedelta(hours=1)).lost == 0
    with transaction(sessions) as db:
        lead = db.get_one(Lead, lead_id)
        assert lead.stage == LeadStage.LOST
        assert lead.stage_changes[-1].reason == "5 intentos sin respuesta; se le envió nuestra información"
        conversation = db.scalar(select(Conversation).where(Conversation.conversation_id == "whatsapp:59170011223"))
        sent = db.scalars(select(Message).where(Message.conversation_pk == conversation.id)).all()
        assert len(sent) == 1 and "Hola Gonzalo, intentamos comunicarnos contigo" in sent[0].text
        assert "Fibra Hogar 40" in sent[0].text
        assert db.scalar(select(func.count()).where(ContactAttempt.lead_id == lead_id)) == 5
        assert db.scalar(select(Notification.kind).where(Notification.lead_id == lead_id)) == NotificationKind.LEAD_LOST


def from_db_now(sessions, lead_id: int):  # type: ignore[no-untyped-def]
    """When the lead entered No contesta, as an aware time."""
    with transaction(sessions) as db:
        return from_db(db.get_one(Lead, lead_id).entered(LeadStage.NO_ANSWER))


def test_the_scheduler_never_fires_twice_across_restarts_and_processes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pipeline.db'}"
    first_engine = make_engine(url)
    upgrade_schema(first_engine)
    first = make_session_factory(first_engine)
    with transaction(first) as db:
        staff(db, "Hugo Uno", cities=["Cochabamba"])
        staff(db, "Iris Dos", cities=["Cochabamba"])
        lead = lead_in(db, LeadStage.NEW, key="restart", city="Cochabamba")
        assignment.assign_automatically(
            db=db, lead=lead, now=la_paz("2026-11-24 09:00"), hours=RULES.hours, sla=RULES.sla, reason="Lead nuevo"
        )
        lead_id = lead.id
        waiting_id = lead_in(db, LeadStage.VISITED, key="waiting", city="Cochabamba").id
    due = la_paz("2026-11-24 13:00")
    # Two backend processes sweep at the same moment: one reassigns, the other finds nothing left to do.
    second_engine = make_engine(url)
    running = [
        PipelineScheduler(sessions=make_session_factory(e), outbox=None, rules=RULES, interval=60)
        for e in (first_engine, second_engine)
    ]
    results = [s.sweep(due) for s in running]
    assert sum(r.reassigned for r in results) == 1 and sum(r.assigned for r in results) == 1
    first_engine.dispose()
    second_engine.dispose()
    # After a restart, the same due time (and a later one) do nothing more.
    restarted_engine = make_engine(url)
    upgrade_schema(restarted_engine)
    restarted = PipelineScheduler(
        sessions=make_session_factory(restarted_engine), outbox=None, rules=RULES, interval=60
    )
    assert restarted.sweep(due).reassigned == 0
    assert restarted.sweep(due + timedelta(minutes=30)).reassigned == 0
    with transaction(make_session_factory(restarted_engine)) as db:
        assert len(assignments_of(db, lead_id)) == 2 and len(assignments_of(db, waiting_id)) == 1
        assert db.scalar(select(func.count()).where(Notification.kind == NotificationKind.SLA_MISSED)) == 1
    restarted_engine.dispose()


def test_a_supervisor_reassigns_by_hand_and_an_annulled_request_is_reentered_once(app_client: TestClient) -> None:
    sessions = app_client.app.state.session_factory
    with transaction(sessions) as db:
        one = staff(db, "Juan Uno", cities=["Cochabamba"])
        other = staff(db, "Kati Otra", cities=["Cochabamba"])
        staff(db, "Lola Super", role=Role.SUPERVISOR)
        lead = lead_in(db, LeadStage.PRE_SALE, key="reenter", city="Cochabamba", owner=one)
        order_id = an_order(db, OrderState.PRE_SALE, key="reenter", lead=lead).id
        lead_id, other_id = lead.id, other.id
    executive = login(app_client, "juan.uno@venta.bo", PASSWORD)
    supervisor = login(app_client, "lola.super@venta.bo", PASSWORD)
    forbidden = app_client.post(
        f"/api/pipeline/leads/{lead_id}/assignment", json={"user_id": other_id}, headers=executive
    )
    assert forbidden.status_code == 403
    moved = app_client.post(f"/api/pipeline/leads/{lead_id}/assignment", json={"user_id": other_id}, headers=supervisor)
    assert moved.json()["owner_name"] == "Kati Otra" and moved.json()["assignments"][-1]["assigned_by"] == (
        "lola.super@venta.bo"
    )

    annul = f"/api/orders/{order_id}/annul"
    former_owner = app_client.post(annul, json={"reason": "Cliente se mudó"}, headers=executive)
    assert former_owner.status_code == 403 and "Kati Otra" in former_owner.json()["detail"]  # not their lead now
    owner = login(app_client, "kati.otra@venta.bo", PASSWORD)
    annulled = app_client.post(annul, json={"reason": "Cliente se mudó"}, headers=owner)
    assert annulled.status_code == 200 and annulled.json()["state"] == "annulled"
    assert app_client.post(annul, json={"reason": "otra vez"}, headers=owner).status_code == 409
    assert app_client.post(f"/api/orders/{order_id}/reenter", headers=executive).status_code == 403
    again = app_client.post(f"/api/orders/{order_id}/reenter", headers=supervisor)
    assert again.status_code == 201
    assert again.json()["state"] == "pre_sale" and again.json()["reentered_from_id"] == order_id
    assert "Redigitada de SOL-" in again.json()["state_changes"][0]["reason"]
    assert app_client.post(f"/api/orders/{order_id}/reenter", headers=supervisor).status_code == 409
    stages = [
        h["to_stage"] for h in app_client.get(f"/api/pipeline/leads/{lead_id}", headers=supervisor).json()["history"]
    ]
    assert stages[-2:] == ["in_progress", "pre_sale"]


def test_a_lead_that_arrives_with_a_referral_code_is_credited_to_its_referrer(
    app_client: TestClient, assistant_headers: dict[str, str]
) -> None:
    admin = login(app_client)
    referrer = app_client.post(
        "/api/referrers", json={"name": "Distribuidora Valle", "kind": "distributor"}, headers=admin
    ).json()
    code = referrer["code"]
    assert code.startswith("REF-") and len(code) == 10
    # On web chat the page's ?ref= travels with the message; on WhatsApp and Telegram it is in the text.
    app_client.post("/webchat/messages", json={"sender_id": "ref-web", "text": "hola", "referral_code": code})
    app_client.post("/webchat/messages", json={"sender_id": "ref-text", "text": f"Hola, vengo con {code.lower()}"})
    app_client.post("/webchat/messages", json={"sender_id": "no-ref", "text": "hola"})
    for sender in ("ref-web", "ref-text", "no-ref"):
        captured = app_client.put(
            f"/api/assistant/leads/webchat:{sender}", json={"customer_type": "residential"}, headers=assistant_headers
        )
        assert captured.status_code == 200
    field = app_client.post(
        "/api/pipeline/leads",
        json={"full_name": "Mario Paz", "city": "Cochabamba", "referral_code": code},
        headers=admin,
    )
    assert field.status_code == 201
    wrong = app_client.post(
        "/api/pipeline/leads",
        json={"full_name": "Nora Paz", "city": "Cochabamba", "referral_code": "REF-XXXXXX"},
        headers=admin,
    )
    assert wrong.status_code == 404
    credits = {r["code"]: r for r in app_client.get("/api/referrers", headers=admin).json()}
    assert (credits[code]["leads"], credits[code]["sales"]) == (3, 0)


def test_an_executive_gives_up_a_lead_by_hand_once_the_rules_allow_and_it_gets_our_information(
    app_client: TestClient,
) -> None:
    sessions = app_client.app.state.session_factory
    with transaction(sessions) as db:
        staff(db, "Olga Manual", cities=["Cochabamba"])
    headers = login(app_client, "olga.manual@venta.bo", PASSWORD)
    lead_id = app_client.post(
        "/api/pipeline/leads",
        json={"full_name": "Pablo Terán", "phone": "+59171122334", "city": "Cochabamba"},
        headers=headers,
    ).json()["lead"]["id"]
    for _ in range(5):
        app_client.post(f"/api/pipeline/leads/{lead_id}/attempts", json={"result": "no_answer"}, headers=headers)
    with transaction(sessions) as db:  # the lead has been in No contesta for three days
        entered = db.get_one(Lead, lead_id).stage_changes[-1]
        entered.changed_at -= timedelta(days=3)
    lost = app_client.post(f"/api/pipeline/leads/{lead_id}/stage", json={"stage": "lost"}, headers=headers)
    assert lost.status_code == 200, lost.text
    last = lost.json()["history"][-1]
    assert (last["to_stage"], last["changed_by"]) == ("lost", "olga.manual@venta.bo")
    assert last["reason"] == "5 intentos sin respuesta; se le envió nuestra información"
    again = app_client.post(f"/api/pipeline/leads/{lead_id}/stage", json={"stage": "lost"}, headers=headers)
    assert again.status_code == 200 and len(again.json()["history"]) == len(lost.json()["history"])
    with transaction(sessions) as db:
        conversation = db.scalar(select(Conversation).where(Conversation.conversation_id == "whatsapp:59171122334"))
        texts = db.scalars(select(Message.text).where(Message.conversation_pk == conversation.id)).all()
        assert len(texts) == 1 and texts[0].startswith("Hola Pablo")


def test_an_executive_quotes_a_plan_to_their_lead_on_the_customers_channel(app_client: TestClient) -> None:
    sessions = app_client.app.state.session_factory
    with transaction(sessions) as db:
        staff(db, "Quique Cotiza", cities=["Cochabamba"])
        staff(db, "Rita Ajena", cities=["Cochabamba"])
    headers = login(app_client, "quique.cotiza@venta.bo", PASSWORD)
    lead_id = app_client.post(
        "/api/pipeline/leads",
        json={"full_name": "Sonia Vargas", "phone": "+59172233445", "city": "Cochabamba"},
        headers=headers,
    ).json()["lead"]["id"]
    quoted = app_client.post(f"/api/pipeline/leads/{lead_id}/quotes", json={"plan_code": "FIBRA_150"}, headers=headers)
    assert quoted.status_code == 201, quoted.text
    body = quoted.json()
    assert body["lead"]["stage"] == "informed" and body["lead"]["offered_plan"]["code"] == "FIBRA_150"
    assert [(q["plan_code"], q["monthly_price_bs"], q["quoted_by"]) for q in body["quotes"]] == [
        ("FIBRA_150", "259.00", "quique.cotiza@venta.bo")
    ]
    assert body["history"][-1]["reason"] == f"Cotización COT-{body['quotes'][0]['id']:06d}"
    with transaction(sessions) as db:
        conversation = db.scalar(select(Conversation).where(Conversation.conversation_id == "whatsapp:59172233445"))
        text = db.scalar(select(Message.text).where(Message.conversation_pk == conversation.id))
        assert "Fibra Hogar 150" in text and "Mensualidad: Bs 259,00" in text and "Instalación: Bs 150,00" in text
    unknown = app_client.post(
        f"/api/pipeline/leads/{lead_id}/quotes", json={"plan_code": "FIBRA_9000"}, headers=headers
    )
    assert unknown.status_code == 404
    other = login(app_client, "rita.ajena@venta.bo", PASSWORD)
    for path, body in (("quotes", {"plan_code": "FIBRA_40"}), ("attempts", {"result": "answered"})):
        refused = app_client.post(f"/api/pipeline/leads/{lead_id}/{path}", json=body, headers=other)
        assert refused.status_code == 403 and "otro ejecutivo" in refused.json()["detail"]


def test_an_executive_changes_annuls_and_takes_over_only_their_own_leads(app_client: TestClient) -> None:
    sessions = app_client.app.state.session_factory
    with transaction(sessions) as db:
        ana = staff(db, "Ana Propia")
        staff(db, "Beto Ajeno")
        staff(db, "Sara Super", role=Role.SUPERVISOR)
        lead = lead_in(db, LeadStage.PRE_SALE, key="owned-by-ana", owner=ana)
        db.add(Conversation(conversation_id=lead.conversation_id, channel="webchat", user_id="owned-by-ana"))
        pending_id = an_order(db, OrderState.PRE_SALE, key="owned-by-ana", lead=lead).id
        paid_id = an_order(
            db, OrderState.SALE, key="paid-by-ana", lead=lead_in(db, LeadStage.SALE, key="p", owner=ana)
        ).id
        conversation = lead.conversation_id
    owner, stranger = (
        login(app_client, "ana.propia@venta.bo", PASSWORD),
        login(app_client, "beto.ajeno@venta.bo", PASSWORD),
    )
    supervisor = login(app_client, "sara.super@venta.bo", PASSWORD)
    base = f"/api/conversations/{conversation}"
    refused = [
        app_client.patch(f"{base}/lead", json={"email": "otro@gmail.com"}, headers=stranger),
        app_client.post(f"/api/orders/{pending_id}/annul", json={"reason": "no lo quiere"}, headers=stranger),
        app_client.post(f"{base}/takeover", headers=stranger),
    ]
    assert [response.status_code for response in refused] == [403, 403, 403]
    assert all("Ana Propia" in response.json()["detail"] for response in refused)
    assert app_client.patch(f"{base}/lead", json={"email": "nuevo@gmail.com"}, headers=owner).status_code == 200
    assert app_client.post(f"{base}/takeover", headers=owner).status_code == 200
    paid = f"/api/orders/{paid_id}/annul"
    assert app_client.post(paid, json={"reason": "se arrepintió"}, headers=owner).status_code == 403  # paid: supervisor
    assert app_client.post(paid, json={"reason": "se arrepintió"}, headers=supervisor).status_code == 200
