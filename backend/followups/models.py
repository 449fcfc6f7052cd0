"""Follow-ups: what a state change still has to do outside the database (an e-mail, asking the assistant to
speak), written in the same transaction as the change and done afterwards by a worker, with retries."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.database import Base, utcnow


class FollowUpStatus(StrEnum):
    PENDING = "pending"  # due at `next_attempt_at`
    RUNNING = "running"  # claimed by a worker until `next_attempt_at`; due again after it, if that worker stopped
    DONE = "done"
    FAILED = "failed"  # gave up; the reason stays in `error` for staff


class FollowUp(Base):
    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[FollowUpStatus] = mapped_column(String(10), default=FollowUpStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
