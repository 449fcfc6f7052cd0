"""Referrers: customers and distributors who bring leads with their own code."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from backend.database import Base, utcnow


class ReferrerKind(StrEnum):
    CUSTOMER = "customer"
    DISTRIBUTOR = "distributor"

    @property
    def label(self) -> str:
        return {ReferrerKind.CUSTOMER: "Cliente", ReferrerKind.DISTRIBUTOR: "Distribuidor"}[self]


class Referrer(Base):
    """Who a referral code belongs to; leads that arrive with it are credited to them."""

    __tablename__ = "referrers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[ReferrerKind] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
