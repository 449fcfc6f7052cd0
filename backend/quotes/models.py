"""Quotes (proformas): the plan and prices offered to a lead, kept as offered."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.catalog.models import Plan
from backend.database import Base, utcnow


class Quote(Base):
    """One offer of a plan to a lead, by the assistant or an executive."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    monthly_price_bs: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    installation_fee_bs: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    quoted_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    plan: Mapped[Plan] = relationship(lazy="joined")
