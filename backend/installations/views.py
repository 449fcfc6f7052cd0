"""Turning visits into their public shape, in the company's time."""

from zoneinfo import ZoneInfo

from backend.config import Settings
from backend.database import from_db
from backend.installations.models import Visit
from backend.installations.notices import window
from backend.installations.schemas import VisitPublic
from backend.installations.service import SchedulingRules


def rules_of(settings: Settings) -> SchedulingRules:
    return SchedulingRules(zone=ZoneInfo(settings.BUSINESS_TIMEZONE))


def visit_public(visit: Visit, rules: SchedulingRules) -> VisitPublic:
    public = VisitPublic.model_validate(visit)
    public.crew_name = visit.crew.name if visit.crew else ""
    public.window = window(from_db(visit.starts_at, rules.zone), from_db(visit.ends_at, rules.zone))
    return public
