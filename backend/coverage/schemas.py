"""Shapes of the coverage API."""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator


class CoverageStatus(StrEnum):
    COVERED = "covered"
    NOT_COVERED = "not_covered"
    UNKNOWN = "unknown"


class CoverageQuery(BaseModel):
    """A shared location, or an address / neighbourhood as the customer wrote it."""

    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    text: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _needs_a_place(self) -> "CoverageQuery":
        has_point = self.latitude is not None and self.longitude is not None
        if not has_point and not (self.text and self.text.strip()):
            raise ValueError("give latitude and longitude, or a text address")
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together")
        return self


class ZonePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    city: str
    technology: str


Point = tuple[Annotated[float, Field(ge=-90, le=90)], Annotated[float, Field(ge=-180, le=180)]]


class ZoneCreate(BaseModel):
    """A new coverage zone: its outline as (latitude, longitude) points, and the names people use for it."""

    name: str = Field(min_length=2, max_length=80)
    city: str = Field(min_length=2, max_length=80)
    technology: str = Field(default="Fibra óptica", max_length=40)
    polygon: list[Point] = Field(min_length=3, max_length=500)
    aliases: list[str] = Field(default_factory=list, max_length=20)


class ZoneChange(BaseModel):
    """A zone widened (a new outline), renamed for customers (aliases), or switched off."""

    polygon: list[Point] | None = Field(default=None, min_length=3, max_length=500)
    aliases: list[str] | None = Field(default=None, max_length=20)
    is_active: bool | None = None


class CoverageResult(BaseModel):
    status: CoverageStatus
    zone: ZonePublic | None = None
    matched_by: str | None = Field(default=None, description="'point' or 'name'")
    place: str | None = Field(default=None, description="the place outside coverage the address names")
