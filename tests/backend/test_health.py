"""What operations watch: readiness of every part a message goes through, and the queues in Prometheus' format."""

import logging
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from backend import log_masking
from backend.app import create_app
from backend.config import Settings
from launcher.stack import Stack


def test_readiness_names_the_part_that_is_down(client: TestClient) -> None:
    response = client.get("/health/ready")
    assert response.status_code == 503
    checks = response.json()
    assert checks["database"] == "ok" and checks["worker"] == "ok"
    assert checks["rasa"].startswith("unreachable")
    assert client.get("/health").json() == {"status": "ok"}  # the process itself answers


@pytest.mark.assistant
def test_the_running_stack_is_ready(stack: Stack) -> None:
    response = httpx.get(f"{stack.backend_url}/health/ready", timeout=30)
    assert response.status_code == 200, response.text
    assert set(response.json()) >= {"database", "worker", "rasa", "actions"}


def test_metrics_show_a_message_waiting_for_the_assistant(settings: Settings) -> None:
    settings.METRICS_TOKEN = "test-metrics-token"
    with TestClient(create_app(settings)) as client:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.post("/webchat/messages", json={"sender_id": "m1", "text": "hola"}).status_code == 202
        time.sleep(0.05)
        body = client.get("/metrics", headers={"Authorization": "Bearer test-metrics-token"}).text
    samples = dict(line.rsplit(" ", 1) for line in body.splitlines() if not line.startswith("#"))
    assert samples['venta_messages{status="received"}'] == "1"
    assert samples["venta_messages_retrying"] == "1"
    assert float(samples["venta_oldest_unanswered_message_seconds"]) > 0
    assert "venta_lead_sla_overdue" in samples and "# TYPE venta_lead_sla_missed_total counter" in body


def test_metrics_are_off_without_a_token(client: TestClient) -> None:
    assert client.get("/metrics").status_code == 404


def test_pages_forbid_framing_sniffing_and_foreign_scripts(client: TestClient) -> None:
    for path in ("/", "/console/login", "/health"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
    assert "strict-transport-security" not in client.get("/").headers  # plain HTTP on a laptop


def test_phone_and_id_numbers_are_masked_in_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    log_masking.install()
    with caplog.at_level(logging.INFO):
        logging.getLogger("backend.test").info("Sent to %s (CI %s) at 2026-11-26 10:00", "+59171234567", "4567891 CB")
    assert caplog.messages[-1] == "Sent to •••567 (CI •••891 CB) at 2026-11-26 10:00"
