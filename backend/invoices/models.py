"""Invoices issued when a payment is confirmed, numbered without gaps."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.database import Base, utcnow


class InvoiceCounter(Base):
    """The last invoice number given; bumped in the same transaction that issues the invoice."""

    __tablename__ = "invoice_counters"

    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class InvoiceDailyCode(Base):
    """A CUFD the tax office gave a point of sale for a day."""

    __tablename__ = "invoice_daily_codes"
    __table_args__ = (UniqueConstraint("day", "branch", "point_of_sale", name="uq_invoice_daily_codes_point_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    branch: Mapped[int]
    point_of_sale: Mapped[int]
    code: Mapped[str] = mapped_column(String(120))
    control_code: Mapped[str] = mapped_column(String(40))


class Invoice(Base):
    """What the customer paid for, as billed: the data are copied so the invoice never changes."""

    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), unique=True)
    order_number: Mapped[str] = mapped_column(String(20))
    customer_name: Mapped[str] = mapped_column(String(200))
    id_number: Mapped[str] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(254))
    plan_name: Mapped[str] = mapped_column(String(120))
    monthly_price_bs: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    installation_fee_bs: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    total_bs: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    payment_label: Mapped[str] = mapped_column(String(120))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    emailed_at: Mapped[datetime | None]
    email_error: Mapped[str | None] = mapped_column(Text)
    authorisation_code: Mapped[str | None] = mapped_column(String(120))  # the CUF; None on invoices issued before it
    legend: Mapped[str | None] = mapped_column(Text)  # the consumer-rights legend (Ley 453) printed on it

    @property
    def label(self) -> str:
        return f"{self.number:08d}"
