"""Orders: a customer's request for a plan at an installation address."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.catalog.models import Plan
from backend.coverage.models import CoverageZone
from backend.customers.models import Customer
from backend.database import Base, utcnow
from backend.leads.models import Lead, PaymentMethod

if TYPE_CHECKING:
    from backend.orders.acceptance import OrderAcceptance


class OrderState(StrEnum):
    """States of a request: Pre-venta until paid, Venta when paid, then Atendida/Cerrada or Anulada."""

    PRE_SALE = "pre_sale"
    SALE = "sale"
    CLOSED = "closed"
    ANNULLED = "annulled"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    OrderState.PRE_SALE: "Pre-venta",
    OrderState.SALE: "Venta",
    OrderState.CLOSED: "Atendida/Cerrada",
    OrderState.ANNULLED: "Anulada",
}


class Order(Base):
    """A service request as the customer confirmed it."""

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(20), unique=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    # Who made this request, as they gave it: a CI on file with other contact data never changes the customer.
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    ci_on_file_differs: Mapped[bool] = mapped_column(default=False)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    monthly_price_bs: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    installation_fee_bs: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    payment_method: Mapped[PaymentMethod] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(500))
    address_reference: Mapped[str | None] = mapped_column(String(500))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    coverage_zone_id: Mapped[int] = mapped_column(ForeignKey("coverage_zones.id"))
    state: Mapped[OrderState] = mapped_column(String(20), default=OrderState.PRE_SALE)
    recurring_billing: Mapped[bool] = mapped_column(default=False)
    # Its equipment (`backend.stock`): untracked, reserved, alternative, out_of_stock, then installed.
    equipment_status: Mapped[str] = mapped_column(String(20), default="untracked")
    equipment_model: Mapped[str | None] = mapped_column(String(80))
    restock_on: Mapped[date | None]
    # Set when the backoffice found the request complete (`backend.backoffice`).
    checked_at: Mapped[datetime | None]
    # Set once the billing system registered the sale (`backend.billing_system`).
    billing_reference: Mapped[str | None] = mapped_column(String(60))
    handed_over_at: Mapped[datetime | None]
    # A re-entered (redigitada) request points at the annulled one it replaces.
    reentered_from_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    lead: Mapped[Lead] = relationship(lazy="joined")
    customer: Mapped[Customer] = relationship(lazy="joined")
    plan: Mapped[Plan] = relationship(lazy="joined")
    coverage_zone: Mapped[CoverageZone] = relationship(lazy="joined")
    # The customer's explicit acceptance, kept as evidence (`backend.orders.acceptance`).
    acceptance: Mapped["OrderAcceptance | None"] = relationship(lazy="joined", viewonly=True)
    state_changes: Mapped[list["OrderStateChange"]] = relationship(
        back_populates="order", order_by="OrderStateChange.id", cascade="all, delete-orphan"
    )

    @property
    def state_label(self) -> str:
        return OrderState(self.state).label

    @property
    def channel_name(self) -> str:
        return self.lead.channel

    @property
    def coverage_zone_name(self) -> str:
        return self.coverage_zone.name


class OrderStateChange(Base):
    """One move of an order between states: when, why and by whom."""

    __tablename__ = "order_state_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    from_state: Mapped[OrderState | None] = mapped_column(String(20))
    to_state: Mapped[OrderState] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(120))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    order: Mapped[Order] = relationship(back_populates="state_changes")
