"""The back office's HTTP API on a real SQLite file."""

import io
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.config import Settings
from backend.documents.storage import DocumentStorage, RejectedFile
from tests.helpers.api import COMPLETE_LEAD, CONVERSATION, capture, zone_id
from tests.helpers.basics import ADMIN_PASSWORD, login, photo

pytestmark = pytest.mark.both_engines


def test_the_catalogue_lists_active_plans_cheapest_first(client: TestClient) -> None:
    plans = client.get("/api/plans").json()
    prices = [float(plan["monthly_price_bs"]) for plan in plans["data"]]
    assert plans["count"] == 5 and prices == sorted(prices)


def test_the_recommendation_fits_the_household(client: TestClient) -> None:
    small = client.get("/api/plans/recommendation", params={"usage": "home", "household_size": 1}).json()
    gamers = client.get(
        "/api/plans/recommendation", params={"usage": "gaming", "household_size": 4, "usage_hours": "night"}
    ).json()
    assert small["plan"]["code"] == "FIBRA_40"
    assert gamers["needed_mbps"] == 150 and gamers["plan"]["download_mbps"] >= 150
    wished = client.get("/api/plans/recommendation", params={"household_size": 1, "wanted_speed_mbps": 300}).json()
    assert wished["plan"]["code"] == "FIBRA_300"
    assert client.get("/api/plans/recommendation", params={"household_size": 0}).status_code == 422


def test_coverage_by_point_name_and_unknown_place(client: TestClient) -> None:
    inside = client.post("/api/coverage/check", json={"latitude": -17.39, "longitude": -66.15}).json()
    assert inside["status"] == "covered" and inside["zone"]["name"] == "Centro"
    outside = client.post("/api/coverage/check", json={"latitude": -17.40, "longitude": -66.04}).json()
    assert outside["status"] == "not_covered" and outside["zone"] is None
    named = client.post("/api/coverage/check", json={"text": "calle 5, zona queru queru"}).json()
    assert named["status"] == "covered" and named["matched_by"] == "name"
    alias = client.post("/api/coverage/check", json={"text": "en la Muyurina"}).json()
    assert alias["zone"]["name"] == "Tupuraya"
    assert client.post("/api/coverage/check", json={"text": "zona sur"}).json()["status"] == "unknown"


def test_places_we_do_not_serve_are_not_covered_by_name(client: TestClient) -> None:
    sacaba = client.post("/api/coverage/check", json={"text": "en Sacaba, zona El Abra"}).json()
    assert sacaba["status"] == "not_covered" and sacaba["place"] == "El Abra"
    assert client.post("/api/coverage/check", json={"text": "¿tienen internet en La Paz?"}).json()["place"] == "La Paz"
    street = client.post("/api/coverage/check", json={"text": "calle Sucre 245, Centro"}).json()
    assert street["status"] == "covered" and street["zone"]["name"] == "Centro"
    assert client.post("/api/coverage/check", json={"text": "av. Santa Cruz 1200"}).json()["status"] == "unknown"


def test_a_coverage_check_needs_a_place(client: TestClient) -> None:
    assert client.post("/api/coverage/check", json={}).status_code == 422
    assert client.post("/api/coverage/check", json={"latitude": -17.39}).status_code == 422
    assert client.post("/api/coverage/check", json={"latitude": 91, "longitude": 0}).status_code == 422


