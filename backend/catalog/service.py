"""Reading the catalogue and choosing the plan that fits a household."""

import math

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.catalog.models import Plan
from backend.catalog.schemas import RecommendationQuery, Usage, UsageHours

# Download speed one person needs at once for each kind of use, in Mbps.
MBPS_PER_PERSON = {
    Usage.HOME: 8,
    Usage.STUDY: 12,
    Usage.STREAMING: 15,
    Usage.HOME_OFFICE: 20,
    Usage.GAMING: 30,
}
# Evenings and all-day use overlap with everyone else at home.
PEAK_HOURS_FACTOR = {UsageHours.NIGHT: 1.25, UsageHours.ALL_DAY: 1.25}


def list_active(*, db: Session) -> list[Plan]:
    """Active plans, cheapest first."""
    return list(db.scalars(select(Plan).where(Plan.is_active).order_by(Plan.monthly_price_bs)))


def get_by_code(*, db: Session, code: str) -> Plan | None:
    """The active plan with this code, if any."""
    return db.scalar(select(Plan).where(Plan.code == code.upper(), Plan.is_active))


def needed_mbps(query: RecommendationQuery) -> int:
    """The download speed this household needs, never below what the customer asked for."""
    factor = PEAK_HOURS_FACTOR.get(query.usage_hours, 1.0) if query.usage_hours else 1.0
    need = math.ceil(MBPS_PER_PERSON[query.usage] * query.household_size * factor)
    return max(need, query.wanted_speed_mbps or 0)


def recommend(*, db: Session, query: RecommendationQuery) -> tuple[int, Plan | None]:
    """The cheapest active plan fast enough for the household (the fastest if none is)."""
    plans = list_active(db=db)
    need = needed_mbps(query)
    fitting = [plan for plan in plans if plan.download_mbps >= need]
    if fitting:
        return need, fitting[0]
    return need, max(plans, key=lambda plan: plan.download_mbps, default=None)
