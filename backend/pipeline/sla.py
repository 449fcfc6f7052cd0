"""The follow-up rules that run on their own: assigning waiting leads, taking back leads not worked in time,
and closing as lost the leads that never answered. Each step claims its row with a conditional UPDATE, so two
backend processes, or one restarted halfway, never do the same thing twice."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from backend.conversations.outbox import Outbox
from backend.database import from_db, to_db
from backend.leads.models import OPEN_STAGES, CustomerType, Lead, LeadStage
from backend.pipeline import assignment
from backend.pipeline.models import LeadAssignment, Notification, NotificationKind
from backend.pipeline.rules import PipelineRules
from backend.pipeline.service import close_as_lost, lost_refusal

SYSTEM = assignment.SYSTEM


@dataclass
class SweepResult:
    """What one pass did."""

    assigned: int = 0
    reassigned: int = 0
    lost: int = 0


def assign_if_waiting(*, db: Session, lead: Lead, now: datetime, rules: PipelineRules) -> LeadAssignment | None:
    """Give an open lead without owner to an executive once its city is known (or it waited long enough)."""
    if lead.owner_id is not None or not assignment.needs_owner(lead):
        return None
    if lead.city is None and now - from_db(lead.created_at) < rules.unknown_city_wait:
        return None
    return assignment.assign_automatically(
        db=db, lead=lead, now=now, hours=rules.hours, sla=rules.sla, reason="Lead nuevo", only_if_unowned=True
    )


def assign_waiting(*, db: Session, now: datetime, rules: PipelineRules) -> int:
    """Assign the open leads nobody owns yet (the city became known, or no executive was free before)."""
    waiting = db.scalars(
        select(Lead)
        .where(
            Lead.owner_id.is_(None),
            Lead.stage.in_(OPEN_STAGES),
            or_(Lead.customer_type.is_(None), Lead.customer_type != CustomerType.BUSINESS),
        )
        .order_by(Lead.id)
        .limit(200)
    )
    return sum(assign_if_waiting(db=db, lead=lead, now=now, rules=rules) is not None for lead in list(waiting.unique()))


def take_back_overdue(*, db: Session, now: datetime, rules: PipelineRules) -> int:
    """Reassign every lead whose executive let the deadline pass, and tell the supervisors."""
    overdue = db.scalars(
        select(LeadAssignment).where(
            LeadAssignment.ended_at.is_(None),
            LeadAssignment.worked_at.is_(None),
            LeadAssignment.due_at <= to_db(now),
        )
    )
    done = 0
    for missed in list(overdue.unique()):
        lead = db.get_one(Lead, missed.lead_id)
        still_open = LeadStage(lead.stage).is_open
        claimed = db.execute(
            update(LeadAssignment)
            .where(
                LeadAssignment.id == missed.id,
                LeadAssignment.ended_at.is_(None),
                LeadAssignment.worked_at.is_(None),
            )
            .values(ended_at=to_db(now), end_reason="sla_missed" if still_open else "outcome")
        ).rowcount
        if not claimed or not still_open:
            continue
        late = missed.user
        db.add(
            Notification(
                kind=NotificationKind.SLA_MISSED,
                lead_id=lead.id,
                user_id=late.id,
                created_at=to_db(now),
                text=f"{late.full_name} no gestionó el lead #{lead.id} ({lead.full_name or 'sin nombre'}) "
                f"en {rules.sla.total_seconds() / 3600:g} horas hábiles: se reasignó.",
            )
        )
        again = assignment.assign_automatically(
            db=db,
            lead=lead,
            now=now,
            hours=rules.hours,
            sla=rules.sla,
            reason=f"Reasignado: {late.full_name} no lo gestionó a tiempo",
            excluding={late.id},
        )
        if again is None:  # nobody else serves the city: the same executive gets a new deadline
            assignment.give(
                db=db,
                lead=lead,
                user=late,
                now=now,
                hours=rules.hours,
                sla=rules.sla,
                by=SYSTEM,
                reason="Sin otro ejecutivo disponible: nuevo plazo",
            )
        done += 1
    return done


def close_lost(*, db: Session, now: datetime, rules: PipelineRules, outbox: Outbox | None) -> int:
    """Move to Perdido the leads in No contesta past the wait with enough attempts, and send them our information."""
    waiting = db.scalars(select(Lead).where(Lead.stage == LeadStage.NO_ANSWER).order_by(Lead.id).limit(200))
    done = 0
    for lead in list(waiting.unique()):
        if lost_refusal(db=db, lead=lead, now=now, rules=rules) is None:
            done += close_as_lost(db=db, lead=lead, now=now, outbox=outbox, actor=SYSTEM)
    return done


def sweep(*, db: Session, now: datetime, rules: PipelineRules, outbox: Outbox | None) -> SweepResult:
    """One pass of every rule, in order."""
    return SweepResult(
        assigned=assign_waiting(db=db, now=now, rules=rules),
        reassigned=take_back_overdue(db=db, now=now, rules=rules),
        lost=close_lost(db=db, now=now, rules=rules, outbox=outbox),
    )
