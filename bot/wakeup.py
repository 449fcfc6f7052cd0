"""How this process's channel worker learns that work was stored and committed: it looks at once, rather than
at its next poll. Workers of other processes find the work at their next look."""

import asyncio


class Wakeup:
    """A signal any thread may raise, once what it announces has committed; the worker waits on it."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event: asyncio.Event | None = None

    def bind(self) -> asyncio.Event:
        """The event the worker waits on, in the running loop (the worker's)."""
        self._loop, self._event = asyncio.get_running_loop(), asyncio.Event()
        return self._event

    @property
    def bound(self) -> bool:
        """Whether a worker runs in this process."""
        return self._event is not None

    def unbind(self) -> None:
        self._loop = self._event = None

    def __call__(self) -> None:
        loop, event = self._loop, self._event
        if loop is not None and event is not None and not loop.is_closed():
            loop.call_soon_threadsafe(event.set)
