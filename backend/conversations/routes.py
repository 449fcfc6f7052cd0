"""Conversations and their transcripts, for staff."""

from fastapi import APIRouter, Query

from backend.conversations import service as conversation_service
from backend.conversations.schemas import ConversationPublic, ConversationsPublic, MessagePublic, TranscriptPublic
from backend.deps import Executive, SessionDep, SessionRoute
from backend.documents import service as document_service
from backend.documents.schemas import DocumentPublic

router = APIRouter(route_class=SessionRoute, prefix="/conversations", tags=["conversations"])


@router.get("")
def list_conversations(
    db: SessionDep,
    _user: Executive,
    offset: int = Query(default=0, ge=0),
    limit: int = Query(default=100, ge=1, le=500),
) -> ConversationsPublic:
    """Conversations from every channel, newest activity first."""
    conversations = conversation_service.list_conversations(db=db, offset=offset, limit=limit)
    data = [ConversationPublic.model_validate(conversation) for conversation in conversations]
    return ConversationsPublic(data=data, count=len(data))


@router.get("/{conversation_id}/messages")
def read_transcript(conversation_id: str, db: SessionDep, _user: Executive) -> TranscriptPublic:
    """Every message of the conversation, both ways, with its delivery state."""
    conversation, messages = conversation_service.transcript(db=db, conversation_id=conversation_id)
    return TranscriptPublic(
        conversation=ConversationPublic.model_validate(conversation),
        messages=[MessagePublic.model_validate(message) for message in messages],
    )


@router.get("/{conversation_id}/documents")
def list_documents(conversation_id: str, db: SessionDep, _user: Executive) -> list[DocumentPublic]:
    """The files the customer sent in this conversation."""
    conversation, _ = conversation_service.transcript(db=db, conversation_id=conversation_id)
    documents = document_service.list_for_conversation(db=db, conversation_pk=conversation.id)
    return [DocumentPublic.model_validate(document) for document in documents]
