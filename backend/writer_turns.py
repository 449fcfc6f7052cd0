"""Whose turn it is to write to SQLite, in one process: one writer at a time, urgent writers first."""

import threading


class WriterTurns:
    """A lock with a fast lane.

    SQLite lets one writer in at a time and makes the others poll with sleeps growing to 100 ms; waiting here
    instead hands the turn over the moment the writer before is done. Urgent writers (what a webhook must keep
    before it may answer) go before everyone else waiting.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._taken = False
        self._urgent_waiting = 0

    def take(self, *, urgent: bool, timeout: float) -> bool:
        """Wait for the turn; False if it did not come within `timeout` seconds."""
        with self._changed:
            self._urgent_waiting += urgent
            try:
                return self._changed.wait_for(lambda: self._free_for(urgent), timeout) and self._mark_taken()
            finally:
                self._urgent_waiting -= urgent

    def give_back(self) -> None:
        with self._changed:
            self._taken = False
            self._changed.notify_all()

    def _free_for(self, urgent: bool) -> bool:
        return not self._taken and (urgent or not self._urgent_waiting)

    def _mark_taken(self) -> bool:
        self._taken = True
        return True
