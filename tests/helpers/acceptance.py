"""A conversation whose customer was shown the terms."""

from fastapi.testclient import TestClient

from backend.conversations import service as conversations
from backend.conversations.models import MessageStatus
from backend.database import transaction

TERMS = (
    "Revisemos tu solicitud:\n• Nombre: Ana Rojas\n• Plan: Fibra Hogar 80\n\n*Condiciones:* plazo mínimo de 12 meses"
    "\n\nSi todo está correcto y aceptas estas condiciones, responde *Acepto*."
)


def a_conversation_that_accepts(client: TestClient, user_id: str, answer: str) -> str:
    """A web chat conversation whose customer was shown the terms and answered `answer`."""
    with transaction(client.app.state.session_factory) as db:  # type: ignore[attr-defined]
        conversation = conversations.get_or_create(db=db, channel="webchat", user_id=user_id)
        handled = {"status": MessageStatus.HANDLED, "external_id": None}
        said = conversations.record_outbound(db=db, conversation=conversation, text="¿Cómo pagas?", content={})
        said.status = MessageStatus.SENT
        conversations.record_inbound(db=db, conversation=conversation, text="Postpago", content={}, **handled)
        said = conversations.record_outbound(db=db, conversation=conversation, text=TERMS, content={})
        said.status = MessageStatus.SENT
        conversations.record_inbound(db=db, conversation=conversation, text=answer, content={}, **handled)
        return conversation.conversation_id
