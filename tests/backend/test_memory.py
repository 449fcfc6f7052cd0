"""What a process loaded to start is left out of the garbage collector's walks; what it makes later is not."""

import gc

from backend.memory import keep_loaded_objects


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
