"""Letting the assistant speak first in a conversation, after something happened in the back office."""

from sqlalchemy.orm import Session, sessionmaker

from backend.conversations import service as conversation_service
from backend.database import transaction
from bot.gateway import Gateway
from bot.rasa import RasaUnavailable
from bot.worker import ChannelWorker


async def prompt_assistant(
    *, sessions: sessionmaker[Session], gateway: Gateway, worker: ChannelWorker, conversation_id: str, intent: str
) -> None:
    """Have the assistant act on `intent` and queue what it says (unless an executive holds the conversation).

    When Rasa does not answer, nothing more is said: the notice the customer got tells them how to go on.
    """
    with transaction(sessions) as db:
        conversation = conversation_service.get_by_conversation_id(db=db, conversation_id=conversation_id)
        if conversation is None or conversation.is_taken_over:
            return
    try:
        answer = await gateway.rasa.trigger(conversation_id, intent)
    except RasaUnavailable:
        return
    with transaction(sessions) as db:
        conversation = conversation_service.get_by_conversation_id(db=db, conversation_id=conversation_id)
        worker.queue(db=db, conversation=conversation, messages=answer.messages)
    worker.wake()
