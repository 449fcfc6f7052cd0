"""Parts of the product crash in the middle of a sale (kill -9, on the running stack): no customer message is lost.

While Rasa or the action server is down, customers are asked for a moment and their messages wait, in order;
once it is back each is answered exactly once, and the sale goes on where it was (Rasa keeps its conversations in
its SQL tracker store)."""

import time
from typing import Any

import httpx
import pytest

from benchmarks.load import duplicated
from launcher.stack import Stack
from tests.helpers.channels import WhatsAppCustomer, reply_text
from tests.helpers.customers import Customer
from tests.helpers.fakes import FakeGraphApi

pytestmark = pytest.mark.assistant


def whatsapp_transcript(backend: httpx.Client, headers: dict[str, str], customer: WhatsAppCustomer) -> list[dict]:
    response = backend.get(f"/api/conversations/{customer.conversation_id}/messages", headers=headers)
    return response.json()["messages"]


def test_rasa_killed_mid_sale_answers_the_messages_sent_meanwhile_in_order(
    stack: Stack, backend: httpx.Client, graph_api: FakeGraphApi, staff_headers: dict[str, str]
) -> None:
    customer = WhatsAppCustomer(backend, graph_api, staff_headers)
    assert "hogar" in customer.says("hola").lower()
    assert "nombre" in customer.says("es para mi casa").lower()

    stack.kill("rasa")
    try:
        for text in ("Rosa Quispe", "rosa.quispe@gmail.com"):
            assert customer.post(customer.envelope(customer.message("text", {"body": text}))).status_code == 200
        told = graph_api.wait_for(lambda sent: "un momento" in reply_text(customer_records(sent, customer)), 60)
        assert reply_text(customer_records(told, customer)).count("Dame un momento") == 1  # told once
    finally:
        stack.restart("rasa")
    stack.wait_for(f"{stack.rasa_url}/status?token={stack.rasa_token}")

    def settled(messages: list[dict[str, Any]]) -> bool:
        inbound = [m for m in messages if m["direction"] == "inbound"]
        return len(inbound) == 4 and all(m["status"] == "handled" for m in inbound)

    deadline = time.monotonic() + 180
    while not settled(messages := whatsapp_transcript(backend, staff_headers, customer)):
        assert time.monotonic() < deadline, messages
        time.sleep(0.5)
    name, email = [m for m in messages if m["direction"] == "inbound"][2:]
    answers: dict[int, str] = {}
    for reply in (m for m in messages if m["direction"] == "outbound" and m["reply_to_id"]):
        answers[reply["reply_to_id"]] = answers.get(reply["reply_to_id"], "") + "\n" + reply["text"]
    assert "correo" in answers[name["id"]].lower()  # the name was taken where the sale was (WhatsApp gave the phone)
    assert "para qué" in answers[email["id"]].lower()  # and then the e-mail, in order
    inbound = [m for m in messages if m["direction"] == "inbound"]
    outbound = [m for m in messages if m["direction"] == "outbound"]
    assert duplicated(inbound, outbound, customer_records(graph_api.sent_to(customer.wa_id), customer)) == 0
    replies_of = [m["reply_to_id"] for m in messages if m["direction"] == "outbound" and m["reply_to_id"]]
    assert replies_of == sorted(replies_of)  # answered in the order they were written


def test_the_action_server_killed_mid_form_loses_no_answer(stack: Stack, backend: httpx.Client) -> None:
    customer = Customer(backend)
    assert "hogar" in customer.says("hola").lower()
    assert "nombre" in customer.says("es para mi casa").lower()

    stack.kill("actions")
    try:
        response = backend.post("/webchat/messages", json={"sender_id": customer.sender_id, "text": "Rosa Quispe"})
        assert response.status_code == 202
        assert "un momento" in response.json()["messages"][0]["text"]
    finally:
        stack.restart("actions")
    stack.wait_for(f"http://127.0.0.1:{stack.actions_port}/health")

    streamed = customer.streamed(lambda received: any("celular" in m.get("text", "") for m in received), timeout=120)
    assert any("celular" in m.get("text", "") for m in streamed)  # the form took the name once the server was back
    assert "correo" in customer.says("71234567").lower()


def customer_records(sent: list[dict[str, Any]], customer: WhatsAppCustomer) -> list[dict[str, Any]]:
    return [record for record in sent if record["to"] == customer.wa_id]


def test_the_backend_killed_right_after_keeping_messages_answers_each_once_after_its_restart(
    stack: Stack, backend: httpx.Client, graph_api: FakeGraphApi, staff_headers: dict[str, str]
) -> None:
    customer = WhatsAppCustomer(backend, graph_api, staff_headers)
    for text in ("hola", "es para mi casa"):
        assert customer.post(customer.envelope(customer.message("text", {"body": text}))).status_code == 200
    stack.kill("backend")  # the messages are kept; answering them may have begun
    stack.restart("backend")
    stack.wait_for(f"{stack.backend_url}/health")

    deadline = time.monotonic() + 120
    while True:
        messages = whatsapp_transcript(backend, staff_headers, customer)
        inbound = [m for m in messages if m["direction"] == "inbound"]
        outbound = [m for m in messages if m["direction"] == "outbound"]
        if len(inbound) == 2 and all(m["status"] == "handled" for m in inbound):
            if all(m["status"] in ("sent", "delivered", "read") for m in outbound):
                break
        assert time.monotonic() < deadline, messages
        time.sleep(0.5)
    greeting, home = inbound
    assert any(r["reply_to_id"] == greeting["id"] for r in outbound)
    assert "nombre" in " ".join(r["text"] for r in outbound if r["reply_to_id"] == home["id"]).lower()
    received = customer_records(graph_api.sent_to(customer.wa_id), customer)
    assert duplicated(inbound, outbound, received) == 0
