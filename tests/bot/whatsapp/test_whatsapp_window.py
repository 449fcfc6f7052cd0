"""WhatsApp takes free-form messages only within 24 hours of the customer's last one: later, notices go out as the
approved template of their kind, and what has no template fails where staff see why."""

import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from backend.app import create_app
from backend.config import Settings
from backend.conversations import service as conversation_service
from backend.conversations.messages import Notice, OutboundMessage
from backend.conversations.models import Message
from backend.database import to_db, transaction, utcnow
from tests.helpers.basics import WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, login
from tests.helpers.fakes import ACCESS_TOKEN, PHONE_NUMBER_ID, FakeGraphApi

pytestmark = pytest.mark.both_engines


@pytest.fixture
def whatsapp(settings: Settings, tmp_path: Path) -> Any:
    with FakeGraphApi().running() as graph:
        settings.WHATSAPP_ACCESS_TOKEN, settings.WHATSAPP_PHONE_NUMBER_ID = ACCESS_TOKEN, PHONE_NUMBER_ID
        settings.WHATSAPP_APP_SECRET, settings.WHATSAPP_VERIFY_TOKEN = WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN
        settings.WHATSAPP_GRAPH_URL, settings.DOCUMENTS_DIR = graph.graph_url, str(tmp_path / "documents")
        settings.WHATSAPP_TEMPLATES = "visit_reminder=recordatorio_visita, payment=aviso_pago"
        settings.SEND_RETRY_BASE_SECONDS = 0.1
        with TestClient(create_app(settings)) as client:
            yield client, graph


def customer_who_wrote(client: TestClient, wa_id: str, hours_ago: float) -> int:
    """A WhatsApp conversation whose customer last wrote `hours_ago`; its primary key."""
    with transaction(client.app.state.session_factory) as db:  # type: ignore[attr-defined]
        conversation = conversation_service.get_or_create(db=db, channel="whatsapp", user_id=wa_id)
        message = conversation_service.record_inbound(
            db=db, conversation=conversation, text="hola", content={}, external_id=f"wamid.{wa_id}"
        )
        assert message is not None
        message.status = "handled"
        db.flush()
        db.execute(
            update(Message)
            .where(Message.id == message.id)
            .values(created_at=to_db(utcnow() - timedelta(hours=hours_ago)))
        )
        return conversation.id


def tell(client: TestClient, wa_id: str, message: OutboundMessage) -> None:
    app = client.app  # type: ignore[attr-defined]
    with transaction(app.state.session_factory) as db:
        conversation = conversation_service.get_by_conversation_id(db=db, conversation_id=f"whatsapp:{wa_id}")
        app.state.outbox.queue(db=db, conversation=conversation, messages=[message])


def test_a_reminder_a_day_after_the_customer_wrote_goes_out_as_its_template(whatsapp: Any) -> None:
    client, graph = whatsapp
    customer_who_wrote(client, "59170000025", hours_ago=25)
    reminder = "⏰ Te recordamos tu instalación:\nmañana de 09:00 a 11:00."
    tell(client, "59170000025", OutboundMessage(text=reminder, notice=Notice.VISIT_REMINDER))
    [sent] = graph.wait_for(lambda records: any(r["to"] == "59170000025" for r in records), timeout=30)[-1:]
    assert sent["type"] == "template"
    assert sent["template"]["name"] == "recordatorio_visita" and sent["template"]["language"] == {"code": "es"}
    [parameter] = sent["template"]["components"][0]["parameters"]
    assert parameter == {"type": "text", "text": "⏰ Te recordamos tu instalación: mañana de 09:00 a 11:00."}


def test_within_the_day_the_same_notice_goes_out_as_it_is(whatsapp: Any) -> None:
    client, graph = whatsapp
    customer_who_wrote(client, "59170000002", hours_ago=2)
    tell(client, "59170000002", OutboundMessage(text="Tu pago fue confirmado ✅", notice=Notice.PAYMENT))
    [sent] = graph.wait_for(lambda records: any(r["to"] == "59170000002" for r in records), timeout=30)[-1:]
    assert sent["type"] == "text" and sent["text"]["body"] == "Tu pago fue confirmado ✅"


def test_a_late_executive_reply_without_a_template_fails_where_staff_see_why(whatsapp: Any) -> None:
    client, graph = whatsapp
    customer_who_wrote(client, "59170000030", hours_ago=30)
    tell(client, "59170000030", OutboundMessage(text="Hola, soy Lucía", notice=Notice.STAFF_REPLY))
    headers = login(client)
    for _ in range(300):
        messages = client.get("/api/conversations/whatsapp:59170000030/messages", headers=headers).json()["messages"]
        outbound = [m for m in messages if m["direction"] == "outbound"]
        if outbound and outbound[0]["status"] == "failed":
            break
        time.sleep(0.1)
    assert outbound[0]["status"] == "failed"
    assert "24 hours" in outbound[0]["error"] and "staff_reply" in outbound[0]["error"]
    assert graph.sent_to("59170000030") == []


def test_unknown_template_kinds_are_refused_at_start() -> None:
    with pytest.raises(ValueError, match="unknown kinds"):
        Settings(WHATSAPP_TEMPLATES="recordatorio=visita_manana")
