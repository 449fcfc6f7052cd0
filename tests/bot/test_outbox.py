"""The outbox: the only way to a customer, and the worker woken only once what it is woken for has committed."""

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session, sessionmaker

from backend.conversations import queue as message_queue
from backend.conversations import service as conversation_service
from backend.conversations.messages import Button, OutboundMessage
from backend.conversations.models import Author, MessageStatus
from backend.database import make_engine, make_session_factory, transaction
from backend.migrations import upgrade_schema
from bot.outbox import ChannelOutbox
from bot.whatsapp.client import WhatsAppChannel

pytestmark = pytest.mark.both_engines

Look = Callable[[], None]


@pytest.fixture
def engines(database_url: str) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
    """Writing sessions, and the read-only ones a worker looks with."""
    engine = make_engine(database_url)
    upgrade_schema(engine)
    return make_session_factory(engine), make_session_factory(engine, read_only=True)


def a_worker_look(read_sessions: sessionmaker[Session], seen: list[list[int]]) -> Look:
    """What a woken worker does first: look for conversations with a reply to send."""

    def look() -> None:
        with transaction(read_sessions) as db:
            seen.append(message_queue.conversations_with_work(db=db, channels=["whatsapp"]))

    return look


def whatsapp() -> WhatsAppChannel:
    return WhatsAppChannel(graph_url="http://127.0.0.1:9", phone_number_id="1", access_token="t", templates={})


def test_a_worker_woken_by_a_queued_message_finds_it(engines: tuple[sessionmaker[Session], ...]) -> None:
    sessions, read_sessions = engines
    seen: list[list[int]] = []
    outbox = ChannelOutbox({"whatsapp": whatsapp()}, wake=a_worker_look(read_sessions, seen))
    with transaction(sessions) as db:
        conversation = conversation_service.get_or_create(db=db, channel="whatsapp", user_id="59170000001")
        rows = outbox.queue(db=db, conversation=conversation, messages=[OutboundMessage(text="Hola 👋")])
        assert seen == []  # nothing is announced before the commit
        assert [row.status for row in rows] == [MessageStatus.PENDING]
    assert seen == [[conversation.id]]


def test_a_queue_rolled_back_wakes_nobody(engines: tuple[sessionmaker[Session], ...]) -> None:
    sessions, read_sessions = engines
    seen: list[list[int]] = []
    outbox = ChannelOutbox({"whatsapp": whatsapp()}, wake=a_worker_look(read_sessions, seen))
    with sessions() as db:
        with pytest.raises(RuntimeError), db.begin():
            conversation = conversation_service.get_or_create(db=db, channel="whatsapp", user_id="59170000002")
            outbox.queue(db=db, conversation=conversation, messages=[OutboundMessage(text="Hola")])
            raise RuntimeError("the feature failed after queueing")
        with db.begin():  # the session's next transaction commits nothing of it, and wakes nobody
            pass
    assert seen == []


def test_a_savepoint_released_is_not_the_commit(engines: tuple[sessionmaker[Session], ...]) -> None:
    sessions, read_sessions = engines
    seen: list[list[int]] = []
    outbox = ChannelOutbox({"whatsapp": whatsapp()}, wake=a_worker_look(read_sessions, seen))
    with transaction(sessions) as db:
        conversation = conversation_service.get_or_create(db=db, channel="whatsapp", user_id="59170000003")
        with db.begin_nested():
            outbox.queue(db=db, conversation=conversation, messages=[OutboundMessage(text="Hola")])
        assert seen == []
    assert seen == [[conversation.id]]


def test_messages_are_fitted_to_the_channel_and_woken_for_once(engines: tuple[sessionmaker[Session], ...]) -> None:
    sessions, read_sessions = engines
    seen: list[list[int]] = []
    outbox = ChannelOutbox({"whatsapp": whatsapp()}, wake=a_worker_look(read_sessions, seen))
    buttons = [Button(title=f"Opción {n}", payload=f'/choose{{"n": {n}}}') for n in range(12)]
    with transaction(sessions) as db:
        conversation = conversation_service.get_or_create(db=db, channel="whatsapp", user_id="59170000004")
        rows = outbox.queue(db=db, conversation=conversation, messages=[OutboundMessage(text="Elige", buttons=buttons)])
        staff = outbox.queue(
            db=db, conversation=conversation, messages=[OutboundMessage(text="Soy Carla")], author=Author.STAFF
        )
    assert len(seen) == 1
    assert [len(row.content["buttons"]) for row in rows] == [10, 2]  # a WhatsApp list holds ten rows
    assert staff[0].author == Author.STAFF and staff[0].text == "Soy Carla"
