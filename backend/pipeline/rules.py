"""The follow-up rules of the procedure, as set for this company."""

from dataclasses import dataclass
from datetime import timedelta

from backend.business_hours import BusinessHours
from backend.config import Settings


@dataclass(frozen=True)
class PipelineRules:
    """How long an executive has for a lead, and when a lead that does not answer may be given up."""

    hours: BusinessHours
    sla: timedelta = timedelta(hours=4)
    ideal: timedelta = timedelta(minutes=15)
    no_answer_wait: timedelta = timedelta(days=2)
    attempts_before_lost: int = 5
    # A chat lead whose city is still unknown is given to an executive of any city after this long.
    unknown_city_wait: timedelta = timedelta(minutes=15)


def rules_of(settings: Settings) -> PipelineRules:
    return PipelineRules(
        hours=settings.business_hours(),
        sla=timedelta(hours=settings.LEAD_SLA_BUSINESS_HOURS),
        ideal=timedelta(minutes=settings.LEAD_SLA_IDEAL_MINUTES),
        no_answer_wait=timedelta(days=settings.NO_ANSWER_DAYS_BEFORE_LOST),
        attempts_before_lost=settings.ATTEMPTS_BEFORE_LOST,
    )
