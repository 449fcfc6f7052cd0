"""Shapes of the pipeline API."""

from datetime import datetime
from decimal import Decimal

from pydantic import AliasPath, BaseModel, ConfigDict, EmailStr, Field

from backend.leads.models import LeadStage, UnattendedReason
from backend.leads.schemas import PHONE_PATTERN, LeadPublic
from backend.pipeline.models import AttemptResult, NotificationKind


class LeadRegistration(BaseModel):
    """A lead an executive found outside the chat (a visit, a call, a referral)."""

    full_name: str = Field(min_length=2, max_length=120)
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    email: EmailStr | None = None
    city: str = Field(min_length=2, max_length=80)
    address: str | None = Field(default=None, max_length=500)
    referral_code: str | None = Field(default=None, max_length=20)
    note: str | None = Field(default=None, max_length=1000)


class AttemptCreate(BaseModel):
    result: AttemptResult
    via: str = Field(default="phone", pattern=r"^(phone|whatsapp|email|visit|chat)$")
    note: str | None = Field(default=None, max_length=1000)


class StageChange(BaseModel):
    stage: LeadStage
    reason: str | None = Field(default=None, max_length=1000)
    unattended_reason: UnattendedReason | None = None


class QuoteCreate(BaseModel):
    plan_code: str = Field(min_length=2, max_length=40)
    send: bool = Field(default=True, description="send it to the customer on their channel")


class QuotePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    plan_code: str = Field(validation_alias=AliasPath("plan", "code"))
    plan_name: str = Field(validation_alias=AliasPath("plan", "name"))
    monthly_price_bs: Decimal
    installation_fee_bs: Decimal
    quoted_by: str
    created_at: datetime


class AssignmentChange(BaseModel):
    user_id: int


class AttemptPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    result: AttemptResult
    via: str
    note: str | None
    made_at: datetime
    user_id: int


class AssignmentPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    assigned_at: datetime
    due_at: datetime
    assigned_by: str
    reason: str
    worked_at: datetime | None
    ended_at: datetime | None
    end_reason: str | None


class StageChangePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    from_stage: LeadStage | None
    to_stage: LeadStage
    reason: str | None
    changed_by: str
    changed_at: datetime


class LeadFollowUp(BaseModel):
    """A lead with its owner, its full history, its contact attempts and its assignments."""

    lead: LeadPublic
    owner_id: int | None
    owner_name: str | None
    history: list[StageChangePublic]
    attempts: list[AttemptPublic]
    assignments: list[AssignmentPublic]
    quotes: list[QuotePublic]


class NotificationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: NotificationKind
    lead_id: int | None
    user_id: int | None
    text: str
    created_at: datetime
    read_at: datetime | None
