"""What a process loaded to start (a web process: until its app has started) is left out of the garbage collector's
walks; what it makes later is not."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.testclient import TestClient

from backend.memory import keep_loaded_objects
from backend.web import kept_once_started


def tracked(thing: object) -> bool:
    """Whether a collection walks `thing` (the permanent generation is not walked, nor listed)."""
    return any(each is thing for each in gc.get_objects())


def test_objects_alive_at_start_up_are_no_longer_walked_and_later_ones_are() -> None:
    loaded = {"model": [1, 2, 3]}
    try:
        keep_loaded_objects()
        made_later = {"tracker": [4, 5, 6]}

        assert gc.get_freeze_count() > 0
        assert not tracked(loaded)
        assert tracked(made_later)
    finally:
        gc.unfreeze()
    assert tracked(loaded)


def test_a_web_process_leaves_what_its_app_loaded_to_start_out_of_the_walks() -> None:
    loaded: list[dict[str, list[int]]] = []

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        loaded.append({"clients": [1, 2]})
        yield

    try:
        with TestClient(kept_once_started(FastAPI(lifespan=lifespan))):
            assert loaded and not tracked(loaded[0])
    finally:
        gc.unfreeze()
