"""Follow-ups: what a change still has to do outside the database is done after it commits, tried again while it
fails for a passing reason, and, when given up on, kept with its reason for supervisors."""

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from backend.database import transaction
from backend.followups import service
from backend.followups.handlers import Retry
from backend.followups.models import FollowUp, FollowUpStatus
from backend.followups.runner import FollowUpRunner
from tests.helpers.basics import login, run_apart

pytestmark = pytest.mark.both_engines


def test_a_passing_failure_is_tried_again_until_it_goes_through(sessions: sessionmaker[Session]) -> None:
    calls: list[dict[str, Any]] = []

    async def flaky(payload: dict[str, Any]) -> None:
        calls.append(payload)
        if len(calls) < 3:
            raise Retry("the mail server is down")

    runner = FollowUpRunner(
        sessions=sessions, handlers={"mail": flaky}, retry_base_seconds=0.05, max_attempts=5, poll_seconds=0.05
    )
    with transaction(sessions) as db:
        follow_up_id = service.schedule(db, "mail", invoice_id=7).id

    async def until_done() -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            await runner.run_due()
            with transaction(sessions) as db:
                if db.get_one(FollowUp, follow_up_id).status == FollowUpStatus.DONE:
                    return
            time.sleep(0.05)

    run_apart(until_done())
    assert calls == [{"invoice_id": 7}] * 3
    with transaction(sessions) as db:
        done = db.get_one(FollowUp, follow_up_id)
        assert done.status == FollowUpStatus.DONE and done.attempts == 3 and done.error is None


def test_a_follow_up_given_up_on_is_shown_to_supervisors_with_its_reason(client: TestClient) -> None:
    with transaction(client.app.state.session_factory) as db:  # type: ignore[attr-defined]
        service.schedule(db, "fax.send", order_id=3)  # no such kind: it cannot be done
    headers = login(client)
    for _ in range(100):
        failed = client.get("/api/follow-ups/failed", headers=headers).json()
        if failed:
            break
        time.sleep(0.1)
    [given_up] = failed
    assert given_up["kind"] == "fax.send" and given_up["payload"] == {"order_id": 3}
    assert "No handler" in given_up["error"]
    assert client.get("/api/follow-ups/failed").status_code == 401
