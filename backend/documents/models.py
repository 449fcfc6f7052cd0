"""Files received from customers, stored on disk and described here."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.database import Base, utcnow

UNCLASSIFIED = "unclassified"  # a file the customer sent, not yet known as an ID photo or a receipt
STAFF_KIND = "staff"  # a file a member of staff sent the customer
VOICE_KIND = "voice"  # a voice note or audio the customer sent
NOT_PAPERS = (STAFF_KIND, VOICE_KIND)  # kinds that are never a customer's ID photo or deposit receipt


class Document(Base):
    """One file a customer sent in a conversation."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_pk: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=UNCLASSIFIED)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(255), unique=True)
    caption: Mapped[str | None] = mapped_column(String(1024))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
