"""The Rasa server's shortcuts find what Rasa finds: each event's class, and an SQLite tracker store that keeps it."""

import sqlite3
from pathlib import Path

import pytest
from actions.rasa_server import resolve_event_type, sqlite_in_wal_mode
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses


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
