"""Customers: people and companies with an identity document."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from backend.database import Base, utcnow
from backend.leads.models import CustomerType


class Customer(Base):
    """Someone who has requested a service, known by their CI (or NIT)."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_type: Mapped[CustomerType] = mapped_column(String(20))
    id_number: Mapped[str] = mapped_column(String(30), unique=True, index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
