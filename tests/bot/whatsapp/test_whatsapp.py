"""WhatsApp end to end: Meta's webhook payloads in, Graph API requests out (to a fake Graph API on
loopback), with the real model, action server and backend in between."""

import time
from typing import Any

import httpx
import pytest

from bot.worker import LEASE_BATCH
from tests.helpers.basics import WHATSAPP_VERIFY_TOKEN, photo
from tests.helpers.channels import WhatsAppCustomer, notification, reply_text, wait_until_answered
from tests.helpers.customers import COVERED_PIN
from tests.helpers.fakes import FakeGraphApi, Reply, json_reply

pytestmark = [pytest.mark.assistant, pytest.mark.both_engines]


@pytest.fixture
def customer(backend: httpx.Client, graph_api: FakeGraphApi, staff_headers: dict[str, str]) -> WhatsAppCustomer:
    return WhatsAppCustomer(backend, graph_api, staff_headers)


def transcript(backend: httpx.Client, headers: dict[str, str], conversation_id: str) -> list[dict[str, Any]]:
    response = backend.get(f"/api/conversations/{conversation_id}/messages", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["messages"]


def within_platform_limits(record: dict[str, Any]) -> bool:
    """A send request the Cloud API would accept: text ≤ 4096, ≤ 3 buttons of ≤ 20, lists of ≤ 10 rows of ≤ 24."""
    if record["type"] == "text":
        return 0 < len(record["text"]["body"]) <= 4096
    interactive = record["interactive"]
    if len(interactive["body"]["text"]) > 1024:
        return False
    if interactive["type"] == "button":
        buttons = interactive["action"]["buttons"]
        return 1 <= len(buttons) <= 3 and all(len(b["reply"]["title"]) <= 20 for b in buttons)
    rows = [row for section in interactive["action"]["sections"] for row in section["rows"]]
    return 1 <= len(rows) <= 10 and all(len(row["title"]) <= 24 for row in rows)


def test_verification_handshake(backend: httpx.Client) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": WHATSAPP_VERIFY_TOKEN, "hub.challenge": "1158201444"}
    response = backend.get("/webhooks/whatsapp", params=params)
    assert response.status_code == 200 and response.text == "1158201444"
    wrong = backend.get("/webhooks/whatsapp", params={**params, "hub.verify_token": "guess"})
    assert wrong.status_code == 403


def test_unsigned_or_forged_posts_are_refused_and_leave_no_trace(
    customer: WhatsAppCustomer, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    payload = customer.envelope(customer.message("text", {"body": "hola"}))
    assert customer.post(payload, secret="not-the-app-secret").status_code == 403
    unsigned = backend.post("/webhooks/whatsapp", json=payload)
    assert unsigned.status_code == 403
    assert (
        backend.get(f"/api/conversations/{customer.conversation_id}/messages", headers=staff_headers).status_code == 404
    )
    leads = backend.get("/api/leads", headers=staff_headers, params={"limit": 500}).json()["data"]
    assert all(lead["conversation_id"] != customer.conversation_id for lead in leads)


def test_residential_sale_on_whatsapp_with_a_location_pin_and_buttons(
    customer: WhatsAppCustomer, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    assert "hogar" in customer.says("hola").lower()
    assert any(r["type"] == "interactive" for r in customer.last_replies)
    assert "nombre" in customer.presses("🏠 Para mi hogar").lower()
    # WhatsApp gave the number: the assistant goes straight to the e-mail.
    assert "correo" in customer.says("Ana María Gutiérrez").lower()
    assert "para qué" in customer.says("ana.whatsapp@gmail.com").lower()
    [usage_list] = [r for r in customer.last_replies if r["type"] == "interactive"]
    assert usage_list["interactive"]["type"] == "list"  # five options do not fit in three buttons
    assert "horario" in customer.presses("Estudio / clases").lower()
    assert "personas" in customer.presses("Noche").lower()
    assert "instalación" in customer.says("somos 4").lower()
    reply = customer.shares_location(COVERED_PIN)
    assert "cobertura" in reply and "Centro" in reply
    reply = customer.says("portón negro al lado de la farmacia")
    assert "Te recomiendo" in reply
    assert "carnet" in customer.presses("¡Lo quiero!")
    assert "pagar" in customer.says("5123456 LP")
    assert "Revisemos tu solicitud" in customer.presses("Postpago")
    assert "SOL-" in customer.presses("Acepto")

    orders = backend.get("/api/orders", headers=staff_headers, params={"limit": 500}).json()["data"]
    [order] = [o for o in orders if o["customer"]["id_number"] == "5123456 LP"]
    assert order["channel"] == "whatsapp"
    assert order["customer"]["phone"] == "+" + customer.wa_id
    assert order["coverage_zone"] == "Centro"
    messages = transcript(backend, staff_headers, customer.conversation_id)
    outbound = [m for m in messages if m["direction"] == "outbound"]
    assert outbound and all(m["status"] == "sent" and m["attempts"] == 1 for m in outbound)
    assert all(within_platform_limits(record) for record in customer.graph_api.sent_to(customer.wa_id))


def test_receipt_photo_is_downloaded_and_stored(
    customer: WhatsAppCustomer, graph_api: FakeGraphApi, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    picture = photo()
    graph_api.add_media(f"media-{customer.wa_id}", picture, "image/jpeg")
    image = {
        "caption": "comprobante de depósito",
        "mime_type": "image/jpeg",
        "sha256": "unused",
        "id": f"media-{customer.wa_id}",
    }
    reply = reply_text(customer.sends(customer.message("image", image)))
    assert "Recibido" in reply
    [document] = backend.get(f"/api/conversations/{customer.conversation_id}/documents", headers=staff_headers).json()
    assert document["content_type"] == "image/jpeg" and document["caption"] == "comprobante de depósito"
    content = backend.get(f"/api/documents/{document['id']}/content", headers=staff_headers)
    assert content.status_code == 200 and content.content == picture
    assert backend.get(f"/api/documents/{document['id']}/content").status_code == 401


def test_a_redelivered_message_is_handled_once(
    customer: WhatsAppCustomer, graph_api: FakeGraphApi, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    message = customer.message("text", {"body": "hola"})
    first_replies = customer.sends(message)
    assert customer.post(customer.envelope(message)).status_code == 200  # Meta delivers it again
    customer.says("para mi casa")
    inbound = [m for m in transcript(backend, staff_headers, customer.conversation_id) if m["direction"] == "inbound"]
    assert [m["external_id"] for m in inbound].count(message["id"]) == 1 and len(inbound) == 2
    assert len(graph_api.sent_to(customer.wa_id)) == len(first_replies) + len(customer.last_replies)


def test_more_customers_at_once_than_a_worker_leases_together_are_all_answered_in_order(
    backend: httpx.Client, graph_api: FakeGraphApi, staff_headers: dict[str, str]
) -> None:
    customers = [WhatsAppCustomer(backend, graph_api, staff_headers) for _ in range(LEASE_BATCH + 4)]
    said = {customer.wa_id: [customer.message("text", {"body": text}) for text in ("hola", "para mi casa")]
            for customer in customers}  # fmt: skip
    for customer in customers:  # every first message, then every second one, before any is answered
        assert customer.post(customer.envelope(said[customer.wa_id][0])).status_code == 200
    for customer in customers:
        assert customer.post(customer.envelope(said[customer.wa_id][1])).status_code == 200
    for customer in customers:
        answers = [wait_until_answered(backend, staff_headers, customer.conversation_id, m["id"])
                   for m in said[customer.wa_id]]  # fmt: skip
        assert all(answers), customer.conversation_id
        sent = [record["id"] for record in graph_api.sent_to(customer.wa_id)]  # the first's replies, then the second's
        assert sent == [reply["external_id"] for replies in answers for reply in replies]


def test_unsupported_message_types_get_a_polite_answer(customer: WhatsAppCustomer) -> None:
    sticker = customer.message(
        "sticker", {"mime_type": "image/webp", "sha256": "unused", "id": "sticker-1", "animated": False}
    )
    assert "no puedo leer ese tipo de mensaje" in reply_text(customer.sends(sticker))
    reaction = customer.message("reaction", {"message_id": "wamid.HBgL", "emoji": "👍"})
    assert "escribes" in reply_text(customer.sends(reaction))


def test_a_send_that_fails_twice_is_retried_and_delivered_once(
    customer: WhatsAppCustomer, graph_api: FakeGraphApi, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    graph_api.fail_next_sends(
        json_reply(500, {"error": {"message": "An unexpected error has occurred.", "code": 2}}),
        Reply(429, b'{"error": {"message": "Rate limit hit", "code": 130429}}'),
    )
    reply = customer.says("¿qué planes tienen?")
    assert "Bs" in reply
    messages = transcript(backend, staff_headers, customer.conversation_id)
    [first, *_] = [m for m in messages if m["direction"] == "outbound"]
    assert first["status"] == "sent" and first["attempts"] == 3
    texts = [reply_text([record]) for record in graph_api.sent_to(customer.wa_id)]
    assert len(texts) == len(set(texts))  # nothing reached the customer twice


def test_delivery_receipts_are_recorded(
    customer: WhatsAppCustomer, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer.says("hola")
    outbound = [m for m in transcript(backend, staff_headers, customer.conversation_id) if m["direction"] == "outbound"]
    first, last = outbound[0], outbound[-1]

    def receipt(message: dict[str, Any], status: str, **extra: Any) -> dict[str, Any]:
        return {
            "id": message["external_id"],
            "status": status,
            "timestamp": "1750000000",
            "recipient_id": customer.wa_id,
            **extra,
        }

    failed = receipt(
        last,
        "failed",
        errors=[
            {
                "code": 131047,
                "title": "Re-engagement message",
                "message": "Re-engagement message",
                "error_data": {"details": "Message failed to send because more than 24 hours have passed"},
            }
        ],
    )
    statuses = [receipt(first, "delivered"), receipt(first, "read"), receipt(first, "delivered"), failed]
    response = customer.post(
        notification(
            {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
                "statuses": statuses,
            }
        )
    )
    assert response.status_code == 200  # kept: the worker applies the receipts in a moment

    def applied() -> dict[int, dict[str, Any]]:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            after = {m["id"]: m for m in transcript(backend, staff_headers, customer.conversation_id)}
            if after[last["id"]]["status"] == "failed":
                return after
            time.sleep(0.1)
        raise AssertionError("the receipts were not applied")

    after = applied()
    assert after[first["id"]]["status"] == "read"  # a late "delivered" does not move it back
    assert "131047" in after[last["id"]]["error"]


def test_answered_text_is_recorded_in_the_transcript(
    customer: WhatsAppCustomer, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    message = customer.message("text", {"body": "hola"})
    customer.sends(message)
    replies = wait_until_answered(backend, staff_headers, customer.conversation_id, message["id"])
    assert replies and all(reply["author"] == "assistant" for reply in replies)
    conversations = backend.get("/api/conversations", headers=staff_headers).json()["data"]
    mine = next(c for c in conversations if c["conversation_id"] == customer.conversation_id)
    assert mine["display_name"] == "Ana María" and mine["phone"] == "+" + customer.wa_id


def test_an_executive_who_takes_over_writes_on_whatsapp(
    customer: WhatsAppCustomer, graph_api: FakeGraphApi, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer.says("hola")
    base = f"/api/conversations/{customer.conversation_id}"
    assert backend.post(f"{base}/takeover", headers=staff_headers).status_code == 200
    assert customer.says("¿puedo pagar en cuotas?") == ""  # the assistant keeps quiet
    text = "Hola Ana María, soy Lucía de ventas. Sí, puedes pagar la instalación en dos cuotas."
    assert backend.post(f"{base}/messages", json={"text": text}, headers=staff_headers).status_code == 201

    def from_the_executive(record: dict[str, Any]) -> bool:
        return record["to"] == customer.wa_id and reply_text([record]) == f"*Administrador*: {text}"  # signed

    [record] = [r for r in graph_api.wait_for(lambda sent: any(map(from_the_executive, sent))) if from_the_executive(r)]
    assert record["type"] == "text"

    quote = {"file": ("cotizacion.pdf", b"%PDF-1.4\n%quote\n", "application/pdf")}
    sent = backend.post(f"{base}/attachments", files=quote, data={"caption": "Tu cotización"}, headers=staff_headers)
    assert sent.status_code == 201, sent.text

    def the_quote(record: dict[str, Any]) -> bool:
        return record["to"] == customer.wa_id and record.get("type") == "document"

    [document] = [r for r in graph_api.wait_for(lambda sent: any(map(the_quote, sent))) if the_quote(r)]
    assert document["document"]["filename"] == "cotizacion.pdf"
    assert document["document"]["caption"] == "*Administrador*: Tu cotización"
    fetched = httpx.get(document["document"]["link"])  # WhatsApp fetches the file from the signed link
    assert fetched.status_code == 200 and fetched.content.startswith(b"%PDF")
    assert httpx.get(document["document"]["link"].replace("?t=", "?t=x")).status_code == 404
    assert backend.post(f"{base}/giveback", headers=staff_headers).status_code == 200
