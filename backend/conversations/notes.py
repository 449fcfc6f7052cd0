"""Notes staff leave on a conversation for each other; the customer never sees them."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.auth.models import User
from backend.conversations.models import Conversation, ConversationNote


def add(*, db: Session, conversation: Conversation, author: User, text: str) -> ConversationNote:
    """Leave a note on the conversation."""
    note = ConversationNote(conversation_pk=conversation.id, author_id=author.id, text=text)
    db.add(note)
    db.flush()
    audit.record(db=db, actor=author, action="conversation.note", subject=conversation.conversation_id, note_id=note.id)
    return note


def of(*, db: Session, conversation: Conversation) -> list[ConversationNote]:
    """The conversation's notes, oldest first."""
    query = select(ConversationNote).where(ConversationNote.conversation_pk == conversation.id)
    return list(db.scalars(query.order_by(ConversationNote.id)))
