"""The intake: what webhooks receive is kept before they answer, taken into its conversation once, then forgotten."""

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backend.conversations.messages import InboundMessage
from backend.conversations.models import Delivery, Message
from backend.database import transaction
from bot import intake as intake_module
from bot.inbox import take_in
from bot.intake import Intake, KeptDeliveries
from tests.helpers.basics import run_apart

pytestmark = pytest.mark.both_engines


def hola(number: int = 1) -> InboundMessage:
    return InboundMessage(channel="whatsapp", user_id="59171234567", message_id=f"wamid.{number}", text="hola")


def keep(kept: KeptDeliveries, message: InboundMessage) -> list[str]:
    woken: list[str] = []
    run_apart(Intake(kept, kept=lambda: woken.append("worker")).keep("whatsapp", [message]))
    return woken


def transcript(sessions: sessionmaker[Session]) -> list[str | None]:
    with transaction(sessions) as db:
        return list(db.scalars(select(Message.external_id).order_by(Message.id)))


def test_a_delivery_is_taken_in_once_and_then_forgotten(database_url: str, sessions: sessionmaker[Session]) -> None:
    kept = KeptDeliveries.beside(database_url, sessions)
    assert keep(kept, hola()) == ["worker"]  # written before the worker is woken
    assert len(kept.oldest(10)) == 1

    with transaction(sessions) as db:
        assert take_in(db, kept, limit=10) == 1
    assert transcript(sessions) == ["wamid.1"]
    assert kept.oldest(10) == []

    keep(kept, hola())  # Meta delivers it again, as after a crash between taking in and forgetting
    with transaction(sessions) as db:
        assert take_in(db, kept, limit=10) == 1
    assert transcript(sessions) == ["wamid.1"]
    assert kept.oldest(10) == []
    kept.close()


def test_a_take_in_that_rolls_back_forgets_nothing(database_url: str, sessions: sessionmaker[Session]) -> None:
    kept = KeptDeliveries.beside(database_url, sessions)
    keep(kept, hola())
    with pytest.raises(RuntimeError), transaction(sessions) as db:
        take_in(db, kept, limit=10)
        raise RuntimeError("the worker stopped")
    assert transcript(sessions) == []
    assert len(kept.oldest(10)) == 1
    kept.close()


def test_beside_sqlite_deliveries_wait_in_a_file_of_their_own(
    database_url: str, sessions: sessionmaker[Session]
) -> None:
    """So that a webhook's write never waits behind the worker's transactions (one writer per SQLite file)."""
    kept = KeptDeliveries.beside(database_url, sessions)
    keep(kept, hola())
    with transaction(sessions) as db:
        in_database = db.scalar(select(func.count()).select_from(Delivery))
    if database_url.startswith("sqlite"):
        assert kept.engine is not None and in_database == 0
        assert Path(database_url.removeprefix("sqlite:///")).with_name("venta-intake.db").exists()
    else:
        assert kept.engine is None and in_database == 1
    kept.close()


def test_deliveries_an_earlier_release_kept_in_the_database_are_taken_in(
    database_url: str, sessions: sessionmaker[Session]
) -> None:
    with transaction(sessions) as db:
        db.add(Delivery(channel="whatsapp", messages=[hola(7).model_dump(mode="json", exclude_none=True)]))
    kept = KeptDeliveries.beside(database_url, sessions)
    with transaction(sessions) as db:
        assert take_in(db, kept, limit=10) == 1
    assert transcript(sessions) == ["wamid.7"]
    assert kept.oldest(10) == []
    kept.close()


def test_a_burst_wakes_the_worker_once_all_of_it_is_written(
    database_url: str, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Woken by the first delivery, the worker would start on it while the rest still wait to be answered."""
    kept = KeptDeliveries.beside(database_url, sessions)
    written_when_woken: list[int] = []
    intake = Intake(kept, kept=lambda: written_when_woken.append(len(kept.oldest(100))))

    async def burst(first: int) -> None:
        """One delivery, and nineteen more arriving while it is being written."""
        writing = asyncio.create_task(intake.keep("whatsapp", [hola(first)]))
        for _ in range(3):  # its writer takes it and goes to its thread
            await asyncio.sleep(0)
        await asyncio.gather(writing, *(intake.keep("whatsapp", [hola(first + n)]) for n in range(1, 20)))

    run_apart(burst(first=0))
    assert written_when_woken == [20]

    monkeypatch.setattr(intake_module, "WAKE_WITHIN_SECONDS", 0)  # as after a stream that did not let up
    run_apart(burst(first=20))
    assert written_when_woken == [20, 21, 40]  # not held back any longer
    kept.close()
