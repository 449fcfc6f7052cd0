"""Asking for a person, and conversations where the assistant is stuck, with the real model and servers."""

import uuid

import httpx
import pytest

from tests.helpers.customers import Customer

pytestmark = [pytest.mark.assistant, pytest.mark.both_engines]


def listed(backend: httpx.Client, headers: dict[str, str], conversation_id: str) -> dict:
    conversations = backend.get("/api/conversations", headers=headers, params={"limit": 500}).json()["data"]
    return next(c for c in conversations if c["conversation_id"] == conversation_id)


def test_asking_for_a_person_flags_the_conversation_and_says_when(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer = Customer(backend)
    customer.says("hola")
    customer.presses("🏠 Para mi hogar")
    reply = customer.says("quiero hablar con un asesor")
    assert "asesor" in reply and ("minutos" in reply or "fuera de horario" in reply)
    assert listed(backend, staff_headers, customer.conversation_id)["wants_human"] is True
    # Meanwhile the sale can go on with the assistant.
    assert "celular" in customer.says("Jorge Paredes").lower()


def test_two_misunderstandings_in_a_row_mark_the_conversation_stuck(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer = Customer(backend)
    customer.says("hola")
    for gibberish in ("zxqv blorp wuggle", "frobnicate quux snarf"):
        assert "hogar" in customer.says(gibberish)  # asked again: not understood
    assert listed(backend, staff_headers, customer.conversation_id)["is_stuck"] is True
    customer.says("es para mi casa")
    assert listed(backend, staff_headers, customer.conversation_id)["is_stuck"] is False


def test_web_chat_receives_the_executive_and_the_assistant_after_a_handback(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customer = Customer(backend)
    customer.says("hola")
    customer.presses("🏠 Para mi hogar")
    assert "celular" in customer.says("Elena Gutiérrez")
    base = f"/api/conversations/{customer.conversation_id}"
    assert backend.post(f"{base}/takeover", headers=staff_headers).status_code == 200
    assert customer.says("¿me puede llamar alguien?") == ""  # the assistant keeps quiet
    text = f"Hola Elena, te escribe un asesor ({uuid.uuid4().hex[:4]})."
    assert backend.post(f"{base}/messages", json={"text": text}, headers=staff_headers).status_code == 201
    assert backend.patch(f"{base}/lead", json={"phone": "+59176665544"}, headers=staff_headers).status_code == 200
    assert backend.post(f"{base}/giveback", headers=staff_headers).status_code == 200

    received = customer.streamed(until=lambda messages: len(messages) >= 4)
    assert received[0]["author"] == "staff" and "te atiende" in received[0]["text"]  # told a person answers now
    assert received[1] == {"author": "staff", "text": text, "buttons": [], "sender": "Administrador"}  # signed
    assert "asistente virtual otra vez" in received[2]["text"]
    assert "correo" in received[3]["text"]  # the phone came from the executive
    assert "Para qué" in customer.says("elena.q@gmail.com")
