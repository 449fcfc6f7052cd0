"""Deposits waiting for collections."""

import uuid

import httpx

from tests.helpers.basics import ASSISTANT_TOKEN, login

RECEIPT_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def deposit_in_review(backend: httpx.Client, deposit_number: str) -> int:
    """A prepaid order with a transfer receipt sent to collections, through the assistant's own API; its id."""
    sender = f"test-{uuid.uuid4().hex[:12]}"
    conversation = f"webchat:{sender}"
    assistant = {"X-Assistant-Token": ASSISTANT_TOKEN}
    zones = backend.get("/api/coverage/zones").json()
    lead = {
        "customer_type": "residential",
        "full_name": "Pedro Soliz",
        "phone": "+59171112233",
        "email": f"{sender}@correo.bo",
        "address": "Av. Ayacucho 100",
        "coverage_status": "covered",
        "coverage_zone_id": zones[0]["id"],
    }
    assert backend.put(f"/api/assistant/leads/{conversation}", json=lead, headers=assistant).status_code == 200
    ci = str(3000000 + int(uuid.uuid4().int % 999999))
    order = {"conversation_id": conversation, "plan_code": "FIBRA_80", "id_number": ci, "payment_method": "prepaid"}
    assert backend.post("/api/assistant/orders", json=order, headers=assistant).status_code == 201
    path = f"/api/assistant/conversations/{conversation}/payment"
    assert backend.put(path, json={"option": "transfer"}, headers=assistant).status_code == 200
    uploaded = backend.post(
        "/webchat/files", data={"sender_id": sender}, files={"file": ("recibo.png", RECEIPT_PNG, "image/png")}
    )
    assert "Recibí tu comprobante" in uploaded.text
    submitted = backend.post(f"{path}/submission", json={"deposit_number": deposit_number}, headers=assistant)
    assert submitted.status_code == 200 and submitted.json()["state"] == "in_review"
    return next(
        p["id"]
        for p in backend.get("/api/payments", headers=login(backend)).json()
        if p["deposit_number"] == deposit_number
    )
