"""Whose turn it is to write to SQLite, in one process: one writer at a time, urgent writers first."""

import threading
from collections import deque


class WriterTurns:
    """A lock with a fast lane, handed from one writer straight to the next.

    SQLite lets one writer in at a time and makes the others poll with sleeps growing to 100 ms; waiting here
    instead hands the turn over the moment the writer before is done. Urgent writers (what a webhook must keep
    before it may answer) go before everyone else waiting; each lane is first come, first served. Only the writer
    whose turn it is wakes up: under load dozens wait, and waking them all for each turn costs more than the turn.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._taken = False
        self._urgent: deque[threading.Lock] = deque()
        self._others: deque[threading.Lock] = deque()

    def take(self, *, urgent: bool, timeout: float) -> bool:
        """Wait for the turn; False if it did not come within `timeout` seconds."""
        with self._lock:
            if not self._taken:
                self._taken = True
                return True
            handed = threading.Lock()
            handed.acquire()  # released by the writer who hands the turn over
            lane = self._urgent if urgent else self._others
            lane.append(handed)
        if handed.acquire(timeout=timeout):
            return True
        with self._lock:
            if handed in lane:
                lane.remove(handed)
                return False
        return True  # handed over between the timeout and the lock: the turn is this writer's

    def give_back(self) -> None:
        """End the turn: the next writer waiting takes it, or it is free."""
        with self._lock:
            lane = self._urgent or self._others
            if lane:
                lane.popleft().release()  # still taken: now by that writer
            else:
                self._taken = False