def test_staff_endpoints_need_a_login(client: TestClient) -> None:
    assert client.get("/api/leads").status_code == 401
    assert client.get("/api/orders", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    wrong = client.post("/api/auth/token", data={"username": "admin@test.bo", "password": "wrong"})
    assert wrong.status_code == 401
    me = client.get("/api/auth/me", headers=login(client)).json()
    assert me["role"] == "admin"


def test_assistant_endpoints_need_the_assistant_token(client: TestClient) -> None:
    assert capture(client, {}, {"full_name": "Ana Rojas"}).status_code == 401
    assert capture(client, {"X-Assistant-Token": "guess"}, {"full_name": "Ana Rojas"}).status_code == 401
    assert client.get("/api/leads", headers=login(client)).json()["count"] == 0


def test_a_lead_is_captured_once_per_conversation(client: TestClient, assistant_headers: dict[str, str]) -> None:
    assert capture(client, assistant_headers, {}).json()["stage"] == "visited"
    capture(client, assistant_headers, {"full_name": "Ana Rojas"})
    lead = capture(client, assistant_headers, {"email": "ana@gmail.com"}).json()
    assert lead["full_name"] == "Ana Rojas" and lead["email"] == "ana@gmail.com"
    assert lead["channel"] == "webchat"
    leads = client.get("/api/leads", headers=login(client)).json()
    assert leads["count"] == 1


def test_bad_lead_data_is_refused_clearly(client: TestClient, assistant_headers: dict[str, str]) -> None:
    assert capture(client, assistant_headers, {"email": "not-an-email"}).status_code == 422
    assert capture(client, assistant_headers, {"phone": "12ab"}).status_code == 422
    assert capture(client, assistant_headers, {"offered_plan_code": "NOPE"}).status_code == 404


def test_offering_a_plan_makes_the_lead_informado(client: TestClient, assistant_headers: dict[str, str]) -> None:
    lead = capture(client, assistant_headers, {"offered_plan_code": "FIBRA_80"}).json()
    assert lead["stage"] == "informed" and lead["stage_label"] == "Informado"
    assert lead["offered_plan"]["name"] == "Fibra Hogar 80"


def test_an_order_needs_complete_data(client: TestClient, assistant_headers: dict[str, str]) -> None:
    capture(client, assistant_headers, {"full_name": "Ana Rojas"})
    order = {
        "conversation_id": CONVERSATION,
        "plan_code": "FIBRA_80",
        "id_number": "4567891 CB",
        "payment_method": "prepaid",
    }
    response = client.post("/api/assistant/orders", json=order, headers=assistant_headers)
    assert response.status_code == 409 and "email" in response.json()["detail"]
    bad_ci = client.post("/api/assistant/orders", json={**order, "id_number": "12"}, headers=assistant_headers)
    assert bad_ci.status_code == 422


def test_a_confirmed_order_is_pre_venta_and_registered_once(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    capture(client, assistant_headers, {**COMPLETE_LEAD, "coverage_zone_id": zone_id(client, "Queru Queru")})
    order = {
        "conversation_id": CONVERSATION,
        "plan_code": "FIBRA_80",
        "id_number": "4567891-1a lp",
        "payment_method": "prepaid",
    }
    first = client.post("/api/assistant/orders", json=order, headers=assistant_headers)
    again = client.post("/api/assistant/orders", json=order, headers=assistant_headers)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["number"] == again.json()["number"] == "SOL-000001"
    body = first.json()
    assert body["state"] == "pre_sale" and body["customer"]["id_number"] == "4567891-1A LP"
    assert body["coverage_zone"] == "Queru Queru" and body["monthly_price_bs"] == "199.00"
    assert [change["to_state"] for change in body["state_changes"]] == ["pre_sale"]
    staff = login(client)
    assert client.get("/api/orders", headers=staff).json()["count"] == 1
    assert client.get("/api/leads", headers=staff).json()["data"][0]["stage"] == "pre_sale"


def test_an_unattended_request_keeps_its_reason(client: TestClient, assistant_headers: dict[str, str]) -> None:
    capture(client, assistant_headers, {"full_name": "Ana Rojas", "coverage_status": "not_covered"})
    closing = {"reason": "no_coverage", "detail": "Sin cobertura en Sacaba", "notify_on_coverage": True}
    lead = client.post(f"/api/assistant/leads/{CONVERSATION}/unattended", json=closing, headers=assistant_headers)
    assert lead.json()["stage"] == "unattended" and lead.json()["notify_on_coverage"] is True
    listed = client.get("/api/leads", headers=login(client), params={"stage": "unattended"}).json()
    assert listed["data"][0]["unattended_reason"] == "no_coverage"


def test_the_web_chat_page_is_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "/webchat/webchat.js" in page.text
    assert client.get("/webchat/webchat.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/webchat/secrets.env").status_code == 404


def test_web_chat_keeps_the_message_and_asks_for_a_moment_when_the_assistant_is_down(client: TestClient) -> None:
    response = client.post("/webchat/messages", json={"sender_id": "s1", "message_id": "m1", "text": "hola"})
    assert response.status_code == 202
    assert "Dame un momento" in response.json()["messages"][0]["text"]
    again = client.post("/webchat/messages", json={"sender_id": "s1", "message_id": "m1", "text": "hola"})
    assert again.json() == response.json()  # the same message, the same notice
    later = client.post("/webchat/messages", json={"sender_id": "s1", "message_id": "m2", "text": "quiero internet"})
    assert later.status_code == 202 and later.json()["messages"] == []  # it queues behind the first, in order
    transcript = client.get("/api/conversations/webchat:s1/messages", headers=login(client)).json()["messages"]
    inbound = [m for m in transcript if m["direction"] == "inbound"]
    assert [m["status"] for m in inbound] == ["received", "received"]
    assert "not reachable" in inbound[0]["error"]


def test_the_sandbox_payment_provider_is_not_served_in_production(settings: Settings) -> None:
    settings.ENVIRONMENT, settings.RASA_TOKEN = "production", "test-rasa-token"
    settings.PAYMENT_PROVIDER_SECRET = "test-provider-secret"
    with TestClient(create_app(settings), base_url="https://testserver") as production:  # its cookies are Secure
        assert production.get("/sandbox/pay/SBX-0000").status_code == 404
        assert production.post("/api/payments/notifications/sandbox", content=b"{}").status_code == 404
        assert production.get("/docs", follow_redirects=False).headers["location"] == "/console/login"
        assert production.get("/openapi.json", follow_redirects=False).status_code == 303
        assert production.post("/console/login", data={"email": "admin@test.bo", "password": ADMIN_PASSWORD}).is_success
        assert production.get("/docs").status_code == 200 and "/api/leads" in production.get("/openapi.json").text


def test_two_requests_with_one_ci_keep_their_own_contact_data(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    zone = zone_id(client, "Queru Queru")
    for conversation, email, phone in (
        ("webchat:ci-owner", "ana@gmail.com", "+59171234567"),
        ("webchat:ci-newcomer", "otra.persona@gmail.com", "+59177788899"),
    ):
        lead = {**COMPLETE_LEAD, "email": email, "phone": phone, "coverage_zone_id": zone}
        assert capture(client, assistant_headers, lead, conversation).status_code == 200
        order = {"conversation_id": conversation, "plan_code": "FIBRA_80", "id_number": "4567891 CB",
                 "payment_method": "prepaid"}  # fmt: skip
        assert client.post("/api/assistant/orders", json=order, headers=assistant_headers).status_code == 201
    orders = {o["contact_email"]: o for o in client.get("/api/orders", headers=login(client)).json()["data"]}
    first, second = orders["ana@gmail.com"], orders["otra.persona@gmail.com"]
    assert first["customer"]["id"] == second["customer"]["id"]
    assert second["customer"]["email"] == "ana@gmail.com" and second["customer"]["phone"] == "+59171234567"
    assert second["contact_phone"] == "+59177788899"
    assert (first["ci_on_file_differs"], second["ci_on_file_differs"]) == (False, True)


def test_a_file_is_what_its_bytes_say(tmp_path: Path) -> None:
    storage = DocumentStorage(tmp_path)
    assert storage.save(photo(image_format="PNG"))[2] == "image/png"
    assert storage.save(b"%PDF-1.4 receipt")[2] == "application/pdf"
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("comprobante.png", "not an image")
    refused = [zipped.getvalue(), b"\xff\xd8\xff\xe0 not really a jpeg", photo(9000, 6000, "PNG"), b""]
    for data in refused:
        with pytest.raises(RejectedFile):
            storage.save(data)


def test_bodies_past_their_limit_are_refused_before_they_fill_memory(client: TestClient) -> None:
    declared = client.post(
        "/webchat/messages", content=b"{" + b" " * 300_000 + b"}", headers={"content-type": "application/json"}
    )
    assert declared.status_code == 413

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(40):
            yield b"x" * 10_000

    streamed = client.post(
        "/api/auth/token", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert streamed.status_code == 413
    huge = client.post(
        "/webchat/files",
        data={"sender_id": "big-upload"},
        files={"file": ("r.pdf", b"%PDF-" + b"0" * (17 * 1024 * 1024))},
    )
    assert huge.status_code == 413
    assert (
        client.post(
            "/webchat/files", data={"sender_id": "small-upload"}, files={"file": ("r.pdf", b"%PDF-1.4")}
        ).status_code
        != 413
    )


def test_a_flood_of_web_chat_messages_is_slowed_down_in_spanish(settings: Settings) -> None:
    limited = settings.model_copy(
        update={"WEBCHAT_MESSAGES_PER_MINUTE": 3, "WEBCHAT_MESSAGES_PER_MINUTE_PER_ADDRESS": 5}
    )
    with TestClient(create_app(limited)) as client:
        sent = [client.post("/webchat/messages", json={"sender_id": "flood", "text": f"hola {n}"}) for n in range(4)]
        assert [response.status_code for response in sent] == [202, 202, 202, 429]
        assert "muy rápido" in sent[-1].json()["messages"][0]["text"] and sent[-1].headers["retry-after"]
        others = [client.post("/webchat/messages", json={"sender_id": f"other-{n}", "text": "hola"}) for n in range(3)]
        assert [response.status_code for response in others] == [202, 429, 429]  # the address's 5 are used


def test_refused_input_is_explained_in_spanish_field_by_field(
    client: TestClient, assistant_headers: dict[str, str]
) -> None:
    refused = capture(client, assistant_headers, {"phone": "12ab", "email": "no-es-correo"})
    assert refused.status_code == 422
    messages = {tuple(error["loc"])[-1]: error["msg"] for error in refused.json()["detail"]}
    assert messages == {"phone": "Celular: no tiene el formato esperado", "email": "Correo: no es un correo válido"}
    short = client.post("/api/users", json={"email": "x@venta.bo", "full_name": "X", "password": "corta",
                                            "role": "executive"}, headers=login(client))  # fmt: skip
    assert "Contraseña: es demasiado corto (mínimo 10 caracteres)" in [e["msg"] for e in short.json()["detail"]]


def test_the_api_docs_need_no_internet(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "cdn.jsdelivr" not in page.text
    assert '"/docs/assets/swagger-ui-bundle.js"' in page.text and '"/docs/assets/swagger-ui.css"' in page.text
    script = client.get("/docs/assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert len(script.content) > 100_000 and client.get("/docs/assets/index.html").status_code == 404
