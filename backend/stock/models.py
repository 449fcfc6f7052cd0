"""Equipment on hand per technology, zone and model, and each request's reservation of one."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.coverage.models import CoverageZone
from backend.database import Base, utcnow


class EquipmentStock(Base):
    """How many units of a model are free to reserve for a technology in a zone; when more are expected."""

    __tablename__ = "equipment_stock"
    __table_args__ = (UniqueConstraint("technology", "coverage_zone_id", "model"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    technology: Mapped[str] = mapped_column(String(40))
    coverage_zone_id: Mapped[int] = mapped_column(ForeignKey("coverage_zones.id"), index=True)
    model: Mapped[str] = mapped_column(String(80))
    available: Mapped[int] = mapped_column(default=0)
    preference: Mapped[int] = mapped_column(default=0)  # the lowest is offered first; others are alternatives
    restock_on: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    coverage_zone: Mapped[CoverageZone] = relationship(lazy="joined")


class ReservationState(StrEnum):
    RESERVED = "reserved"
    RELEASED = "released"
    CONSUMED = "consumed"


class EquipmentReservation(Base):
    """The unit a request holds: reserved at registration, released by annulment, consumed by the Acta."""

    __tablename__ = "equipment_reservations"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), unique=True)
    stock_id: Mapped[int] = mapped_column(ForeignKey("equipment_stock.id"), index=True)
    state: Mapped[ReservationState] = mapped_column(String(10), default=ReservationState.RESERVED)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    stock: Mapped[EquipmentStock] = relationship(lazy="joined")
