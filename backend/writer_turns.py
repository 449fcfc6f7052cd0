"""Whose turn it is to write to SQLite, in one process: one writer at a time, urgent writers first."""

import threading


class WriterTurns:
    """A lock with a fast lane.

    SQLite lets one writer in at a time and makes the others poll with sleeps growing to 100 ms; waiting here
    instead hands the turn over the moment the writer before is done. Urgent writers (what a webhook must keep
    before it may answer) go before everyone else waiting. A turn given back wakes one writer waiting, not all of
    them (under load dozens wait, and waking them all costs more than the turn); a writer already running may take
    a free turn first, so the turn never stays idle while the woken one gets going.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._urgent_turn = threading.Condition(self._lock)
        self._turn = threading.Condition(self._lock)
        self._taken = False
        self._urgent_waiting = 0

    def take(self, *, urgent: bool, timeout: float) -> bool:
        """Wait for the turn; False if it did not come within `timeout` seconds."""
        with self._lock:
            if not self._free_for(urgent):
                self._urgent_waiting += urgent
                try:
                    waited = (self._urgent_turn if urgent else self._turn).wait_for(
                        lambda: self._free_for(urgent), timeout
                    )
                finally:
                    self._urgent_waiting -= urgent
                if not waited:
                    self._wake_next()  # it may have been woken for a turn it no longer takes
                    return False
            self._taken = True
            return True

    def give_back(self) -> None:
        with self._lock:
            self._taken = False
            self._wake_next()

    def _free_for(self, urgent: bool) -> bool:
        return not self._taken and (urgent or not self._urgent_waiting)

    def _wake_next(self) -> None:
        if not self._taken:
            (self._urgent_turn if self._urgent_waiting else self._turn).notify()
