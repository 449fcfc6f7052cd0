"""How handlers reach the database: the rules that keep the event loop free and SQLite's lock short."""

import inspect
from collections.abc import Iterable, Iterator
from typing import Annotated, get_args, get_origin, get_type_hints

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from starlette.routing import BaseRoute

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


def test_a_reading_session_cannot_write(client: TestClient) -> None:
    read_sessions = client.app.state.read_session_factory  # type: ignore[attr-defined]
    with read_sessions() as db, pytest.raises(OperationalError, match="readonly"):
        db.execute(text("UPDATE users SET full_name = full_name"))
