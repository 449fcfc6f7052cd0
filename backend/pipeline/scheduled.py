"""The pipeline's periodic job: assignment, the SLA and the move to Perdido, swept by their rules."""

from backend.duties import DutyParts, duty
from backend.periodic import Periodic
from backend.pipeline.rules import rules_of
from backend.pipeline.scheduler import PipelineScheduler


@duty
def pipeline_rules(parts: DutyParts) -> Periodic:
    return PipelineScheduler(
        sessions=parts.sessions,
        outbox=parts.outbox,
        rules=rules_of(parts.settings),
        interval=parts.settings.PIPELINE_CHECK_SECONDS,
    )
