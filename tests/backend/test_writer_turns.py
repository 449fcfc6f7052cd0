"""SQLite writers of one process take turns: one at a time, urgent ones first, each lane in order."""

import threading
import time

from backend.writer_turns import WriterTurns


def waiting_writer(turns: WriterTurns, name: str, order: list[str], *, urgent: bool = False) -> threading.Thread:
    """A writer that waits for its turn, notes it, and gives it back."""

    def write() -> None:
        assert turns.take(urgent=urgent, timeout=5)
        order.append(name)
        turns.give_back()

    thread = threading.Thread(target=write)
    thread.start()
    time.sleep(0.2)  # queued before the next one comes
    return thread


def test_a_free_turn_is_taken_at_once_and_a_taken_one_times_out() -> None:
    turns = WriterTurns()
    assert turns.take(urgent=False, timeout=0.01)
    started = time.monotonic()
    assert not turns.take(urgent=True, timeout=0.05)
    assert time.monotonic() - started >= 0.04
    turns.give_back()
    assert turns.take(urgent=False, timeout=0.01)


def test_waiting_writers_go_urgent_first_then_in_the_order_they_came() -> None:
    turns = WriterTurns()
    order: list[str] = []
    assert turns.take(urgent=False, timeout=1)
    threads = [
        waiting_writer(turns, "first", order),
        waiting_writer(turns, "second", order),
        waiting_writer(turns, "webhook", order, urgent=True),
        waiting_writer(turns, "third", order),
    ]
    turns.give_back()
    for thread in threads:
        thread.join(timeout=5)
    assert order == ["webhook", "first", "second", "third"]
    assert turns.take(urgent=False, timeout=0.01)  # free again once they are done


def test_a_writer_that_gave_up_waiting_is_passed_over() -> None:
    turns = WriterTurns()
    order: list[str] = []
    assert turns.take(urgent=False, timeout=1)
    assert not turns.take(urgent=False, timeout=0.01)  # gave up: it must not be handed the turn
    thread = waiting_writer(turns, "next", order)
    turns.give_back()
    thread.join(timeout=5)
    assert order == ["next"]


def test_many_writers_at_once_never_overlap_and_all_get_their_turns() -> None:
    turns = WriterTurns()
    inside, overlaps, done = [0], [0], []

    def write(number: int) -> None:
        for _ in range(200):
            assert turns.take(urgent=number % 5 == 0, timeout=5)
            inside[0] += 1
            overlaps[0] += inside[0] > 1
            inside[0] -= 1
            turns.give_back()
        done.append(number)

    threads = [threading.Thread(target=write, args=(number,)) for number in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(done) == list(range(24))
    assert overlaps == [0]
