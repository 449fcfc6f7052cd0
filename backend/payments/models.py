"""Payments of prepaid orders: transfers checked by collections, online payments settled by the provider."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.database import Base, utcnow
from backend.documents.models import Document
from backend.orders.models import Order


class PaymentOption(StrEnum):
    """How a prepaid order is paid."""

    TRANSFER = "transfer"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return {PaymentOption.TRANSFER: "Transferencia bancaria", PaymentOption.ONLINE: "Pago en línea"}[self]


class PaymentState(StrEnum):
    """Where a payment attempt stands; confirmed, rejected, declined and superseded are final."""

    AWAITING_RECEIPT = "awaiting_receipt"
    IN_REVIEW = "in_review"
    AWAITING_ONLINE = "awaiting_online"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    DECLINED = "declined"
    SUPERSEDED = "superseded"
    REFUND_DUE = "refund_due"  # the provider approved it, but the order could no longer take it

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATES


_STATE_LABELS = {
    PaymentState.AWAITING_RECEIPT: "Esperando comprobante",
    PaymentState.IN_REVIEW: "En revisión de Cobranzas",
    PaymentState.AWAITING_ONLINE: "Esperando pago en línea",
    PaymentState.CONFIRMED: "Confirmado",
    PaymentState.REJECTED: "Rechazado",
    PaymentState.DECLINED: "Declinado por la pasarela",
    PaymentState.REFUND_DUE: "Cobrado sin solicitud: decidir devolución",
    PaymentState.SUPERSEDED: "Reemplazado",
}
OPEN_STATES = frozenset({PaymentState.AWAITING_RECEIPT, PaymentState.IN_REVIEW, PaymentState.AWAITING_ONLINE})


class StatementLine(Base):
    """One credit of the company's bank statement, imported from the bank's CSV."""

    __tablename__ = "statement_lines"
    __table_args__ = (UniqueConstraint("reference", "booked_on", "amount_bs", name="uq_statement_line"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(60), index=True)
    booked_on: Mapped[date] = mapped_column(Date)
    amount_bs: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    depositor: Mapped[str | None] = mapped_column(String(200))
    operation_type: Mapped[str | None] = mapped_column(String(60))
    imported_by: Mapped[str] = mapped_column(String(120))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class Payment(Base):
    """One attempt at paying an order; a rejected or declined attempt is followed by a new one."""

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    option: Mapped[PaymentOption] = mapped_column(String(20))
    state: Mapped[PaymentState] = mapped_column(String(20), index=True)
    amount_bs: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    deposit_number: Mapped[str | None] = mapped_column(String(60))
    deposit_date: Mapped[date | None] = mapped_column(Date)
    operation_type: Mapped[str | None] = mapped_column(String(60))
    depositor_name: Mapped[str | None] = mapped_column(String(200))
    receipt_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    receipt_reading: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # what the receipt itself shows, proposed
    provider_reference: Mapped[str | None] = mapped_column(String(80), unique=True)
    expires_at: Mapped[datetime | None]
    statement_line_id: Mapped[int | None] = mapped_column(ForeignKey("statement_lines.id"), unique=True)
    submitted_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    order: Mapped[Order] = relationship(lazy="joined")
    receipt: Mapped[Document | None] = relationship(lazy="joined")
    statement_line: Mapped[StatementLine | None] = relationship(lazy="joined")

    @property
    def state_label(self) -> str:
        return PaymentState(self.state).label

    @property
    def option_label(self) -> str:
        return PaymentOption(self.option).label
