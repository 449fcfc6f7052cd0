"""The Rasa server's shortcuts find what Rasa finds: each event's class, a conversation read from its events' data
alone and saved without counting its events again, and an SQLite tracker store that keeps it on connections kept
open."""

import asyncio
import sqlite3
from pathlib import Path

import pytest
import rasa.core.tracker_store
from actions.rasa_server import (
    counted_when_read,
    pooled_sqlite,
    resolve_event_type,
    retrieve_event_data,
    sqlite_in_wal_mode,
)
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from sqlalchemy import event
from sqlalchemy.pool import NullPool, QueuePool


def rasa_resolves(type_name: str) -> type[Event]:
    """Rasa's own walk over the event classes."""
    return next(cls for cls in all_subclasses(Event) if cls.type_name == type_name)


def test_every_event_type_resolves_to_the_class_rasa_finds() -> None:
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert len(names) > 15
    assert {name: resolve_event_type(name) for name in names} == {name: rasa_resolves(name) for name in names}


def test_an_unknown_event_type_is_the_default_or_refused_as_rasa_does() -> None:
    assert resolve_event_type("topic") is None
    assert resolve_event_type("not-an-event", SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        resolve_event_type("not-an-event")


def test_stored_events_read_back_the_same() -> None:
    said = UserUttered("hola", {"name": "greet", "confidence": 0.93}, message_id="m-1")
    assert Event.from_parameters(said.as_dict()) == said
    assert resolve_event_type(said.type_name) is UserUttered


def test_an_sqlite_tracker_store_writes_ahead(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "trackers.db")
    sqlite_in_wal_mode(connection, None)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert connection.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
    connection.close()


def test_an_sqlite_tracker_store_keeps_its_connection_between_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        rasa.core.tracker_store, "create_engine_kwargs", pooled_sqlite(rasa.core.tracker_store.create_engine_kwargs)
    )
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "trackers.db"))
    opened, used = [], []  # after the tables were made, on the connection made for them
    event.listen(store.engine, "connect", lambda connection, _record: opened.append(connection))
    event.listen(store.engine, "checkout", lambda connection, _record, _proxy: used.append(connection))

    async def three_messages() -> DialogueStateTracker:
        for n in range(3):
            tracker = await store.get_or_create_tracker("web-1")
            tracker.update(UserUttered(f"mensaje {n}", {"name": "greet", "confidence": 0.9}))
            await store.save(tracker)
        return await store.retrieve("web-1")

    tracker = asyncio.run(three_messages())
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["mensaje 0", "mensaje 1", "mensaje 2"]
    assert isinstance(store.engine.pool, QueuePool)
    assert len(used) >= 6
    assert opened == []


def test_other_tracker_databases_keep_rasas_engine_options() -> None:
    options = pooled_sqlite(lambda _url: {"pool_size": 50})
    assert options("postgresql://rasa:secret@db:5432/rasa") == {"pool_size": 50}
    assert options("sqlite://") == {"pool_size": 50}  # in memory: one connection is the whole database
    assert options("sqlite:////var/rasa.db")["poolclass"] is QueuePool


def test_rasas_own_options_leave_an_sqlite_file_without_a_pool(tmp_path: Path) -> None:
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "trackers.db"))
    assert isinstance(store.engine.pool, NullPool)  # what `pooled_sqlite` is for


def test_a_conversation_read_from_its_events_data_is_the_one_rasa_reads(tmp_path: Path) -> None:
    domain = Domain.from_dict({"slots": {"city": {"type": "text", "mappings": [{"type": "custom"}]}}})
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "trackers.db"))
    sessions = [
        [SessionStarted(timestamp=100), UserUttered("hola", timestamp=101), SlotSet("city", "Sucre", timestamp=102)],
        [
            SessionStarted(timestamp=200),
            UserUttered("quiero internet", {"name": "buy", "confidence": 0.9}, timestamp=201),
            SlotSet("city", "Cochabamba", timestamp=202),
            ActionExecuted("action_listen", timestamp=203),
        ],
    ]
    rasa_reads = SQLTrackerStore._retrieve

    async def read_both_ways(everything: bool) -> tuple[DialogueStateTracker | None, DialogueStateTracker | None]:
        return (
            await rasa_reads(store, "web-1", fetch_events_from_all_sessions=everything),
            await retrieve_event_data(store, "web-1", fetch_events_from_all_sessions=everything),
        )

    async def saved() -> None:
        tracker = DialogueStateTracker("web-1", domain.slots)
        for said in [*sessions[0], *sessions[1]]:
            tracker.update(said)
        await store.save(tracker)

    asyncio.run(saved())
    for everything in (False, True):
        rasas, ours = asyncio.run(read_both_ways(everything))
        assert rasas is not None and ours is not None
        assert list(ours.events) == list(rasas.events)
        assert ours.current_slot_values() == rasas.current_slot_values()
    latest, whole = (asyncio.run(read_both_ways(everything))[1] for everything in (False, True))
    assert latest is not None and whole is not None
    assert list(latest.events) == sessions[1] and list(whole.events) == [*sessions[0], *sessions[1]]
    assert latest.get_slot("city") == "Cochabamba"
    assert asyncio.run(retrieve_event_data(store, "nadie", fetch_events_from_all_sessions=False)) is None


def test_a_conversation_read_then_saved_stores_its_new_events_once_without_counting_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SQLTrackerStore, "_retrieve", retrieve_event_data)
    monkeypatch.setattr(SQLTrackerStore, "_additional_events", counted_when_read(SQLTrackerStore._additional_events))
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "trackers.db"))
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    async def turns() -> list[Event]:
        first = DialogueStateTracker("web-1", [])
        for said in (SessionStarted(timestamp=1), UserUttered("hola", timestamp=2)):
            first.update(said)
        await store.save(first)  # a new conversation: counted, as Rasa does
        tracker = await store.retrieve("web-1")
        assert tracker is not None
        tracker.update(ActionExecuted("utter_greet", timestamp=3))
        statements.clear()
        await store.save(tracker)  # read this turn: not counted
        assert not [sql for sql in statements if "count(" in sql.lower()]
        tracker.update(UserUttered("quiero internet", timestamp=4))
        await store.save(tracker)  # saved again: counted, as Rasa does
        assert [sql for sql in statements if "count(" in sql.lower()]
        again = await store.retrieve("web-1")
        assert again is not None
        return list(again.events)

    assert asyncio.run(turns()) == [
        SessionStarted(timestamp=1),
        UserUttered("hola", timestamp=2),
        ActionExecuted("utter_greet", timestamp=3),
        UserUttered("quiero internet", timestamp=4),
    ]
