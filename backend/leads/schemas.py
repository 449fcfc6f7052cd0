"""Shapes of the lead API."""

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from backend.catalog.schemas import Usage, UsageHours
from backend.coverage.schemas import CoverageStatus
from backend.leads.models import CustomerType, LeadStage, PaymentMethod, UnattendedReason

PHONE_PATTERN = r"^\+?\d{7,15}$"


class LeadCapture(BaseModel):
    """What the assistant learnt about a lead; fields left out are kept as they were."""

    customer_type: CustomerType | None = None
    full_name: str | None = Field(default=None, min_length=2, max_length=120)
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    email: EmailStr | None = None
    company_name: str | None = Field(default=None, max_length=160)
    usage: Usage | None = None
    usage_hours: UsageHours | None = None
    household_size: int | None = Field(default=None, ge=1, le=50)
    wanted_speed_mbps: int | None = Field(default=None, ge=1, le=10_000)
    address: str | None = Field(default=None, max_length=500)
    address_reference: str | None = Field(default=None, max_length=500)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    coverage_status: CoverageStatus | None = None
    coverage_zone_id: int | None = None
    offered_plan_code: str | None = Field(default=None, max_length=40)
    payment_method: PaymentMethod | None = None


class LeadContactUpdate(BaseModel):
    """Contact data an executive corrects during a takeover; fields left out stay as they were."""

    full_name: str | None = Field(default=None, min_length=2, max_length=120)
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    email: EmailStr | None = None
    company_name: str | None = Field(default=None, min_length=2, max_length=160)
    address_reference: str | None = Field(default=None, min_length=4, max_length=500)


class LeadClosing(BaseModel):
    """Why a request could not be attended."""

    reason: UnattendedReason
    detail: str | None = Field(default=None, max_length=1000)
    notify_on_coverage: bool = False


class PlanSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    download_mbps: int
    monthly_price_bs: Decimal


class LeadPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    conversation_id: str
    channel: str
    customer_type: CustomerType | None
    full_name: str | None
    phone: str | None
    email: str | None
    company_name: str | None
    usage: str | None
    usage_hours: str | None
    household_size: int | None
    wanted_speed_mbps: int | None
    address: str | None
    address_reference: str | None
    latitude: float | None
    longitude: float | None
    coverage_status: str | None
    coverage_zone: str | None = Field(validation_alias="coverage_zone_name")
    coverage_zone_id: int | None = None
    offered_plan: PlanSummary | None
    payment_method: PaymentMethod | None
    prepaid_only_reason: str | None = Field(description="why only prepaid service may be sold (a debt)")
    city: str | None = None
    owner_id: int | None = None
    owner_name: str | None = None
    referrer_id: int | None = None
    stage: LeadStage
    stage_label: str
    unattended_reason: UnattendedReason | None
    outcome_detail: str | None
    notify_on_coverage: bool
    created_at: datetime
    updated_at: datetime


class LeadsPublic(BaseModel):
    data: list[LeadPublic]
    count: int
