"""Telegram end to end: Bot API updates posted to the webhook, replies sent through python-telegram-bot
to a fake Bot API on loopback, with the real model, action server and backend in between."""

import httpx
import pytest

from tests.helpers.basics import photo
from tests.helpers.channels import TelegramCustomer, texts
from tests.helpers.customers import COVERED_PIN
from tests.helpers.fakes import FakeBotApi, json_reply

pytestmark = pytest.mark.assistant


@pytest.fixture
def customer(backend: httpx.Client, bot_api: FakeBotApi, staff_headers: dict[str, str]) -> TelegramCustomer:
    return TelegramCustomer(backend, bot_api, staff_headers)


def test_updates_without_the_secret_token_are_refused(
    customer: TelegramCustomer, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    update = customer.message(text="hola")
    assert customer.post(update, secret=None).status_code == 403
    assert customer.post(update, secret="wrong-secret").status_code == 403
    transcript = backend.get(f"/api/conversations/{customer.conversation_id}/messages", headers=staff_headers)
    assert transcript.status_code == 404


def test_residential_sale_on_telegram_with_buttons_location_and_contact(
    customer: TelegramCustomer, bot_api: FakeBotApi, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    assert "hogar" in customer.says("/start").lower()
    assert "nombre" in customer.presses("🏠 Para mi hogar").lower()
    assert "celular" in customer.says("Luis Rocha Vargas").lower()
    reply = customer.shares_contact("+591 72345678")
    assert "+59172345678" in reply and "correo" in reply.lower()
    assert "para qué" in customer.says("luis.rocha@hotmail.com").lower()
    assert "horario" in customer.presses("Teletrabajo").lower()
    assert "personas" in customer.presses("Todo el día").lower()
    assert "instalación" in customer.says("2").lower()
    assert "Centro" in customer.shares_location(COVERED_PIN)
    assert "Te recomiendo" in customer.says("edificio azul, tercer piso")
    assert "carnet" in customer.presses("¡Lo quiero!")
    assert "pagar" in customer.says("6234567")
    assert "Revisemos tu solicitud" in customer.presses("Postpago")
    assert "SOL-" in customer.presses("Acepto")

    orders = backend.get("/api/orders", headers=staff_headers, params={"limit": 500}).json()["data"]
    [order] = [o for o in orders if o["customer"]["id_number"] == "6234567"]
    assert order["channel"] == "telegram"
    assert order["customer"]["phone"] == "+59172345678"
    keyboards = [r["reply_markup"] for r in bot_api.sent_to(customer.chat_id) if "reply_markup" in r]
    data = [b["callback_data"] for k in keyboards for row in k["inline_keyboard"] for b in row]
    assert data and all(len(d.encode()) <= 64 for d in data)  # the Bot API's limit on callback data


def test_photo_is_stored_and_a_repeated_update_is_ignored(
    customer: TelegramCustomer, bot_api: FakeBotApi, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    picture = photo()
    file_id = f"AgACAgEAAx{customer.chat_id}"
    bot_api.add_media(file_id, picture, "image/jpeg")
    sizes = [
        {"file_id": f"small-{customer.chat_id}", "file_unique_id": "s", "width": 90, "height": 67, "file_size": 1200},
        {"file_id": file_id, "file_unique_id": "l", "width": 1280, "height": 960, "file_size": len(picture)},
    ]
    update = customer.message(photo=sizes, caption="mi carnet")
    assert "Recibido" in texts(customer.sends(update))
    sent_before = len(bot_api.sent_to(customer.chat_id))
    assert customer.post(update).status_code == 200  # the same update_id again
    customer.says("hola")
    [document] = backend.get(f"/api/conversations/{customer.conversation_id}/documents", headers=staff_headers).json()
    assert backend.get(f"/api/documents/{document['id']}/content", headers=staff_headers).content == picture
    transcript = backend.get(f"/api/conversations/{customer.conversation_id}/messages", headers=staff_headers).json()
    inbound = [m for m in transcript["messages"] if m["direction"] == "inbound"]
    assert len(inbound) == 2
    assert len(bot_api.sent_to(customer.chat_id)) == sent_before + len(customer.last_replies)


def test_unsupported_message_gets_a_polite_answer(customer: TelegramCustomer) -> None:
    sticker = {
        "file_id": "sticker-1", "file_unique_id": "s1", "width": 512, "height": 512, "is_animated": False,
        "is_video": False, "type": "regular",
    }  # fmt: skip
    assert "no puedo leer ese tipo de mensaje" in texts(customer.sends(customer.message(sticker=sticker)))


def test_a_rate_limited_send_waits_and_is_delivered_once(
    customer: TelegramCustomer, bot_api: FakeBotApi, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    bot_api.fail_next_sends(
        json_reply(500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}),
        json_reply(
            429,
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 1",
                "parameters": {"retry_after": 1},
            },
        ),
    )
    assert "hogar" in customer.says("hola").lower()
    transcript = backend.get(f"/api/conversations/{customer.conversation_id}/messages", headers=staff_headers).json()
    first = next(m for m in transcript["messages"] if m["direction"] == "outbound")
    assert first["status"] == "sent" and first["attempts"] == 3
    sent = [record["text"] for record in bot_api.sent_to(customer.chat_id)]
    assert len(sent) == len(set(sent))


def test_an_executive_writes_signed_and_sends_a_photo_on_telegram(
    customer: TelegramCustomer, bot_api: FakeBotApi, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer.says("/start")
    base = f"/api/conversations/{customer.conversation_id}"
    assert backend.post(f"{base}/takeover", headers=staff_headers).status_code == 200
    written = backend.post(f"{base}/messages", json={"text": "Te paso el mapa de cobertura."}, headers=staff_headers)
    assert written.status_code == 201
    image = {"file": ("cobertura.jpg", photo(), "image/jpeg")}
    assert backend.post(f"{base}/attachments", files=image, headers=staff_headers).status_code == 201

    def sent(records: list[dict]) -> bool:
        return any(r.get("method") == "sendPhoto" and int(r["chat_id"]) == customer.chat_id for r in records)

    records = bot_api.wait_for(sent)
    mine = [r for r in records if int(r["chat_id"]) == customer.chat_id]
    assert any(r.get("text") == "Administrador: Te paso el mapa de cobertura." for r in mine)  # signed
    [shared] = [r for r in mine if r.get("method") == "sendPhoto"]
    assert httpx.get(shared["photo"]).headers["content-type"] == "image/jpeg"  # fetched from its signed link
