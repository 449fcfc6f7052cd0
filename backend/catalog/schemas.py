"""Shapes of the catalogue API."""

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Usage(StrEnum):
    """What the customer mainly uses the connection for."""

    HOME = "home"
    STREAMING = "streaming"
    STUDY = "study"
    GAMING = "gaming"
    HOME_OFFICE = "home_office"


class UsageHours(StrEnum):
    """When the connection is used the most."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    NIGHT = "night"
    ALL_DAY = "all_day"


class PlanPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    technology: str
    download_mbps: int
    upload_mbps: int
    monthly_price_bs: Decimal
    installation_fee_bs: Decimal
    minimum_term_months: int
    description: str


class PlansPublic(BaseModel):
    data: list[PlanPublic]
    count: int


class RecommendationQuery(BaseModel):
    usage: Usage = Usage.HOME
    usage_hours: UsageHours | None = None
    household_size: int = Field(default=1, ge=1, le=50)
    wanted_speed_mbps: int | None = Field(default=None, ge=1, le=10_000)


class Recommendation(BaseModel):
    needed_mbps: int
    plan: PlanPublic
