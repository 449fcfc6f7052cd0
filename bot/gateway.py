"""Routes every inbound message to the assistant, or to the executive who took the conversation over."""

from sqlalchemy.orm import Session, sessionmaker

from backend.conversations import service as conversation_service
from backend.database import run_in_transaction
from bot.messages import InboundMessage, OutboundMessage
from bot.rasa import RasaClient, RasaUnavailable

UNAVAILABLE_REPLY = OutboundMessage(
    text=(
        "Disculpa, en este momento no puedo responderte por un problema técnico. "
        "Por favor escríbeme de nuevo en unos minutos. 🙏"
    )
)
UNSUPPORTED_REPLY = OutboundMessage(
    text=(
        "Disculpa, todavía no puedo leer ese tipo de mensaje (audios, stickers, reacciones…). "
        "¿Me lo escribes, por favor? También puedes enviarme tu ubicación 📍, fotos o documentos PDF."
    )
)


class Gateway:
    """The one entry point of all channels into the conversation."""

    def __init__(self, rasa: RasaClient, sessions: sessionmaker[Session]) -> None:
        self.rasa = rasa
        self._sessions = sessions

    async def handle(self, message: InboundMessage) -> tuple[list[OutboundMessage], bool]:
        """The assistant's replies to `message` (none while an executive has it), and whether it could answer."""
        if await run_in_transaction(self._sessions, lambda db: self._is_taken_over(db, message.conversation_id)):
            return [], True
        if message.unsupported:
            return [UNSUPPORTED_REPLY], True
        try:
            answer = await self.rasa.send(message)
        except RasaUnavailable:
            return [UNAVAILABLE_REPLY], False
        await run_in_transaction(
            self._sessions,
            lambda db: conversation_service.note_understanding(
                db=db, conversation_id=message.conversation_id, fell_back=answer.fell_back
            ),
        )
        return answer.messages, True

    @staticmethod
    def _is_taken_over(db: Session, conversation_id: str) -> bool:
        conversation = conversation_service.get_by_conversation_id(db=db, conversation_id=conversation_id)
        return conversation is not None and conversation.is_taken_over

    async def close(self) -> None:
        await self.rasa.close()
