"""Requests ready for the backoffice check."""

import time
from pathlib import Path

from fastapi.testclient import TestClient

from backend.conversations import service as conversations
from backend.database import transaction
from backend.documents import service as documents
from backend.documents.storage import DocumentStorage
from tests.helpers.acceptance import a_conversation_that_accepts
from tests.helpers.api import COMPLETE_LEAD, capture, zone_id
from tests.helpers.basics import login, photo


def a_postpaid_request(
    client: TestClient, assistant_headers: dict[str, str], key: str, *, reference: str | None
) -> dict:
    """A request made in a conversation: terms accepted, a CI photo sent, postpaid (so sold at once)."""
    conversation_id = a_conversation_that_accepts(client, key, "Acepto")
    lead = {**COMPLETE_LEAD, "coverage_zone_id": zone_id(client, "Queru Queru"), "address_reference": reference}
    assert capture(client, assistant_headers, lead, conversation_id).status_code == 200
    storage = DocumentStorage(Path(client.app.state.settings.DOCUMENTS_DIR))  # type: ignore[attr-defined]
    with transaction(client.app.state.session_factory) as db:  # type: ignore[attr-defined]
        conversation = conversations.get_by_conversation_id(db=db, conversation_id=conversation_id)
        documents.store(db=db, storage=storage, conversation_pk=conversation.id, data=photo(), filename="ci.jpg")
    body = {"conversation_id": conversation_id, "plan_code": "FIBRA_80", "id_number": "4567891 CB",
            "payment_method": "postpaid"}  # fmt: skip
    response = client.post("/api/assistant/orders", json=body, headers=assistant_headers)
    assert response.status_code == 201, response.text
    return response.json()


def billing_reference_of(client: TestClient, order_id: int) -> str | None:
    """The order's billing reference, once the background hand-over set it (waits a few seconds)."""
    for _ in range(100):
        orders = client.get("/api/orders", headers=login(client)).json()["data"]
        reference = next(o["billing_reference"] for o in orders if o["id"] == order_id)
        if reference:
            return reference
        time.sleep(0.05)
    return None
