"""What executives and supervisors do with leads: register, attempt contact, move, reassign, give up."""

import uuid
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.auth.models import Role, User
from backend.catalog import service as catalog_service
from backend.conversations.outbox import Outbox
from backend.database import from_db, to_db
from backend.errors import DomainError, NotFound
from backend.leads import service as lead_service
from backend.leads.models import OPEN_STAGES, Lead, LeadStage, LeadStageChange
from backend.leads.ownership import ensure_may_work
from backend.leads.schemas import LeadClosing
from backend.leads.transitions import LEAD_TRANSITIONS
from backend.pipeline import assignment, notices
from backend.pipeline.models import AttemptResult, ContactAttempt, LeadAssignment, Notification, NotificationKind
from backend.pipeline.rules import PipelineRules
from backend.pipeline.schemas import AttemptCreate, LeadRegistration, StageChange
from backend.quotes import service as quote_service
from backend.quotes.models import Quote
from backend.referrals import service as referral_service

FIELD_CHANNEL = "field"  # leads found by executives outside the chat (Fuente física)


def get(*, db: Session, lead_id: int) -> Lead:
    lead = db.get(Lead, lead_id)
    if lead is None:
        raise NotFound(f"No existe el lead {lead_id}")
    return lead


def register(*, db: Session, data: LeadRegistration, user: User, now: datetime, rules: PipelineRules) -> Lead:
    """A lead found outside the chat, in Nuevo: the executive who found it keeps it (no deadline, as the
    procedure says); one registered by a supervisor goes to the best executive for its city."""
    digits = data.phone.lstrip("+") if data.phone else None
    conversation_id = f"whatsapp:{digits}" if digits else f"{FIELD_CHANNEL}:{uuid.uuid4().hex}"
    if lead_service.get_by_conversation(db=db, conversation_id=conversation_id) is not None:
        raise DomainError(f"Ya existe un lead con el celular {data.phone}")
    lead = Lead(
        conversation_id=conversation_id,
        channel=FIELD_CHANNEL,
        stage=None,
        full_name=data.full_name,
        phone=data.phone,
        email=data.email,
        city=data.city,
        address=data.address,
        outcome_detail=data.note,
    )
    if data.referral_code:
        referrer = referral_service.get_by_code(db=db, code=data.referral_code)
        if referrer is None:
            raise NotFound(f"No existe el código de referido {data.referral_code}")
        lead.referrer_id = referrer.id
    lead_service.move(lead, LeadStage.NEW, reason="Registrado por el personal de ventas", actor=user.email, at=now)
    try:
        with db.begin_nested():  # the same registration sent twice at once
            db.add(lead)
            db.flush()
    except IntegrityError as error:
        raise DomainError(f"Ya existe un lead con el celular {data.phone}") from error
    if user.role == Role.EXECUTIVE:  # an executive's own find is theirs, and already being worked
        mine = assignment.give(
            db=db,
            lead=lead,
            user=user,
            now=now,
            hours=rules.hours,
            sla=rules.sla,
            by=user.email,
            reason="Registrado por el ejecutivo",
        )
        mine.worked_at = mine.assigned_at
    else:
        assignment.assign_automatically(
            db=db, lead=lead, now=now, hours=rules.hours, sla=rules.sla, reason="Lead nuevo"
        )
    audit.record(db=db, actor=user, action="lead.register", subject=f"lead:{lead.id}")
    return lead


def mark_worked(*, db: Session, lead: Lead, now: datetime) -> None:
    """Someone worked the lead: its running assignment is no longer at risk."""
    running = assignment.current(db=db, lead=lead)
    if running is not None and running.worked_at is None:
        running.worked_at = to_db(now)


