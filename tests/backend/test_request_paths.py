"""How handlers reach the database: the rules that keep the event loop free and SQLite's lock short."""

import inspect
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, get_args, get_origin, get_type_hints

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from starlette.routing import BaseRoute

from backend.database import make_engine, make_session_factory, transaction
from backend.deps import SessionRoute


def takes_a_session(endpoint: object) -> bool:
    hints = get_type_hints(inspect.unwrap(endpoint), include_extras=True)  # type: ignore[arg-type]
    return any(get_origin(hint) is Annotated and get_args(hint)[0] is Session for hint in hints.values())


def api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    """Every API route, inside included routers too."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)  # how FastAPI keeps an included router
        yield from api_routes(included.routes if included is not None else getattr(route, "routes", []))


def test_handlers_with_a_session_are_plain_and_commit_on_their_own_thread(client: TestClient) -> None:
    routes = list(api_routes(client.app.routes))  # type: ignore[attr-defined]
    with_session = [route for route in routes if takes_a_session(route.endpoint)]
    assert with_session  # the rule is about real handlers
    for route in with_session:
        assert not inspect.iscoroutinefunction(inspect.unwrap(route.endpoint)), f"{route.path} runs on the loop"
        assert isinstance(route, SessionRoute), f"{route.path} would commit after serialising its response"


def test_a_customers_message_is_matched_before_any_staff_route(client: TestClient) -> None:
    """Routes are tried in order: a webhook call or a web chat post is not tried against every staff route first."""
    entries = client.app.routes  # type: ignore[attr-defined]
    staff_api = next(
        i
        for i, entry in enumerate(entries)
        if getattr(entry, "original_router", None) and entry.original_router.prefix == "/api"
    )
    for channel_path in ("/webhooks/whatsapp", "/webhooks/telegram", "/webchat/messages"):
        holder = next(i for i, entry in enumerate(entries) if channel_path in [r.path for r in api_routes([entry])])
        assert holder < staff_api, channel_path


def test_a_reading_session_cannot_write(client: TestClient) -> None:
    read_sessions = client.app.state.read_session_factory  # type: ignore[attr-defined]
    with read_sessions() as db, pytest.raises(OperationalError, match="readonly"):
        db.execute(text("UPDATE users SET full_name = full_name"))


def test_a_connection_lent_to_readers_and_writers_is_set_for_each_only_when_it_changes_hands(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'venta.db'}")
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cursor, statement, *_: statements.append(statement))
    write_sessions, read_sessions = make_session_factory(engine), make_session_factory(engine, read_only=True)
    with transaction(write_sessions) as db:
        db.execute(text("CREATE TABLE notes (said TEXT)"))
    with transaction(write_sessions) as db:
        db.execute(text("INSERT INTO notes VALUES ('uno')"))
    with read_sessions() as db, pytest.raises(OperationalError, match="readonly"):
        db.execute(text("INSERT INTO notes VALUES ('no')"))
    with transaction(write_sessions) as db:
        db.execute(text("INSERT INTO notes VALUES ('dos')"))
    with read_sessions() as db:
        assert db.scalars(text("SELECT said FROM notes")).all() == ["uno", "dos"]
    assert engine.pool.checkedin() == 1  # type: ignore[attr-defined]  # one connection served all five
    switches = [statement.removeprefix("PRAGMA query_only=") for statement in statements if "query_only" in statement]
    assert switches == ["OFF", "ON", "OFF", "ON"]
    engine.dispose()
