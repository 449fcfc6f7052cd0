"""Following leads up: who owns each one and until when, contact attempts, and what supervisors are told."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.auth.models import User
from backend.database import Base, utcnow


class LeadAssignment(Base):
    """One executive's turn at a lead: due to be worked by `due_at`, else taken away and given to another."""

    __tablename__ = "lead_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime] = mapped_column(index=True)
    assigned_by: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text)
    worked_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None] = mapped_column(index=True)
    end_reason: Mapped[str | None] = mapped_column(String(30))

    user: Mapped[User] = relationship(lazy="joined")


class AttemptResult(StrEnum):
    ANSWERED = "answered"
    NO_ANSWER = "no_answer"

    @property
    def label(self) -> str:
        return {AttemptResult.ANSWERED: "Contestó", AttemptResult.NO_ANSWER: "No contestó"}[self]


class ContactAttempt(Base):
    """An executive's try at reaching the customer of a lead."""

    __tablename__ = "contact_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    result: Mapped[AttemptResult] = mapped_column(String(20))
    via: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    made_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


class NotificationKind(StrEnum):
    SLA_MISSED = "sla_missed"
    LEAD_LOST = "lead_lost"
    NO_EXECUTIVE = "no_executive"
    RETURNED = "returned"  # the backoffice sent a request back to its executive


class Notification(Base):
    """Something the supervisors must know: a lead not worked in time, a lead lost, no one to assign."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[NotificationKind] = mapped_column(String(20))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
