"""How channel payloads are read and how replies are shaped to each platform's limits (no servers needed)."""

from typing import Any

from telegram import Update

from backend.conversations.messages import Button, OutboundMessage
from bot.channels import parse_button_ref
from bot.telegram.updates import read_update, typed_text
from bot.text import split_text
from bot.whatsapp.client import WhatsAppChannel, content
from bot.whatsapp.notifications import parse_notification
from bot.whatsapp.signature import is_signed, sign

WHATSAPP = WhatsAppChannel(graph_url="http://127.0.0.1:9/v21.0", phone_number_id="1", access_token="t")


def buttons(*titles: str) -> list[Button]:
    return [Button(title=title, payload=f'/choose{{"n": {i}}}') for i, title in enumerate(titles)]


def envelope(value: dict[str, Any]) -> dict[str, Any]:
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }


def test_long_texts_are_cut_at_word_boundaries_within_the_limit() -> None:
    text = ("Nuestro plan de fibra incluye instalación y router. " * 200).strip()
    pieces = split_text(text, 4096)
    assert len(pieces) == 3 and all(len(piece) <= 4096 for piece in pieces)
    assert " ".join(pieces).split() == text.split()
    assert split_text("hola", 4096) == ["hola"]


def test_whatsapp_uses_reply_buttons_for_up_to_three_short_options() -> None:
    [message] = WHATSAPP.fit(OutboundMessage(text="¿Es para tu hogar?", buttons=buttons("Hogar", "Empresa")))
    body = content(message, "b:7")
    assert body["interactive"]["type"] == "button"
    assert [b["reply"]["id"] for b in body["interactive"]["action"]["buttons"]] == ["b:7:0", "b:7:1"]


def test_whatsapp_uses_a_list_for_more_options_or_long_titles() -> None:
    many = content(OutboundMessage(text="Elige", buttons=buttons(*"ABCDE")), "b:1")
    assert many["interactive"]["type"] == "list"
    long_title = "Fibra 600 Mbps con router WiFi 6 incluido"
    [row] = content(OutboundMessage(text="Elige", buttons=buttons(long_title)), "b:2")["interactive"]["action"][
        "sections"
    ][0]["rows"]
    assert len(row["title"]) <= 24 and row["description"] == long_title


def test_whatsapp_fits_long_bodies_and_more_than_ten_options_into_several_messages() -> None:
    fitted = WHATSAPP.fit(OutboundMessage(text="x " * 1500, buttons=buttons(*[f"Opción {i}" for i in range(12)])))
    interactive = [m for m in fitted if m.buttons]
    assert [len(m.buttons) for m in interactive] == [10, 2]
    assert all(len(m.text) <= 1024 for m in interactive)
    assert all(len(m.text) <= 4096 for m in fitted)


def test_meta_documented_notifications_are_read() -> None:
    contacts = [{"profile": {"name": "Kerry Fisher"}, "wa_id": "59171234567"}]
    base = {"from": "59171234567", "timestamp": "1603059201"}
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "16505551111", "phone_number_id": "123456123"},
        "contacts": contacts,
        "messages": [
            {**base, "id": "wamid.1", "type": "text", "text": {"body": "Hola, quiero internet"}},
            {
                **base,
                "id": "wamid.2",
                "type": "location",
                "location": {"latitude": -17.39, "longitude": -66.15, "name": "Casa", "address": "Av. Heroínas"},
            },
            {
                **base,
                "id": "wamid.3",
                "type": "interactive",
                "interactive": {"type": "button_reply", "button_reply": {"id": "b:4:1", "title": "Postpago"}},
            },
            {
                **base,
                "id": "wamid.4",
                "type": "interactive",
                "interactive": {
                    "type": "list_reply",
                    "list_reply": {"id": "b:5:0", "title": "Noche", "description": ""},
                },
            },
            {
                **base,
                "id": "wamid.5",
                "type": "image",
                "image": {
                    "caption": "comprobante",
                    "mime_type": "image/jpeg",
                    "sha256": "abc",
                    "id": "2754859441498128",
                },
            },
            {
                **base,
                "id": "wamid.6",
                "type": "contacts",
                "contacts": [
                    {
                        "name": {"formatted_name": "Ana"},
                        "phones": [{"phone": "+591 7654 3210", "wa_id": "59176543210", "type": "CELL"}],
                    }
                ],
            },
            {
                **base,
                "id": "wamid.8",
                "type": "audio",
                "audio": {"mime_type": "audio/ogg; codecs=opus", "sha256": "abc", "id": "1479204533", "voice": True},
            },
            {
                **base,
                "id": "wamid.7",
                "type": "unsupported",
                "errors": [{"code": 131051, "title": "Message type unknown"}],
            },
        ],
    }
    messages, statuses = parse_notification(envelope(value))
    text, location, button, row, image, contact, voice, unknown = messages
    assert text.text == "Hola, quiero internet" and text.phone == "+59171234567" and text.profile_name == "Kerry Fisher"
    assert location.location is not None and location.location.latitude == -17.39
    assert button.pressed is not None and button.pressed.ref == "b:4:1" and parse_button_ref("b:4:1") == (4, 1)
    assert row.pressed is not None and row.pressed.title == "Noche"
    assert image.attachment is not None and image.attachment.media_id == "2754859441498128"
    assert contact.contact_phone == "+59176543210"
    assert voice.voice is not None and voice.voice.media_id == "1479204533" and voice.attachment is None
    assert voice.describe() == "🎤 Nota de voz" and voice.unsupported is None
    assert unknown.unsupported == "unsupported" and statuses == []


