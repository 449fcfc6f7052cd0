"""Crews, closures, installation durations, visits and the crew time slots they hold."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.coverage.models import CoverageZone
from backend.database import Base, utcnow

crew_zones = Table(
    "crew_zones",
    Base.metadata,
    Column("crew_id", ForeignKey("crews.id", ondelete="CASCADE"), primary_key=True),
    Column("zone_id", ForeignKey("coverage_zones.id", ondelete="CASCADE"), primary_key=True),
)


class Crew(Base):
    """A technician crew: the zones it serves and its weekly working hours (e.g. `mon-fri 08:00-17:00`)."""

    __tablename__ = "crews"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    working_hours: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    zones: Mapped[list[CoverageZone]] = relationship(secondary=crew_zones, lazy="selectin")


class Closure(Base):
    """A day without installations set by staff: for one crew, or the whole company when `crew_id` is empty."""

    __tablename__ = "closures"
    __table_args__ = (UniqueConstraint("day", "crew_id", name="uq_closures_day_crew"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    crew_id: Mapped[int | None] = mapped_column(ForeignKey("crews.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(200))


class InstallationDuration(Base):
    """How long an installation takes, per technology (e.g. `Fibra óptica`)."""

    __tablename__ = "installation_durations"

    id: Mapped[int] = mapped_column(primary_key=True)
    technology: Mapped[str] = mapped_column(String(40), unique=True)
    minutes: Mapped[int]


class VisitStatus(StrEnum):
    SCHEDULED = "scheduled"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """As staff read it."""
        return {"scheduled": "agendada", "done": "realizada", "failed": "fallida", "cancelled": "cancelada"}[self.value]


class Visit(Base):
    """A technician visit to install an order, in a crew's time window."""

    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    crew_id: Mapped[int] = mapped_column(ForeignKey("crews.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    status: Mapped[VisitStatus] = mapped_column(String(12), default=VisitStatus.SCHEDULED, index=True)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    record: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reminder_sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    crew: Mapped[Crew] = relationship(lazy="joined")


class SlotBooking(Base):
    """One hour of a crew's calendar taken by a visit; unique per crew and hour, so no slot is ever sold twice."""

    __tablename__ = "crew_slot_bookings"
    __table_args__ = (UniqueConstraint("crew_id", "slot_start", name="uq_crew_slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    crew_id: Mapped[int] = mapped_column(ForeignKey("crews.id"))
    slot_start: Mapped[datetime]
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
