"""Letting the assistant speak first in a conversation, after something happened in the back office."""

from sqlalchemy.orm import Session, sessionmaker

from backend.assistant.rasa import RasaClient
from backend.conversations import service as conversation_service
from backend.conversations.messages import Notice
from backend.conversations.outbox import Outbox
from backend.database import run_in_transaction


async def prompt_assistant(
    *,
    sessions: sessionmaker[Session],
    assistant: RasaClient,
    outbox: Outbox,
    conversation_id: str,
    intent: str,
    notice: Notice | None = None,
) -> None:
    """Have the assistant act on `intent` and queue what it says (unless an executive holds the conversation); as
    `notice` when given, so that WhatsApp carries it in that notice's template once the customer's day is over.

    Raises RasaUnavailable when Rasa does not answer (a follow-up tries again later).
    """

    def assistant_may_speak(db: Session) -> bool:
        conversation = conversation_service.get_by_conversation_id(db=db, conversation_id=conversation_id)
        return conversation is not None and not conversation.is_taken_over

    def queue(db: Session) -> None:
        conversation = conversation_service.get_by_conversation_id(db=db, conversation_id=conversation_id)
        said = answer.messages
        if notice is not None:
            said = [message.model_copy(update={"notice": notice}) for message in said]
        outbox.queue(db=db, conversation=conversation, messages=said)

    if not await run_in_transaction(sessions, assistant_may_speak):
        return
    answer = await assistant.trigger(conversation_id, intent)
    await run_in_transaction(sessions, queue)
