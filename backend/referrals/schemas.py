"""Shapes of the referrals API."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from backend.leads.schemas import PHONE_PATTERN
from backend.referrals.models import ReferrerKind


class ReferrerCreate(BaseModel):
    name: str = Field(min_length=2, max_length=160)
    kind: ReferrerKind
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    email: EmailStr | None = None


class ReferrerPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    kind: ReferrerKind
    phone: str | None
    email: str | None
    created_at: datetime
    leads: int = 0
    sales: int = 0
