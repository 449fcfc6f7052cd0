"""Runs Rasa's own command line (`rasa run …`) without costs Rasa 3.6 pays on every message.

    python -m actions.rasa_server run --enable-api …     (what the launcher starts)

- Rasa checks every answer of the action server with `jsonschema.validate`, which first validates the large
  events schema against its meta-schema and resolves its references again on every call: a third of the Rasa
  server's time under load. The same schema, compiled once, checks the same thing, each event against the one
  branch of the schema its name picks.
- Reading a conversation from the SQL tracker store finds each event's class by walking every subclass of
  `Event` (and asking each whether it is abstract): a fifth of the time under load. A table of them, filled
  once, finds the same class.
- It also builds a full ORM object for every event it reads, to use one column of it: it reads that column.
  Saving the conversation, Rasa counts its events in the database to know which are new: the number read at the
  start of the turn is that count (the turn holds the conversation's lock), so it is kept for the save.
- Each full garbage collection walks the whole loaded model: what the server loaded to start is left out of
  them (`backend/memory.py`).
- Every call to the action server opens a new TCP connection, and writes the conversation and the domain with
  Python's own JSON encoder (7% of the time under load). Rasa's endpoints keep their connections open between
  calls (`actions/connections.py`) and write JSON with `ujson`, a dependency of Rasa's own, in less than half
  the time.
- An SQLite tracker store (`make run`'s) commits in rollback-journal mode, two disk syncs per message. It runs
  in WAL mode, synced at checkpoints, as the back office's SQLite does: a crash of the machine may lose the last
  messages' events, never the file. It also keeps its connections open between messages: SQLAlchemy 1.4 opens
  and closes one for every read and write of an SQLite file.
"""

import itertools
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import aiohttp
import ujson
import yaml
from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import QueuePool

from actions import connections
from backend.memory import keep_loaded_objects

IN_MEMORY = {None, "", "in_memory", "inmemory", "memory"}


@lru_cache(maxsize=1)
def _response_validator() -> Any:
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


@lru_cache(maxsize=1)
def _event_validators() -> dict[str, Any]:
    """A compiled schema per event name: what the events schema's `oneOf` holds an event of that name to (its
    branches differ in the name they require, so no event can match two of them)."""
    from rasa.shared.utils.schemas.events import EVENTS_SCHEMA

    shared = {key: value for key, value in EVENTS_SCHEMA["items"].items() if key != "oneOf"}
    validator_class = validators.validator_for(EVENTS_SCHEMA)
    return {
        branch["properties"]["event"]["const"]: validator_class({"allOf": [shared, branch]})
        for branch in EVENTS_SCHEMA["items"]["oneOf"]
    }


def valid_at_once(result: Any) -> bool:
    """Whether an action server answer is valid, checking each event against the one branch its name picks (the
    whole schema tries all 23 for every event). False may also mean "ask the whole schema"."""
    if not isinstance(result, dict) or not _response_validator().is_valid({**result, "events": []}):
        return False
    events = result.get("events", [])
    if not isinstance(events, list):
        return False
    by_name = _event_validators()
    for each in events:
        name = each.get("event") if isinstance(each, dict) else None
        if not isinstance(name, str) or name not in by_name or not by_name[name].is_valid(each):
            return False
    return True


def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """Rasa's own check of an action server answer, with compiled schemas; a refusal says what Rasa's says."""
    if valid_at_once(result):
        return True
    error = best_match(_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            "endpoint is valid."
        )
        raise error
    return True


EVENT_CLASSES: dict[str, type[Event]] = {}


def resolve_event_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """Rasa's `Event.resolve_by_type`, from the table of event classes (filled again for a name not in it)."""
    if type_name not in EVENT_CLASSES:
        EVENT_CLASSES.update((cls.type_name, cls) for cls in reversed(all_subclasses(Event)))  # Rasa's first wins
    if (found := EVENT_CLASSES.get(type_name)) is not None:
        return found
    if type_name == "topic":
        return None  # Rasa's way with events of old releases
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


EVENTS_STORED = "_events_stored"  # on a tracker just read: how many of its events the database holds


