"""Calls of the back office's API that many tests make."""

from fastapi.testclient import TestClient

COMPLETE_LEAD = {
    "customer_type": "residential",
    "full_name": "Ana Rojas",
    "phone": "+59171234567",
    "email": "ana@gmail.com",
    "usage": "study",
    "household_size": 3,
    "address": "Av. América 123, Queru Queru",
    "coverage_status": "covered",
}


CONVERSATION = "webchat:abc123"


def capture(client: TestClient, headers: dict[str, str], data: dict, conversation: str = CONVERSATION):
    return client.put(f"/api/assistant/leads/{conversation}", json=data, headers=headers)


def zone_id(client: TestClient, name: str) -> int:
    return next(z["id"] for z in client.get("/api/coverage/zones").json() if z["name"] == name)
