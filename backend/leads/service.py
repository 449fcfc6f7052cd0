"""Capturing leads as the conversation goes, and moving them through the sale stages."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.auth.models import User
from backend.catalog import service as catalog_service
from backend.coverage.models import CoverageZone
from backend.database import utcnow
from backend.errors import DomainError, NotFound
from backend.leads.models import CustomerType, Lead, LeadStage, LeadStageChange, UnattendedReason
from backend.leads.ownership import ensure_may_work
from backend.leads.schemas import LeadCapture, LeadClosing, LeadContactUpdate
from backend.leads.transitions import LEAD_TRANSITIONS
from backend.quotes import service as quote_service
from backend.referrals import service as referral_service

CHANNELS = ("webchat", "whatsapp", "telegram")
ASSISTANT = "assistant"


def channel_of(conversation_id: str) -> str:
    """The channel named by a conversation id such as `whatsapp:59170000000`."""
    prefix, _, rest = conversation_id.partition(":")
    return prefix if rest and prefix in CHANNELS else "other"


def get_by_conversation(*, db: Session, conversation_id: str) -> Lead | None:
    """The lead of this conversation, if any."""
    return db.scalar(select(Lead).where(Lead.conversation_id == conversation_id))


def get_or_create(*, db: Session, conversation_id: str) -> Lead:
    """The lead of this conversation, created as Visitado on first contact."""
    lead = get_by_conversation(db=db, conversation_id=conversation_id)
    if lead is None:
        lead = Lead(conversation_id=conversation_id, channel=channel_of(conversation_id), stage=None)
        lead.referrer_id = referral_service.referrer_of_conversation(db=db, conversation_id=conversation_id)
        db.add(lead)
        move(lead, LeadStage.VISITED, reason="Primer contacto", actor=ASSISTANT)
        db.flush()
    return lead


def move(lead: Lead, to_stage: LeadStage, *, reason: str | None, actor: str, at: datetime | None = None) -> None:
    """Put the lead in `to_stage` and record the move; a move the procedure does not allow is refused."""
    from_stage = LeadStage(lead.stage) if lead.stage is not None else None
    if from_stage == to_stage:
        return
    LEAD_TRANSITIONS.check(from_stage, to_stage)
    lead.stage = to_stage
    lead.stage_changes.append(
        LeadStageChange(
            from_stage=from_stage, to_stage=to_stage, reason=reason, changed_by=actor, changed_at=at or utcnow()
        )
    )


def capture(*, db: Session, conversation_id: str, data: LeadCapture) -> Lead:
    """Store what the assistant learnt; offering a plan makes the lead Informado."""
    lead = get_or_create(db=db, conversation_id=conversation_id)
    fields = data.model_dump(exclude_unset=True, exclude={"offered_plan_code"})
    if "coverage_zone_id" in fields and fields["coverage_zone_id"] is not None:
        if db.get(CoverageZone, fields["coverage_zone_id"]) is None:
            raise NotFound(f"No existe la zona de cobertura {fields['coverage_zone_id']}")
    for name, value in fields.items():
        setattr(lead, name, value)
    if lead.coverage_zone_id is not None:
        lead.city = db.get_one(CoverageZone, lead.coverage_zone_id).city
    if data.offered_plan_code:
        plan = catalog_service.get_by_code(db=db, code=data.offered_plan_code)
        if plan is None:
            raise NotFound(f"No existe el plan {data.offered_plan_code}")
        if lead.offered_plan_id != plan.id:  # the snapshot repeats the offer every turn: quote it once
            quote_service.record(db=db, lead=lead, plan=plan, by=ASSISTANT)
        lead.offered_plan = plan
        if LEAD_TRANSITIONS.allows(LeadStage(lead.stage), LeadStage.INFORMED):
            move(lead, LeadStage.INFORMED, reason=f"Plan ofrecido: {plan.name}", actor=ASSISTANT)
    db.flush()
    return lead


def update_contact(*, db: Session, conversation_id: str, changes: LeadContactUpdate, user: User) -> Lead:
    """Apply an executive's corrections to the lead, and record who changed what."""
    lead = get_by_conversation(db=db, conversation_id=conversation_id)
    if lead is None:
        raise NotFound(f"No lead for conversation {conversation_id}")
    ensure_may_work(lead, user)
    fields = changes.model_dump(exclude_unset=True, exclude_none=True)
    changed = {name: value for name, value in fields.items() if getattr(lead, name) != value}
    for name, value in changed.items():
        setattr(lead, name, value)
    if changed:
        audit.record(db=db, actor=user, action="lead.update", subject=conversation_id, fields=sorted(changed))
    db.flush()
    return lead


# Lead fields the assistant keeps in slots of the same name, handed back to it after a takeover.
SLOT_FIELDS = ("full_name", "phone", "email", "company_name", "address_reference")


def assistant_slots(lead: Lead | None) -> dict[str, str]:
    """The lead's current contact data as the assistant's slots."""
    if lead is None:
        return {}
    return {name: value for name in SLOT_FIELDS if (value := getattr(lead, name)) is not None}


def close_unattended(*, db: Session, conversation_id: str, closing: LeadClosing, actor: str = ASSISTANT) -> Lead:
    """Record that the request cannot be attended, and why."""
    lead = get_or_create(db=db, conversation_id=conversation_id)
    if lead.customer_type == CustomerType.BUSINESS:
        raise DomainError("Los leads de empresas van al equipo empresarial, no al reporte de no atendidas")
    LEAD_TRANSITIONS.check(LeadStage(lead.stage), LeadStage.UNATTENDED)
    lead.unattended_reason = closing.reason
    lead.outcome_detail = closing.detail
    lead.notify_on_coverage = closing.notify_on_coverage and closing.reason == UnattendedReason.NO_COVERAGE
    reason = closing.reason.label + (f": {closing.detail}" if closing.detail else "")
    move(lead, LeadStage.UNATTENDED, reason=reason, actor=actor)
    db.flush()
    return lead


def list_leads(
    *,
    db: Session,
    stage: LeadStage | None = None,
    customer_type: CustomerType | None = None,
    offset: int = 0,
    limit: int = 100,
) -> tuple[list[Lead], int]:
    """Leads, newest first, with the total count before paging."""
    query = select(Lead)
    if stage is not None:
        query = query.where(Lead.stage == stage)
    if customer_type is not None:
        query = query.where(Lead.customer_type == customer_type)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    leads = db.scalars(query.order_by(Lead.updated_at.desc(), Lead.id.desc()).offset(offset).limit(limit))
    return list(leads.unique()), total
