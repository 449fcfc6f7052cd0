"""Staff roles, takeover rules and console sessions, on the real API and a real SQLite file."""

import pytest
from fastapi.testclient import TestClient

from tests.helpers.basics import ADMIN_PASSWORD, login

pytestmark = pytest.mark.both_engines

PASSWORD = "una-clave-segura-123"


@pytest.fixture
def staff(client: TestClient) -> dict[str, dict[str, str]]:
    """Bearer headers of one user per role (plus a second executive)."""
    admin = login(client)
    people = {"lucia": "executive", "marco": "executive", "rosa": "collections", "sofia": "supervisor"}
    headers = {"admin": admin}
    for name, role in people.items():
        body = {"email": f"{name}@venta.bo", "full_name": name.title(), "password": PASSWORD, "role": role}
        assert client.post("/api/users", json=body, headers=admin).status_code == 201
        headers[name] = login(client, f"{name}@venta.bo", PASSWORD)
    return headers


@pytest.fixture
def conversation(client: TestClient) -> str:
    """A web chat conversation (the assistant is not running here: the message waits for it)."""
    response = client.post("/webchat/messages", json={"sender_id": "roles-test", "text": "hola"})
    assert response.status_code == 202 and "un momento" in response.json()["messages"][0]["text"]
    return "webchat:roles-test"


def user_id(client: TestClient, headers: dict[str, str]) -> int:
    return client.get("/api/auth/me", headers=headers).json()["id"]


def test_each_role_is_refused_what_it_does_not_do(
    client: TestClient, staff: dict[str, dict[str, str]], conversation: str
) -> None:
    collections, executive, supervisor = staff["rosa"], staff["lucia"], staff["sofia"]
    refused = [
        (collections, "GET", "/api/conversations", None),
        (collections, "GET", f"/api/conversations/{conversation}/messages", None),
        (collections, "POST", f"/api/conversations/{conversation}/takeover", None),
        (collections, "POST", f"/api/conversations/{conversation}/messages", {"text": "hola"}),
        (collections, "GET", "/api/users", None),
        (executive, "GET", "/api/users", None),
        (
            executive,
            "POST",
            "/api/users",
            {"email": "x@venta.bo", "full_name": "X", "password": PASSWORD, "role": "admin"},
        ),
        (executive, "POST", f"/api/conversations/{conversation}/assign", {"user_id": 1}),
        (executive, "GET", "/api/audit", None),
        (
            supervisor,
            "POST",
            "/api/users",
            {"email": "y@venta.bo", "full_name": "Y", "password": PASSWORD, "role": "admin"},
        ),
        (supervisor, "PATCH", "/api/users/1", {"is_active": False}),
        (executive, "GET", "/api/learning/misreadings", None),
        (executive, "POST", "/api/learning/misreadings/1/review", {"intent": "greet"}),
        (executive, "POST", "/api/learning/retrainings", None),
        (collections, "POST", "/api/learning/messages/1/misread", None),
    ]
    for headers, method, url, body in refused:
        response = client.request(method, url, headers=headers, json=body)
        assert response.status_code == 403, (method, url, response.text)
    assert client.get("/api/conversations", headers=executive).status_code == 200
    assert client.get("/api/orders", headers=collections).status_code == 200
    assert client.get("/api/conversations").status_code == 401


def test_two_executives_cannot_take_the_same_conversation(
    client: TestClient, staff: dict[str, dict[str, str]], conversation: str
) -> None:
    lucia, marco, sofia = staff["lucia"], staff["marco"], staff["sofia"]
    base = f"/api/conversations/{conversation}"
    taken = client.post(f"{base}/takeover", headers=lucia)
    assert taken.status_code == 200 and taken.json()["assigned_to"]["full_name"] == "Lucia"
    second = client.post(f"{base}/takeover", headers=marco)
    assert second.status_code == 409 and "Lucia" in second.json()["detail"]
    assert client.post(f"{base}/takeover", headers=lucia).status_code == 200  # taking it again changes nothing
    assert client.post(f"{base}/messages", json={"text": "Hola"}, headers=marco).status_code == 409
    assert client.post(f"{base}/giveback", headers=marco).status_code == 403

    moved = client.post(f"{base}/assign", json={"user_id": user_id(client, marco)}, headers=sofia)
    assert moved.status_code == 200 and moved.json()["assigned_to"]["full_name"] == "Marco"
    assert client.post(f"{base}/messages", json={"text": "Hola"}, headers=lucia).status_code == 409
    sent = client.post(f"{base}/messages", json={"text": "Hola, soy Marco, ejecutivo de ventas."}, headers=marco)
    assert sent.status_code == 201 and sent.json()["author"] == "staff"

    # While an executive has it, what the customer writes reaches the executive, not the assistant.
    reply = client.post("/webchat/messages", json={"sender_id": "roles-test", "text": "gracias Marco"})
    assert reply.status_code == 200 and reply.json()["messages"] == []

    actions = [
        event["action"] for event in client.get("/api/audit", params={"subject": conversation}, headers=sofia).json()
    ]
    assert actions == ["conversation.write", "conversation.reassign", "conversation.take_over"]


