"""Shapes of the waiting list API."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from backend.coverage.schemas import ZonePublic


class WaitingLead(BaseModel):
    """A customer waiting for coverage, and where."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    conversation_id: str
    channel: str
    full_name: str | None
    phone: str | None
    address: str | None
    latitude: float | None
    longitude: float | None
    updated_at: datetime


class ZoneWaiting(BaseModel):
    """A zone and the waiting customers it now covers."""

    zone: ZonePublic
    now_covered: list[WaitingLead]


class Resumption(BaseModel):
    """The waiting customers a supervisor approves telling."""

    lead_ids: list[int] = Field(min_length=1, max_length=500)


class Resumed(BaseModel):
    zone: ZonePublic
    resumed: list[WaitingLead]
