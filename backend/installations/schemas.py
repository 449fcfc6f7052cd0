"""Shapes of the installation API."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from backend.installations.models import VisitStatus


class OpeningPublic(BaseModel):
    starts_at: datetime
    ends_at: datetime
    label: str


class OpeningsPublic(BaseModel):
    order_number: str | None
    zone: str | None
    openings: list[OpeningPublic]
    schedulable: bool
    current: "VisitPublic | None" = None


class VisitBooking(BaseModel):
    starts_at: datetime


class VisitPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    order_id: int
    crew_id: int
    crew_name: str = ""
    starts_at: datetime  # UTC
    ends_at: datetime
    status: VisitStatus
    failure_reason: str | None
    record: dict[str, Any] | None
    window: str = ""


class VisitFailure(BaseModel):
    reason: str = Field(min_length=3, max_length=1000)


class InstallationRecord(BaseModel):
    """The Acta de Implementación: what was installed and who received it."""

    technician: str = Field(min_length=2, max_length=120)
    received_by: str = Field(min_length=2, max_length=120)
    received_by_id_number: str = Field(min_length=5, max_length=30)
    equipment_serial: str = Field(min_length=3, max_length=80)
    notes: str = Field(default="", max_length=2000)


class CrewCreate(BaseModel):
    name: str = Field(min_length=2, max_length=80)
    working_hours: str = Field(min_length=5, max_length=200, examples=["mon-fri 08:00-17:00; sat 08:00-12:00"])
    zone_ids: list[int] = Field(min_length=1)


class CrewUpdate(BaseModel):
    """Fields left out stay as they were."""

    working_hours: str | None = Field(default=None, min_length=5, max_length=200)
    zone_ids: list[int] | None = Field(default=None, min_length=1)
    is_active: bool | None = None


class DurationSet(BaseModel):
    minutes: int = Field(ge=30, le=8 * 60)


class CrewPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    working_hours: str
    is_active: bool
    zone_names: list[str] = []


class ClosureCreate(BaseModel):
    day: date
    crew_id: int | None = None
    reason: str = Field(min_length=3, max_length=200)
