"""Keeping customers' files and finding them again."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.documents.models import UNCLASSIFIED, VOICE_KIND, Document
from backend.documents.storage import AUDIO_TYPES, PAPER_TYPES, DocumentStorage
from backend.errors import NotFound


def store(
    *,
    db: Session,
    storage: DocumentStorage,
    conversation_pk: int,
    data: bytes,
    filename: str | None = None,
    caption: str | None = None,
    kind: str = UNCLASSIFIED,
) -> Document:
    """Write the file and describe it (its type read from its bytes); raises RejectedFile for types and sizes the
    back office cannot use."""
    key, digest, content_type = storage.save(data, AUDIO_TYPES if kind == VOICE_KIND else PAPER_TYPES)
    document = Document(
        conversation_pk=conversation_pk,
        filename=(filename or key.rsplit("/", 1)[-1])[:255],
        content_type=content_type,
        size_bytes=len(data),
        sha256=digest,
        storage_key=key,
        caption=caption[:1024] if caption else None,
        kind=kind,
    )
    db.add(document)
    db.flush()
    return document


def get(*, db: Session, document_id: int) -> Document:
    """The document with this id."""
    document = db.get(Document, document_id)
    if document is None:
        raise NotFound(f"Unknown document {document_id}")
    return document


def list_for_conversation(*, db: Session, conversation_pk: int) -> list[Document]:
    """A conversation's documents, oldest first."""
    return list(db.scalars(select(Document).where(Document.conversation_pk == conversation_pk).order_by(Document.id)))
