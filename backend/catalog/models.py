"""Commercial plans."""

from decimal import Decimal

from sqlalchemy import Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.database import Base


class Plan(Base):
    """A residential internet plan of the commercial offer (carta comercial)."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(80))
    technology: Mapped[str] = mapped_column(String(40))
    download_mbps: Mapped[int]
    upload_mbps: Mapped[int]
    monthly_price_bs: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    installation_fee_bs: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    minimum_term_months: Mapped[int] = mapped_column(default=12)
    description: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(default=True)
