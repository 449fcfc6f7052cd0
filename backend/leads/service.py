"""Capturing leads as the conversation goes, and moving them through the sale stages."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.auth.models import User
from backend.catalog import service as catalog_service
from backend.coverage.models import CoverageZone
from backend.errors import DomainError, NotFound
from backend.leads.models import CustomerType, Lead, LeadStage, LeadStageChange, UnattendedReason
from backend.leads.schemas import LeadCapture, LeadClosing, LeadContactUpdate

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
        lead = Lead(conversation_id=conversation_id, channel=channel_of(conversation_id))
        db.add(lead)
        move(lead, LeadStage.VISITED, reason="Primer contacto", actor=ASSISTANT)
        db.flush()
    return lead


def move(lead: Lead, to_stage: LeadStage, *, reason: str | None, actor: str) -> None:
    """Put the lead in `to_stage` and record the move."""
    from_stage = lead.stage
    if from_stage == to_stage:
        return
    lead.stage = to_stage
    lead.stage_changes.append(
        LeadStageChange(from_stage=from_stage, to_stage=to_stage, reason=reason, changed_by=actor)
    )


def capture(*, db: Session, conversation_id: str, data: LeadCapture) -> Lead:
    """Store what the assistant learnt; offering a plan makes the lead Informado."""
    lead = get_or_create(db=db, conversation_id=conversation_id)
    fields = data.model_dump(exclude_unset=True, exclude={"offered_plan_code"})
    if "coverage_zone_id" in fields and fields["coverage_zone_id"] is not None:
        if db.get(CoverageZone, fields["coverage_zone_id"]) is None:
            raise NotFound(f"Unknown coverage zone {fields['coverage_zone_id']}")
    for name, value in fields.items():
        setattr(lead, name, value)
    if data.offered_plan_code:
        plan = catalog_service.get_by_code(db=db, code=data.offered_plan_code)
        if plan is None:
            raise NotFound(f"Unknown plan {data.offered_plan_code}")
        lead.offered_plan = plan
        if lead.stage in (LeadStage.VISITED, LeadStage.UNATTENDED):
            move(lead, LeadStage.INFORMED, reason=f"Plan ofrecido: {plan.name}", actor=ASSISTANT)
    db.flush()
    return lead


def update_contact(*, db: Session, conversation_id: str, changes: LeadContactUpdate, user: User) -> Lead:
    """Apply an executive's corrections to the lead, and record who changed what."""
    lead = get_by_conversation(db=db, conversation_id=conversation_id)
    if lead is None:
        raise NotFound(f"No lead for conversation {conversation_id}")
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


def close_unattended(*, db: Session, conversation_id: str, closing: LeadClosing) -> Lead:
    """Record that the request cannot be attended, and why."""
    lead = get_or_create(db=db, conversation_id=conversation_id)
    if lead.customer_type == CustomerType.BUSINESS:
        raise DomainError("Business leads go to the enterprise team, not to the unattended report")
    if lead.stage in (LeadStage.PRE_SALE, LeadStage.SALE):
        raise DomainError(f"The lead is already in {LeadStage(lead.stage).label}")
    lead.unattended_reason = closing.reason
    lead.outcome_detail = closing.detail
    lead.notify_on_coverage = closing.notify_on_coverage and closing.reason == UnattendedReason.NO_COVERAGE
    move(lead, LeadStage.UNATTENDED, reason=closing.detail or closing.reason.value, actor=ASSISTANT)
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