def test_meta_status_notifications_are_read() -> None:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "1", "phone_number_id": "1"},
        "statuses": [
            {
                "id": "wamid.9",
                "status": "failed",
                "timestamp": "1",
                "recipient_id": "59171234567",
                "errors": [{"code": 131047, "title": "Re-engagement message"}],
            }
        ],
    }
    [], [status] = parse_notification(envelope(value))
    assert status.message_id == "wamid.9" and status.status == "failed" and "131047" in (status.error or "")


def test_signatures_are_checked_on_the_exact_bytes() -> None:
    body = b'{"object": "whatsapp_business_account"}'
    assert is_signed(body, sign(body, "secret"), "secret")
    assert not is_signed(body + b" ", sign(body, "secret"), "secret")
    assert not is_signed(body, None, "secret")
    assert not is_signed(body, sign(body, "other"), "secret")


def test_telegram_commands_read_as_words() -> None:
    assert typed_text("/start") == "hola"
    assert typed_text("/start@venta_bot ref-123") == "hola"
    assert typed_text("/planes") == "planes"
    assert typed_text("  quiero fibra ") == "quiero fibra"


def test_telegram_updates_are_read() -> None:
    user = {"id": 1111111, "is_bot": False, "first_name": "Test", "last_name": "Lastname"}
    chat = {"id": 1111111, "type": "private", "first_name": "Test"}
    contact = Update.de_json(
        {
            "update_id": 10000,
            "message": {
                "message_id": 1365,
                "date": 1441645532,
                "chat": chat,
                "from": user,
                "contact": {"phone_number": "59172345678", "first_name": "Test", "user_id": 1111111},
            },
        },
        None,
    )
    message = read_update(contact)
    assert message is not None and message.contact_phone == "+59172345678"
    deep_link = Update.de_json(
        {
            "update_id": 9999,
            "message": {
                "message_id": 1364,
                "date": 1441645532,
                "chat": chat,
                "from": user,
                "text": "/start REF-7KQ2MX",
            },
        },
        None,
    )
    started = read_update(deep_link)
    assert started is not None and (started.text, started.referral_code) == ("hola", "REF-7KQ2MX")
    assert message.message_id == "update:10000" and message.conversation_id == "telegram:1111111"
    press = Update.de_json(
        {
            "update_id": 10001,
            "callback_query": {
                "id": "4382bfdwdsb323b2d9",
                "from": user,
                "chat_instance": "42",
                "data": "b:12:1",
                "message": {
                    "message_id": 1366,
                    "date": 1441645532,
                    "chat": chat,
                    "text": "¿Cómo pagas?",
                    "reply_markup": {
                        "inline_keyboard": [
                            [{"text": "Prepago", "callback_data": "b:12:0"}],
                            [{"text": "Postpago", "callback_data": "b:12:1"}],
                        ]
                    },
                },
            },
        },
        None,
    )
    pressed = read_update(press)
    assert pressed is not None and pressed.pressed is not None
    assert pressed.pressed.title == "Postpago" and pressed.ack_token == "4382bfdwdsb323b2d9"
    edited = Update.de_json(
        {
            "update_id": 10002,
            "edited_message": {
                "message_id": 1365,
                "date": 1441645532,
                "edit_date": 1441645600,
                "chat": chat,
                "from": user,
                "text": "x",
            },
        },
        None,
    )
    assert read_update(edited) is None
    group = Update.de_json(
        {
            "update_id": 10003,
            "message": {
                "message_id": 5,
                "date": 1441645532,
                "chat": {"id": -100123, "type": "group", "title": "Vecinos"},
                "from": user,
                "text": "hola",
            },
        },
        None,
    )
    assert read_update(group) is None


def test_unreadable_whatsapp_messages_are_skipped_not_fatal() -> None:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "1", "phone_number_id": "1"},
        "messages": [
            {
                "from": "59171234567",
                "id": "wamid.X",
                "timestamp": "1",
                "type": "location",
                "location": {"latitude": 123.0, "longitude": -66.1},
            },
            {"from": "59171234567", "id": "wamid.Y", "timestamp": "1", "type": "text", "text": {"body": "hola"}},
        ],
    }
    messages, _ = parse_notification(envelope(value))
    assert [m.message_id for m in messages] == ["wamid.Y"]
