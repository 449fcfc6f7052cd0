"""A web chat request and this process's worker: the worker hands the answer over to a request that waits for it,
never to one reading the queue, and a promise it cannot keep leaves the request reading the queue for everything."""

import asyncio

from bot.webchat.answers import AnswerWait, AnswerWaits, Replies
from tests.helpers.basics import run_apart

REPLIES: Replies = [(7, {"text": "¡Hola! ¿Para tu casa o tu empresa?"})]
FROM_THE_QUEUE: Replies = [(8, {"text": "Leído de la cola"})]


class QueueReader:
    """The request's own reading of the queue, noting each time whether it read everything said back."""

    def __init__(self) -> None:
        self.looked: list[bool] = []

    async def __call__(self, everything: bool) -> tuple[Replies, bool]:
        self.looked.append(everything)
        return FROM_THE_QUEUE, True


def test_the_answer_is_handed_over_to_the_request_that_waits_for_it() -> None:
    reader = QueueReader()

    async def scene() -> tuple[Replies, bool] | None:
        waits = AnswerWaits()
        with waits.watch("web-1/m-1") as waiting:
            promised = waits.promise("web-1/m-1")
            assert promised is not None and waiting.told.is_set()
            asyncio.get_running_loop().call_soon(promised.set_result, REPLIES)
            return await waiting.answer(reader)

    assert run_apart(scene()) == (REPLIES, True)
    assert reader.looked == []  # no transaction of its own


def test_nothing_is_promised_to_a_request_reading_the_queue_nor_where_no_request_waits() -> None:
    async def scene() -> list[object]:
        waits = AnswerWaits()
        promised_while_reading: list[object] = []

        async def from_the_queue(_everything: bool) -> tuple[Replies, bool]:
            promised_while_reading.append(waits.promise("web-1/m-1"))
            return FROM_THE_QUEUE, True

        with waits.watch("web-1/m-1") as waiting:
            assert await waiting.answer(from_the_queue) == (FROM_THE_QUEUE, True)
        return [*promised_while_reading, waits.promise("web-1/m-1"), waits.promise(None)]

    assert run_apart(scene()) == [None, None, None]


def test_each_promise_goes_to_a_request_not_promised_yet() -> None:
    async def scene() -> tuple[bool, bool, object]:
        waits = AnswerWaits()
        with waits.watch("web-1/m-1") as first, waits.watch("web-1/m-1") as again:
            promised = waits.promise("web-1/m-1")
            second = waits.promise("web-1/m-1")
            assert promised is not None and second is not None and promised is not second
            third = waits.promise("web-1/m-1")
            return first.promised is not None, again.promised is not None, third

    assert run_apart(scene()) == (True, True, None)


def test_a_promise_not_kept_leaves_the_request_reading_the_queue_for_everything() -> None:
    reader = QueueReader()

    async def scene() -> tuple[tuple[Replies, bool] | None, AnswerWait]:
        waits = AnswerWaits()
        with waits.watch("web-1/m-1") as waiting:
            promised = waits.promise("web-1/m-1")
            assert promised is not None
            promised.set_result(None)  # the worker's transaction failed
            return await waiting.answer(reader), waiting

    answer, waiting = run_apart(scene())
    assert answer == (FROM_THE_QUEUE, True)
    assert reader.looked == [True]  # replies taken for the promise, if committed, are read back too
    assert waiting.promised is None and waiting.let_down