def test_console_pages_need_a_session_and_the_right_role(
    client: TestClient, staff: dict[str, dict[str, str]], conversation: str
) -> None:
    assert client.get("/console/inbox", follow_redirects=False).headers["location"] == "/console/login"
    wrong = client.post("/console/login", data={"email": "admin@test.bo", "password": "nope"})
    assert wrong.status_code == 401 and "incorrectos" in wrong.text
    ok = client.post(
        "/console/login", data={"email": "admin@test.bo", "password": ADMIN_PASSWORD}, follow_redirects=False
    )
    assert ok.status_code == 303
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "max-age=" in cookie
    inbox = client.get("/console/inbox")
    assert inbox.status_code == 200 and f"/console/conversations/{conversation}" in inbox.text
    page = client.get(f"/console/conversations/{conversation}")
    assert page.status_code == 200 and "Tomar conversación" in page.text and "hola" in page.text
    client.post("/console/logout")
    client.cookies.clear()
    assert client.post("/console/login", data={"email": "rosa@venta.bo", "password": PASSWORD}).status_code == 200
    assert client.get("/console/inbox").status_code == 403
    assert client.get("/console/learning").status_code == 403
    assert client.get("/console/orders").status_code == 200


def test_a_customer_asking_for_a_person_is_flagged(
    client: TestClient, staff: dict[str, dict[str, str]], conversation: str, assistant_headers: dict[str, str]
) -> None:
    answer = client.post(f"/api/assistant/conversations/{conversation}/human-request", headers=assistant_headers)
    assert answer.status_code == 200
    body = answer.json()
    assert body["hours"].startswith("de lunes a viernes") and isinstance(body["open"], bool)
    [listed] = [
        c
        for c in client.get("/api/conversations", headers=staff["lucia"]).json()["data"]
        if c["conversation_id"] == conversation
    ]
    assert listed["wants_human"] is True
    taken = client.post(f"/api/conversations/{conversation}/takeover", headers=staff["lucia"]).json()
    assert taken["wants_human"] is False


def test_guessing_passwords_is_slowed_down_and_audited(client: TestClient, staff: dict[str, dict[str, str]]) -> None:
    stranger = TestClient(client.app, client=("200.87.99.1", 50000))  # an address that never logged in
    answers = [
        stranger.post("/api/auth/token", data={"username": "lucia@venta.bo", "password": f"guess-{n}"}).status_code
        for n in range(20)
    ]
    assert answers[:5] == [401] * 5 and set(answers[5:]) == {429}
    right = stranger.post("/api/auth/token", data={"username": "lucia@venta.bo", "password": PASSWORD})
    assert right.status_code == 429  # locked for a while, even with the right password
    unknown = stranger.post("/api/auth/token", data={"username": "nobody@venta.bo", "password": "x"})
    assert unknown.status_code == 401 and unknown.json()["detail"] == "Correo o contraseña incorrectos"
    failed = client.get("/api/audit/failed-logins", headers=staff["sofia"]).json()
    assert [attempt["email"] for attempt in failed[:6]] == ["nobody@venta.bo"] + ["lucia@venta.bo"] * 5
    assert client.get("/api/audit/failed-logins", headers=staff["marco"]).status_code == 403
    console = stranger.post("/console/login", data={"email": "lucia@venta.bo", "password": PASSWORD})
    assert console.status_code == 429 and "Demasiados intentos" in console.text
    # Lucía herself, from where she logged in before, is never held up by the stranger.
    assert client.post("/api/auth/token", data={"username": "lucia@venta.bo", "password": PASSWORD}).status_code == 200


def test_a_token_stops_working_after_logout_and_password_change(
    client: TestClient, staff: dict[str, dict[str, str]]
) -> None:
    marco = staff["marco"]
    assert client.get("/api/auth/me", headers=marco).status_code == 200
    assert client.post("/api/auth/logout", headers=marco).status_code == 204
    assert client.get("/api/auth/me", headers=marco).status_code == 401
    lucia = staff["lucia"]
    me = client.get("/api/auth/me", headers=lucia).json()
    changed = client.patch(f"/api/users/{me['id']}", json={"password": "otra-clave-segura-456"}, headers=staff["admin"])
    assert changed.status_code == 200
    assert client.get("/api/auth/me", headers=lucia).status_code == 401
    assert (
        client.get("/api/auth/me", headers=login(client, "lucia@venta.bo", "otra-clave-segura-456")).status_code == 200
    )
