"""Learning from real conversations, on the running stack: a message the assistant did not understand and one
staff marked are reviewed by a supervisor, and a retraining gated by the held-out F1 teaches the assistant."""

import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from launcher.stack import Stack
from tests.helpers.customers import Customer

pytestmark = pytest.mark.assistant
RETRAINING_TIMEOUT = 900.0
NOISE = ("zzkq wxpt", "ptk fff ggg", "fjfjfj", "jjjk", "bzzz zzzb")
NOT_HELPED = re.compile(r"no te entend|no te puedo ayudar")  # the answers that list a message for learning
TAUGHT = "ando con el cablerio pelado y quiero q me arreglen la cosa esa con alguien de carne y hueso"


def parse(stack: Stack, text: str) -> str:
    """The intent the running model reads `text` as."""
    body = httpx.post(f"{stack.rasa_url}/model/parse", params={"token": stack.rasa_token}, json={"text": text})
    return body.json()["intent"]["name"]


@pytest.fixture
def model_restored(stack: Stack, trained_model: Path) -> Iterator[None]:
    """The tests after this one run the model the session started with."""
    yield
    original = max(trained_model.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    for url in stack.rasa_urls:
        httpx.put(f"{url}/model", params={"token": stack.rasa_token}, json={"model_file": str(original)}, timeout=300)


def message_id(backend: httpx.Client, headers: dict[str, str], customer: Customer, text: str) -> int:
    transcript = backend.get(f"/api/conversations/{customer.conversation_id}/messages", headers=headers).json()
    return next(m["id"] for m in transcript["messages"] if m["author"] == "customer" and m["text"] == text)


def test_misread_messages_are_reviewed_and_learned(
    stack: Stack, backend: httpx.Client, staff_headers: dict[str, str], model_restored: None
) -> None:
    customer = Customer(backend)
    not_understood = {text for text in NOISE if NOT_HELPED.search(customer.says(text).lower())}
    assert not_understood, customer.transcript
    customer.says(TAUGHT)
    marked = backend.post(
        f"/api/learning/messages/{message_id(backend, staff_headers, customer, TAUGHT)}/misread", headers=staff_headers
    )
    assert marked.status_code == 201, marked.text

    pending = backend.get("/api/learning/misreadings", headers=staff_headers).json()
    by_text = {row["text"]: row for row in pending if row["conversation_id"] == customer.conversation_id}
    assert set(by_text) == {*not_understood, TAUGHT}
    assert all(by_text[text]["reported_by_id"] is None for text in not_understood)  # noted when it fell back
    assert all(row["suggested_intent"] for row in by_text.values())  # what the assistant reads it as now

    unknown = backend.post(
        f"/api/learning/misreadings/{by_text[TAUGHT]['id']}/review", json={"intent": "nonsense"}, headers=staff_headers
    )
    assert unknown.status_code == 409
    reviews = [(noise, None) for noise in not_understood] + [(TAUGHT, "ask_human")]
    for text, intent in reviews:
        review = backend.post(
            f"/api/learning/misreadings/{by_text[text]['id']}/review", json={"intent": intent}, headers=staff_headers
        )
        assert review.status_code == 200 and review.json()["status"] == ("confirmed" if intent else "dismissed")

    page = backend.get("/console/learning", cookies={"venta_session": staff_headers["Authorization"].split()[1]})
    assert page.status_code == 200 and "Reentrenar el asistente" in page.text and "1 ejemplo confirmado" in page.text

    started = backend.post("/api/learning/retrainings", headers=staff_headers)
    assert started.status_code == 202, started.text
    assert backend.post("/api/learning/retrainings", headers=staff_headers).status_code == 409  # one at a time
    deadline = time.monotonic() + RETRAINING_TIMEOUT
    while (run := backend.get("/api/learning/retrainings", headers=staff_headers).json()[0])["status"] in (
        "queued",
        "running",
    ):
        assert time.monotonic() < deadline, run
        time.sleep(3)
    assert run["status"] in ("loaded", "kept"), run
    assert run["examples"] == 1 and run["baseline_f1"] > 0.5 and run["candidate_f1"] > 0.5
    if run["status"] == "loaded":
        assert run["candidate_f1"] >= run["baseline_f1"]
        assert parse(stack, TAUGHT) == "ask_human"
    else:
        assert run["candidate_f1"] < run["baseline_f1"]