def record_attempt(*, db: Session, lead: Lead, data: AttemptCreate, user: User, now: datetime) -> ContactAttempt:
    """Record a try at reaching the customer; it moves the lead to En proceso or No contesta when it can."""
    ensure_may_work(lead, user)
    attempt = ContactAttempt(
        lead_id=lead.id, user_id=user.id, result=data.result, via=data.via, note=data.note, made_at=to_db(now)
    )
    db.add(attempt)
    target = LeadStage.IN_PROGRESS if data.result == AttemptResult.ANSWERED else LeadStage.NO_ANSWER
    stage = LeadStage(lead.stage)
    if stage in (LeadStage.NEW, LeadStage.VISITED, LeadStage.IN_PROGRESS, LeadStage.NO_ANSWER) or (
        stage == LeadStage.INFORMED and target == LeadStage.NO_ANSWER
    ):
        lead_service.move(lead, target, reason=f"Intento de contacto: {data.result.label}", actor=user.email, at=now)
    mark_worked(db=db, lead=lead, now=now)
    db.flush()
    return attempt


def quote(
    *, db: Session, lead: Lead, plan_code: str, send: bool, user: User, now: datetime, outbox: Outbox
) -> tuple[Quote, bool]:
    """An executive's quote (proforma) for the lead, sent to the customer's channel if asked; the lead becomes
    Informado. Returns the quote and whether it was sent."""
    ensure_may_work(lead, user)
    plan = catalog_service.get_by_code(db=db, code=plan_code)
    if plan is None or not plan.is_active:
        raise NotFound(f"No existe el plan {plan_code}")
    made = quote_service.record(db=db, lead=lead, plan=plan, by=user.email)
    lead.offered_plan = plan
    if LEAD_TRANSITIONS.allows(LeadStage(lead.stage), LeadStage.INFORMED):
        lead_service.move(lead, LeadStage.INFORMED, reason=f"Cotización COT-{made.id:06d}", actor=user.email, at=now)
    mark_worked(db=db, lead=lead, now=now)
    sent = send and notices.tell_lead(
        db=db, outbox=outbox, lead=lead, message=notices.quote_text(quote=made, lead=lead)
    )
    audit.record(db=db, actor=user, action="lead.quote", subject=f"lead:{lead.id}", plan=plan.code, sent=sent)
    db.flush()
    return made, sent


def attempts_count(*, db: Session, lead: Lead) -> int:
    return db.scalar(select(func.count()).where(ContactAttempt.lead_id == lead.id)) or 0


def lost_refusal(*, db: Session, lead: Lead, now: datetime, rules: PipelineRules) -> str | None:
    """Why the lead may not go to Perdido yet (None when it may)."""
    if lead.stage != LeadStage.NO_ANSWER:
        return f"Only a lead in No contesta can be lost; this one is in {LeadStage(lead.stage).label}"
    made = attempts_count(db=db, lead=lead)
    if made < rules.attempts_before_lost:
        return f"A lead needs at least {rules.attempts_before_lost} recorded attempts before it is lost; it has {made}"
    since = lead.entered(LeadStage.NO_ANSWER)
    if since is None or now - from_db(since) <= rules.no_answer_wait:
        return f"A lead must be in No contesta for more than {rules.no_answer_wait.days} days before it is lost"
    return None


def close_as_lost(*, db: Session, lead: Lead, now: datetime, outbox: Outbox | None, actor: str) -> bool:
    """No contesta → Perdido, once however many processes try: send the customer our information, end the
    executive's turn and tell the supervisors. Whether this call did it."""
    claimed = db.execute(
        update(Lead).where(Lead.id == lead.id, Lead.stage == LeadStage.NO_ANSWER).values(stage=LeadStage.LOST)
    ).rowcount
    if not claimed:
        return False
    sent = outbox is not None and notices.tell_lead(
        db=db, outbox=outbox, lead=lead, message=notices.lost_information(db=db, lead=lead)
    )
    reason = f"{attempts_count(db=db, lead=lead)} intentos sin respuesta; " + (
        "se le envió nuestra información" if sent else "sin canal para enviarle información"
    )
    db.add(
        LeadStageChange(
            lead_id=lead.id,
            from_stage=LeadStage.NO_ANSWER,
            to_stage=LeadStage.LOST,
            reason=reason,
            changed_by=actor,
            changed_at=to_db(now),
        )
    )
    running = assignment.current(db=db, lead=lead)
    if running is not None:
        running.ended_at, running.end_reason = to_db(now), "lost"
    db.add(
        Notification(
            kind=NotificationKind.LEAD_LOST,
            lead_id=lead.id,
            user_id=lead.owner_id,
            created_at=to_db(now),
            text=f"El lead #{lead.id} ({lead.full_name or 'sin nombre'}) pasó a Perdido: {reason}. "
            "Decide si reasignarlo, llamarlo o hacer remarketing.",
        )
    )
    db.flush()
    db.refresh(lead)  # the conditional UPDATE went around the session
    return True