async def retrieve_event_data(
    self: Any, sender_id: str, fetch_events_from_all_sessions: bool
) -> DialogueStateTracker | None:
    """Rasa's `SQLTrackerStore._retrieve`, reading only the events' data."""
    with self.session_scope() as session:
        query = self._event_query(session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions)
        events = [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data)]
    if not self.domain or not events:
        return None
    tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
    if not fetch_events_from_all_sessions:
        setattr(tracker, EVENTS_STORED, len(events))
    return tracker


def counted_when_read(additional_events: Callable[[Any, Any, Any], Any]) -> Callable[[Any, Any, Any], Any]:
    """Rasa's `SQLTrackerStore._additional_events` (the tracker's events not yet in the database), from the
    number of events the tracker was read with, once; Rasa counts them in the database for any other tracker."""

    def not_stored(self: Any, session: Any, tracker: DialogueStateTracker) -> Any:
        stored = tracker.__dict__.pop(EVENTS_STORED, None)
        if stored is None:
            return additional_events(self, session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    return not_stored


def pooled_session(self: Any) -> aiohttp.ClientSession:
    """Rasa's `EndpointConfig.session`, on the connections the server keeps open, writing JSON with `ujson`."""
    auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
    timeout = aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT)
    return connections.session(headers=self.headers, auth=auth, timeout=timeout, json_serialize=ujson.dumps)


def with_lifecycle_listeners(configure_app: Callable[..., Any]) -> Callable[..., Any]:
    """Rasa's `configure_app`, whose server opens the pool of connections when it starts and closes it when it
    stops, and leaves what it loaded to start (the model) out of the garbage collector's walks."""

    def configure(*args: Any, **kwargs: Any) -> Any:
        app = configure_app(*args, **kwargs)
        app.register_listener(connections.open_pool, "before_server_start")
        app.register_listener(keep_loaded_objects, "after_server_start")
        app.register_listener(connections.close_pool, "after_server_stop")
        return app

    return configure


def pooled_sqlite(engine_options: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    """Rasa's `create_engine_kwargs`, with a pool of connections for an SQLite file (any other database is left
    as Rasa sets it)."""

    def options(url: Any) -> dict[str, Any]:
        chosen = engine_options(url)
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            chosen = {**chosen, "poolclass": QueuePool, "connect_args": {"check_same_thread": False}}
        return chosen

    return options


def sqlite_in_wal_mode(dbapi_connection: Any, _record: Any) -> None:
    """Each new connection of an SQLite tracker store writes ahead (any other database is left alone)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")


def memory_stores(argv: list[str]) -> list[str]:
    """Which of the tracker and lock stores the endpoints file given in `argv` leaves in memory."""
    path = argv[argv.index("--endpoints") + 1] if "--endpoints" in argv else "endpoints.yml"
    with open(path) as file:
        endpoints = yaml.safe_load(file) or {}
    kinds = {
        name: str((endpoints.get(name) or {}).get("type") or "").lower() for name in ("tracker_store", "lock_store")
    }
    return [name for name, kind in kinds.items() if kind in IN_MEMORY]


def main() -> None:
    if os.environ.get("ENVIRONMENT") == "production" and "run" in sys.argv and (missing := memory_stores(sys.argv)):
        sys.exit(
            f"In production Rasa needs a shared {' and a '.join(n.replace('_', ' ') for n in missing)}: "
            "set RASA_TRACKER_STORE_URL (SQL) and "
            "RASA_LOCK_STORE_URL (Redis). In memory, a restart loses every conversation and replicas collide."
        )
    import rasa.core.run
    import rasa.core.tracker_store
    from rasa.core.actions.action import RemoteAction
    from rasa.utils.endpoints import EndpointConfig

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(resolve_event_type)  # type: ignore[method-assign]
    event.listen(Engine, "connect", sqlite_in_wal_mode)
    sql_store = rasa.core.tracker_store.SQLTrackerStore
    sql_store._retrieve = retrieve_event_data  # type: ignore[method-assign]
    sql_store._additional_events = counted_when_read(sql_store._additional_events)  # type: ignore[method-assign]
    rasa.core.tracker_store.create_engine_kwargs = pooled_sqlite(rasa.core.tracker_store.create_engine_kwargs)
    EndpointConfig.session = pooled_session  # type: ignore[method-assign]
    rasa.core.run.configure_app = with_lifecycle_listeners(rasa.core.run.configure_app)
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
