"""Work that one process at a time may do: conversations and the background duties, held by leases.

A live holder keeps its work; a stopped one's is taken up when its lease expires (or at once when it gave it
back) — on SQLite and on PostgreSQL."""

import asyncio
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from backend import leases
from backend.background import Background
from backend.config import Settings
from backend.conversations import service as conversation_service
from backend.conversations.models import Message, MessageStatus
from backend.database import make_engine, make_session_factory, transaction, utcnow
from backend.migrations import upgrade_schema
from bot.runtime import ChannelRuntime
from bot.wakeup import Wakeup
from bot.worker import ChannelWorker, lease_name
from tests.helpers.basics import run_apart

pytestmark = pytest.mark.both_engines


def test_one_holder_at_a_time_until_its_lease_expires(sessions: sessionmaker[Session]) -> None:
    now = utcnow()
    with transaction(sessions) as db:
        assert leases.acquire(db, ["duties"], holder="a", now=now) == ["duties"]
    with transaction(sessions) as db:
        assert leases.acquire(db, ["duties"], holder="b", now=now) == []
        assert leases.acquire(db, ["duties"], holder="a", now=now + timedelta(seconds=20)) == ["duties"]  # renewed
        assert leases.acquire(db, ["duties"], holder="b", now=now + timedelta(seconds=40)) == []
    with transaction(sessions) as db:
        assert leases.acquire(db, ["duties"], holder="b", now=now + timedelta(seconds=51)) == ["duties"]
        assert leases.holder_of(db, "duties", now=now + timedelta(seconds=51)) == "b"


def test_a_lease_given_back_is_free_at_once(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as db:
        leases.acquire(db, ["conversation:1", "conversation:2"], holder="a")
        leases.release(db, ["conversation:1"], holder="a")
        assert leases.acquire(db, ["conversation:1", "conversation:2"], holder="b") == ["conversation:1"]


def test_a_live_workers_message_is_left_alone_and_a_stopped_ones_taken_up(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as db:
        conversation = conversation_service.get_or_create(db=db, channel="whatsapp", user_id="59171234567")
        message = conversation_service.record_inbound(
            db=db, conversation=conversation, text="hola", content={}, external_id="wamid.1"
        )
        assert message is not None
        message.status = MessageStatus.PROCESSING  # another worker is answering it
        pk, message_id = conversation.id, message.id
        leases.acquire(db, [lease_name(pk)], holder="other")
    worker = ChannelWorker(
        session_factory=sessions,
        gateway=None,
        channels={},
        deliveries=None,
        wakeup=Wakeup(),
        storage=None,
        holder="restarted",  # type: ignore[arg-type]
    )

    with transaction(sessions) as db:
        assert worker._lease_conversations(db, pks=[pk]) == []
        assert db.get_one(Message, message_id).status == MessageStatus.PROCESSING

    with transaction(sessions) as db:  # the other worker stopped renewing: its lease runs out
        leases.renew(db, holder="other", seconds=-1)
    with transaction(sessions) as db:
        assert worker._lease_conversations(db, pks=[pk]) == [pk]
        assert db.get_one(Message, message_id).status == MessageStatus.RECEIVED


def test_the_duties_run_in_one_process_and_move_when_it_stops(database_url: str, tmp_path: Path) -> None:
    settings = Settings(
        DATABASE_URL=database_url, DOCUMENTS_DIR=str(tmp_path / "documents"), RASA_URL="http://127.0.0.1:9"
    )

    async def scenario() -> None:
        engine = make_engine(database_url)
        upgrade_schema(engine)
        sessions = make_session_factory(engine)
        runtimes = [ChannelRuntime.build(settings, sessions) for _ in range(2)]
        first, second = (
            Background(settings=settings, sessions=sessions, runtime=r, poll_seconds=0.2, renew_seconds=0.1)
            for r in runtimes
        )
        await first.start()
        await second.start()
        await asyncio.sleep(0.5)
        assert first.has_duties and not second.has_duties
        await first.stop()  # it gives the duties back; had it died, they would expire
        deadline = time.monotonic() + leases.LEASE_SECONDS + 5
        while not second.has_duties and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert second.has_duties
        await second.stop()
        for runtime in runtimes:
            await runtime.close()
        engine.dispose()

    run_apart(scenario())