REQUEST_STAGES = frozenset({LeadStage.PRE_SALE, LeadStage.SALE})


def moves_by_hand(start: LeadStage, target: LeadStage) -> bool:
    """Whether staff may make this move themselves (Pre-venta and Venta come and go with the request)."""
    return start not in REQUEST_STAGES and target not in REQUEST_STAGES and LEAD_TRANSITIONS.allows(start, target)


def change_stage(
    *,
    db: Session,
    lead: Lead,
    change: StageChange,
    user: User,
    now: datetime,
    rules: PipelineRules,
    outbox: Outbox | None,
) -> Lead:
    """Move the lead by hand, under the procedure's rules (Perdido and No atendida have their own)."""
    ensure_may_work(lead, user)
    if LeadStage(lead.stage) == change.stage:  # sent twice: already done
        return lead
    LEAD_TRANSITIONS.check(LeadStage(lead.stage), change.stage)
    if not moves_by_hand(LeadStage(lead.stage), change.stage):
        raise DomainError("Pre-venta y Venta siguen a la solicitud del lead: registra, anula o reingresa la solicitud")
    if change.stage == LeadStage.LOST:
        refusal = lost_refusal(db=db, lead=lead, now=now, rules=rules)
        if refusal:
            raise DomainError(refusal)
        close_as_lost(db=db, lead=lead, now=now, outbox=outbox, actor=user.email)
    elif change.stage == LeadStage.UNATTENDED:
        if change.unattended_reason is None:
            raise DomainError("Indica por qué la solicitud no se puede atender (unattended_reason)")
        closing = LeadClosing(reason=change.unattended_reason, detail=change.reason)
        lead_service.close_unattended(db=db, conversation_id=lead.conversation_id, closing=closing, actor=user.email)
    else:
        lead_service.move(lead, change.stage, reason=change.reason, actor=user.email, at=now)
    mark_worked(db=db, lead=lead, now=now)
    audit.record(db=db, actor=user, action="lead.stage", subject=f"lead:{lead.id}", stage=change.stage)
    db.flush()
    return lead


def reassign(*, db: Session, lead: Lead, to_user_id: int, by: User, now: datetime, rules: PipelineRules) -> Lead:
    """A supervisor gives the lead to another executive, with a fresh deadline."""
    target = db.get(User, to_user_id)
    if target is None or not target.is_active or target.role != Role.EXECUTIVE:
        raise DomainError("Los leads solo se asignan a un ejecutivo activo")
    assignment.give(
        db=db,
        lead=lead,
        user=target,
        now=now,
        hours=rules.hours,
        sla=rules.sla,
        by=by.email,
        reason="Reasignado por supervisión",
    )
    audit.record(db=db, actor=by, action="lead.reassign", subject=f"lead:{lead.id}", to_user_id=target.id)
    return lead


def history(*, db: Session, lead: Lead) -> tuple[list[ContactAttempt], list[LeadAssignment]]:
    attempts = db.scalars(select(ContactAttempt).where(ContactAttempt.lead_id == lead.id).order_by(ContactAttempt.id))
    assignments = db.scalars(
        select(LeadAssignment).where(LeadAssignment.lead_id == lead.id).order_by(LeadAssignment.id)
    )
    return list(attempts), list(assignments.unique())


def followed_leads(*, db: Session, user: User, limit: int = 200) -> list[Lead]:
    """The leads an executive owns; for supervisors, every followed lead and the open ones nobody owns (to be
    assigned by hand), newest activity first."""
    if user.role == Role.EXECUTIVE:
        query = select(Lead).where(Lead.owner_id == user.id)
    else:
        query = select(Lead).where(or_(Lead.owner_id.is_not(None), Lead.stage.in_(OPEN_STAGES)))
    return list(db.scalars(query.order_by(Lead.updated_at.desc()).limit(limit)).unique())
