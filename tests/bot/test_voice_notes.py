"""Voice notes on WhatsApp and Telegram: kept for staff to hear in the console, answered in Spanish with the open
question asked again, read as words when the speech-to-text service hears them, and a customer who keeps sending
audio flagged for a person."""

import os

import httpx
import pytest

from tests.helpers.channels import TelegramCustomer, WhatsAppCustomer, reply_text, texts
from tests.helpers.fakes import FakeBotApi, FakeGraphApi, FakeSpeechToText

pytestmark = pytest.mark.assistant

VOICE_TYPE = "audio/ogg; codecs=opus"  # what WhatsApp's and Telegram's voice notes are


def recorded() -> bytes:
    """A voice note of its own: an Ogg stream's first bytes, then sound."""
    return b"OggS\x00\x02" + os.urandom(2048)


def voice_note(customer: WhatsAppCustomer, graph_api: FakeGraphApi, audio: bytes) -> dict:
    media_id = f"audio-{customer.wa_id}-{len(graph_api.media)}"
    graph_api.add_media(media_id, audio, VOICE_TYPE)
    return customer.message("audio", {"mime_type": VOICE_TYPE, "sha256": "unused", "id": media_id, "voice": True})


def conversation(backend: httpx.Client, headers: dict[str, str], conversation_id: str) -> dict:
    response = backend.get(f"/api/conversations/{conversation_id}/messages", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_voice_note_is_kept_heard_by_staff_and_answered_with_the_open_question(
    backend: httpx.Client, graph_api: FakeGraphApi, staff_headers: dict[str, str]
) -> None:
    customer = WhatsAppCustomer(backend, graph_api, staff_headers)
    customer.says("hola")
    assert "nombre" in customer.presses("🏠 Para mi hogar").lower()
    audio = recorded()
    reply = reply_text(customer.sends(voice_note(customer, graph_api, audio)))
    assert "nota de voz" in reply and "escribes" in reply, reply
    assert "nombre" in reply.lower(), customer.transcript  # the open question, asked again

    [document] = backend.get(f"/api/conversations/{customer.conversation_id}/documents", headers=staff_headers).json()
    assert document["content_type"] == "audio/ogg"
    assert backend.get(f"/api/documents/{document['id']}/content", headers=staff_headers).content == audio
    cookie = {"venta_session": staff_headers["Authorization"].split()[1]}
    page = backend.get(f"/console/conversations/{customer.conversation_id}", cookies=cookie).text
    assert f'<audio controls preload="none" src="/api/documents/{document["id"]}/content"' in page
    assert "🎤 Nota de voz" in page
    assert not conversation(backend, staff_headers, customer.conversation_id)["conversation"]["is_stuck"]

    reply = reply_text(customer.sends(voice_note(customer, graph_api, recorded())))
    assert "nota de voz" in reply and "nombre" in reply.lower(), reply
    assert conversation(backend, staff_headers, customer.conversation_id)["conversation"]["is_stuck"]

    assert "correo" in customer.says("Marcela Quiroga Soliz").lower()  # writing goes on where it stopped
    assert not conversation(backend, staff_headers, customer.conversation_id)["conversation"]["is_stuck"]


def test_a_voice_note_the_speech_service_hears_is_read_as_the_words_said(
    backend: httpx.Client, graph_api: FakeGraphApi, speech: FakeSpeechToText, staff_headers: dict[str, str]
) -> None:
    customer = WhatsAppCustomer(backend, graph_api, staff_headers)
    customer.says("hola")
    audio = recorded()
    speech.will_hear(audio, "es para mi casa")
    reply = reply_text(customer.sends(voice_note(customer, graph_api, audio)))
    assert "nombre" in reply.lower() and "nota de voz" not in reply, reply
    messages = conversation(backend, staff_headers, customer.conversation_id)["messages"]
    inbound = [m for m in messages if m["direction"] == "inbound"]
    assert inbound[-1]["text"] == "🎤 «es para mi casa»"
    assert {"content_type": "audio/ogg", "size": len(audio)} in speech.sent


def test_a_telegram_voice_note_is_kept_and_answered(
    backend: httpx.Client, bot_api: FakeBotApi, staff_headers: dict[str, str]
) -> None:
    customer = TelegramCustomer(backend, bot_api, staff_headers)
    customer.says("/start")
    audio = recorded()
    file_id = f"AwACAgEAAx{customer.chat_id}"
    bot_api.add_media(file_id, audio, "audio/ogg")
    voice = {"file_id": file_id, "file_unique_id": "v1", "duration": 4, "mime_type": "audio/ogg"}
    reply = texts(customer.sends(customer.message(voice=voice)))
    assert "nota de voz" in reply and "hogar" in reply.lower()  # the open question: home or business
    [document] = backend.get(f"/api/conversations/{customer.conversation_id}/documents", headers=staff_headers).json()
    assert backend.get(f"/api/documents/{document['id']}/content", headers=staff_headers).content == audio
