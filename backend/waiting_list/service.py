"""The waiting list: customers recorded outside coverage who asked to be told when it arrives, kept with their
place (a shared pin, or the place they named). When a zone is added or widened, the leads it now covers are
listed for supervisors; on their approval each is told on their channel and their sale goes on where it stopped."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.conversations.messages import Notice
from backend.coverage.geometry import contains
from backend.coverage.models import CoverageZone
from backend.coverage.schemas import CoverageStatus
from backend.database import to_db
from backend.followups import service as follow_ups
from backend.followups.kinds import PROMPT_ASSISTANT
from backend.leads.models import Lead, LeadStage, UnattendedReason
from backend.leads.service import move
from backend.spelling import mentions

COVERAGE_ARRIVED_INTENT = "coverage_arrived"  # what the assistant is told, to speak first and resume the sale


def waiting(*, db: Session) -> list[Lead]:
    """Every lead waiting for coverage, oldest first."""
    return list(
        db.scalars(
            select(Lead)
            .where(
                Lead.stage == LeadStage.UNATTENDED,
                Lead.unattended_reason == UnattendedReason.NO_COVERAGE,
                Lead.notify_on_coverage,
            )
            .order_by(Lead.id)
        ).unique()
    )


def covers(zone: CoverageZone, lead: Lead) -> bool:
    """Whether the zone takes in the lead's place: its pin inside the outline, or, without a pin, its address
    naming the zone or one of its aliases."""
    if lead.latitude is not None and lead.longitude is not None:
        return contains(zone.polygon, lead.latitude, lead.longitude)
    return bool(lead.address) and any(mentions(lead.address or "", name) for name in (zone.name, *zone.aliases))


def now_covered(*, db: Session, zone: CoverageZone) -> list[Lead]:
    """The waiting leads that `zone` covers."""
    if not zone.is_active:
        return []
    return [lead for lead in waiting(db=db) if covers(zone, lead)]


def resume(*, db: Session, zone: CoverageZone, lead_ids: list[int], actor: str, now: datetime) -> list[Lead]:
    """Tell the waiting leads of `lead_ids` that `zone` covers them, and put their sale back on its way: the lead
    is Visitado again, and the assistant speaks first (a follow-up: once this commits, with retries). Leads not
    waiting, or not in the zone, are left as they are. The leads resumed."""
    wanted = set(lead_ids)
    resumed = [lead for lead in now_covered(db=db, zone=zone) if lead.id in wanted]
    for lead in resumed:
        lead.coverage_zone_id, lead.coverage_status = zone.id, CoverageStatus.COVERED
        lead.city = zone.city
        lead.unattended_reason, lead.notify_on_coverage = None, False
        lead.coverage_arrived_at = to_db(now)
        move(lead, LeadStage.VISITED, reason=f"Llegó la cobertura a {zone.name}", actor=actor)
        follow_ups.schedule(
            db,
            PROMPT_ASSISTANT,
            conversation_id=lead.conversation_id,
            intent=COVERAGE_ARRIVED_INTENT,
            notice=Notice.COVERAGE_ARRIVED,
        )
    db.flush()
    return resumed
