"""Leads: one per conversation, filled in as the customer answers."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.auth.models import User
from backend.catalog.models import Plan
from backend.coverage.models import CoverageZone
from backend.database import Base, utcnow


class CustomerType(StrEnum):
    RESIDENTIAL = "residential"
    BUSINESS = "business"


class LeadStage(StrEnum):
    """Sale stages of the procedure (Nuevo → Visitado → Informado → Pre-venta → Venta), the follow-up stages
    of a lead an executive works (En proceso, No contesta, Perdido), or not attended."""

    NEW = "new"
    VISITED = "visited"
    IN_PROGRESS = "in_progress"
    NO_ANSWER = "no_answer"
    INFORMED = "informed"
    PRE_SALE = "pre_sale"
    SALE = "sale"
    LOST = "lost"
    UNATTENDED = "unattended"

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]

    @property
    def is_open(self) -> bool:
        """Still to be carried to an outcome by an executive."""
        return self in OPEN_STAGES


_STAGE_LABELS = {
    LeadStage.NEW: "Nuevo",
    LeadStage.VISITED: "Visitado",
    LeadStage.IN_PROGRESS: "En proceso",
    LeadStage.NO_ANSWER: "No contesta",
    LeadStage.INFORMED: "Informado",
    LeadStage.PRE_SALE: "Pre-venta",
    LeadStage.SALE: "Venta",
    LeadStage.LOST: "Perdido",
    LeadStage.UNATTENDED: "No atendida",
}
OPEN_STAGES = frozenset(
    {LeadStage.NEW, LeadStage.VISITED, LeadStage.IN_PROGRESS, LeadStage.NO_ANSWER, LeadStage.INFORMED}
)


class UnattendedReason(StrEnum):
    """Why a request could not be attended (§7 and §8 of the procedure)."""

    NO_COVERAGE = "no_coverage"
    NO_CAPACITY = "no_capacity"
    OFFER_DECLINED = "offer_declined"

    @property
    def label(self) -> str:
        return _REASON_LABELS[self]


_REASON_LABELS = {
    UnattendedReason.NO_COVERAGE: "Sin cobertura",
    UnattendedReason.NO_CAPACITY: "Sin capacidad técnica",
    UnattendedReason.OFFER_DECLINED: "Oferta rechazada",
}


class PaymentMethod(StrEnum):
    PREPAID = "prepaid"
    POSTPAID = "postpaid"


class Lead(Base):
    """A prospective customer, keyed by the conversation that brought them."""

    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(200), unique=True, index=True)
    channel: Mapped[str] = mapped_column(String(20))
    customer_type: Mapped[CustomerType | None] = mapped_column(String(20))
    full_name: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    company_name: Mapped[str | None] = mapped_column(String(160))

    usage: Mapped[str | None] = mapped_column(String(20))
    usage_hours: Mapped[str | None] = mapped_column(String(20))
    household_size: Mapped[int | None]
    wanted_speed_mbps: Mapped[int | None]

    address: Mapped[str | None] = mapped_column(String(500))
    address_reference: Mapped[str | None] = mapped_column(String(500))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    coverage_status: Mapped[str | None] = mapped_column(String(20))
    coverage_zone_id: Mapped[int | None] = mapped_column(ForeignKey("coverage_zones.id"))
    offered_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    payment_method: Mapped[PaymentMethod | None] = mapped_column(String(20))
    # What the billing system says the person owes; with a debt only prepaid service may be sold, and why.
    billing_debt_bs: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    prepaid_only_reason: Mapped[str | None] = mapped_column(Text)

    city: Mapped[str | None] = mapped_column(String(80))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    referrer_id: Mapped[int | None] = mapped_column(ForeignKey("referrers.id"), index=True)

    stage: Mapped[LeadStage] = mapped_column(String(20), default=LeadStage.VISITED, index=True)
    unattended_reason: Mapped[UnattendedReason | None] = mapped_column(String(30))
    outcome_detail: Mapped[str | None] = mapped_column(Text)
    notify_on_coverage: Mapped[bool] = mapped_column(default=False)
    coverage_arrived_at: Mapped[datetime | None]  # when the customer, waiting outside coverage, was told it arrived

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    coverage_zone: Mapped[CoverageZone | None] = relationship(lazy="joined")
    owner: Mapped[User | None] = relationship(lazy="joined")
    offered_plan: Mapped[Plan | None] = relationship(lazy="joined")
    stage_changes: Mapped[list["LeadStageChange"]] = relationship(
        back_populates="lead", order_by="LeadStageChange.id", cascade="all, delete-orphan"
    )

    @property
    def stage_label(self) -> str:
        return LeadStage(self.stage).label

    @property
    def coverage_zone_name(self) -> str | None:
        return self.coverage_zone.name if self.coverage_zone else None

    @property
    def unattended_reason_label(self) -> str | None:
        return UnattendedReason(self.unattended_reason).label if self.unattended_reason else None

    @property
    def owner_name(self) -> str | None:
        return self.owner.full_name if self.owner else None

    def entered(self, stage: LeadStage) -> datetime | None:
        """When the lead last moved into `stage`, if it ever did."""
        return next((c.changed_at for c in reversed(self.stage_changes) if c.to_stage == stage), None)


class LeadStageChange(Base):
    """One move of a lead from one stage to another: when, why and by whom."""

    __tablename__ = "lead_stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    from_stage: Mapped[LeadStage | None] = mapped_column(String(20))
    to_stage: Mapped[LeadStage] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(120))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    lead: Mapped[Lead] = relationship(back_populates="stage_changes")
