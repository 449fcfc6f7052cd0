"""Misread customer messages and the retrainings that learn from them."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.auth.models import User
from backend.database import Base, utcnow


class ReviewStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"  # `intent` is what the customer meant: an example to learn
    DISMISSED = "dismissed"  # nothing to learn (noise, or the assistant was right)


class Misreading(Base):
    """A customer message the assistant did not understand (`reported_by` None) or staff marked as misread."""

    __tablename__ = "misreadings"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), unique=True)
    conversation_id: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    suggested_intent: Mapped[str | None] = mapped_column(String(60))
    suggested_confidence: Mapped[float | None]
    status: Mapped[ReviewStatus] = mapped_column(String(10), default=ReviewStatus.PENDING, index=True)
    intent: Mapped[str | None] = mapped_column(String(60))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_at: Mapped[datetime | None]

    reported_by: Mapped[User | None] = relationship(foreign_keys=[reported_by_id], lazy="joined")
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id], lazy="joined")


class RetrainingStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    LOADED = "loaded"  # not worse on the held-out split: the assistant runs the new model
    KEPT = "kept"  # worse: the assistant keeps its model, the examples stay confirmed
    FAILED = "failed"


class Retraining(Base):
    """One retraining with the confirmed examples, gated by the held-out intent F1."""

    __tablename__ = "retrainings"

    id: Mapped[int] = mapped_column(primary_key=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[RetrainingStatus] = mapped_column(String(10), default=RetrainingStatus.QUEUED, index=True)
    examples: Mapped[int] = mapped_column(default=0)
    baseline_f1: Mapped[float | None]
    candidate_f1: Mapped[float | None]
    model_file: Mapped[str | None] = mapped_column(String(500))
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    requested_by: Mapped[User] = relationship(lazy="joined")
