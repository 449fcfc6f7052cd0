"""The sales pipeline for staff: registering leads, contact attempts, stage moves, reassignment, notifications."""

from fastapi import APIRouter, Query, status
from sqlalchemy import select

from backend.auth.models import Role
from backend.database import to_db, utcnow
from backend.deps import Executive, OutboxDep, SessionDep, SessionRoute, SettingsDep, Supervisor
from backend.errors import NotFound
from backend.leads.ownership import ensure_may_work
from backend.leads.schemas import LeadPublic
from backend.pipeline import service as pipeline_service
from backend.pipeline.models import Notification
from backend.pipeline.rules import rules_of
from backend.pipeline.schemas import (
    AssignmentChange,
    AssignmentPublic,
    AttemptCreate,
    AttemptPublic,
    LeadFollowUp,
    LeadRegistration,
    NotificationPublic,
    QuoteCreate,
    QuotePublic,
    StageChange,
    StageChangePublic,
)
from backend.quotes import service as quote_service

router = APIRouter(route_class=SessionRoute, prefix="/pipeline/leads", tags=["pipeline"])
notifications_router = APIRouter(route_class=SessionRoute, prefix="/notifications", tags=["pipeline"])


def follow_up(db: SessionDep, lead_id: int) -> LeadFollowUp:
    lead = pipeline_service.get(db=db, lead_id=lead_id)
    attempts, assignments = pipeline_service.history(db=db, lead=lead)
    return LeadFollowUp(
        lead=LeadPublic.model_validate(lead),
        owner_id=lead.owner_id,
        owner_name=lead.owner_name,
        history=[StageChangePublic.model_validate(change) for change in lead.stage_changes],
        attempts=[AttemptPublic.model_validate(attempt) for attempt in attempts],
        assignments=[AssignmentPublic.model_validate(assignment) for assignment in assignments],
        quotes=[QuotePublic.model_validate(quote) for quote in quote_service.of_lead(db=db, lead=lead)],
    )


@router.post("", status_code=status.HTTP_201_CREATED)
def register_lead(data: LeadRegistration, db: SessionDep, settings: SettingsDep, user: Executive) -> LeadFollowUp:
    """A lead found outside the chat: Nuevo, and given to the best executive for its city."""
    lead = pipeline_service.register(db=db, data=data, user=user, now=utcnow(), rules=rules_of(settings))
    return follow_up(db, lead.id)


@router.get("/{lead_id}")
def read_lead(lead_id: int, db: SessionDep, user: Executive) -> LeadFollowUp:
    """The lead with its owner, stage history, contact attempts and assignments (an executive: their own)."""
    ensure_may_work(pipeline_service.get(db=db, lead_id=lead_id), user)
    return follow_up(db, lead_id)


@router.post("/{lead_id}/attempts", status_code=status.HTTP_201_CREATED)
def record_attempt(lead_id: int, data: AttemptCreate, db: SessionDep, user: Executive) -> LeadFollowUp:
    """A try at reaching the customer: answered → En proceso, not answered → No contesta."""
    lead = pipeline_service.get(db=db, lead_id=lead_id)
    pipeline_service.record_attempt(db=db, lead=lead, data=data, user=user, now=utcnow())
    return follow_up(db, lead_id)


@router.post("/{lead_id}/quotes", status_code=status.HTTP_201_CREATED)
def quote_lead(lead_id: int, data: QuoteCreate, db: SessionDep, user: Executive, outbox: OutboxDep) -> LeadFollowUp:
    """A quote (proforma) of a plan, sent to the customer on their channel unless `send` is false."""
    lead = pipeline_service.get(db=db, lead_id=lead_id)
    pipeline_service.quote(
        db=db, lead=lead, plan_code=data.plan_code, send=data.send, user=user, now=utcnow(), outbox=outbox
    )
    return follow_up(db, lead_id)


@router.post("/{lead_id}/stage")
def change_stage(
    lead_id: int, change: StageChange, db: SessionDep, settings: SettingsDep, user: Executive, outbox: OutboxDep
) -> LeadFollowUp:
    """Move the lead; moves the procedure does not allow are refused (409) with the reason."""
    lead = pipeline_service.get(db=db, lead_id=lead_id)
    pipeline_service.change_stage(
        db=db, lead=lead, change=change, user=user, now=utcnow(), rules=rules_of(settings), outbox=outbox
    )
    return follow_up(db, lead_id)


@router.post("/{lead_id}/assignment")
def reassign_lead(
    lead_id: int, change: AssignmentChange, db: SessionDep, settings: SettingsDep, user: Supervisor
) -> LeadFollowUp:
    """Give the lead to another executive by hand (supervisors)."""
    lead = pipeline_service.get(db=db, lead_id=lead_id)
    pipeline_service.reassign(
        db=db, lead=lead, to_user_id=change.user_id, by=user, now=utcnow(), rules=rules_of(settings)
    )
    return follow_up(db, lead_id)


@notifications_router.get("")
def list_notifications(
    db: SessionDep, user: Executive, unread: bool = False, limit: int = Query(default=100, ge=1, le=500)
) -> list[NotificationPublic]:
    """What staff must know, newest first: for supervisors leads not worked in time, lost, or that nobody could
    take; for an executive what concerns them (a request the backoffice returned)."""
    query = select(Notification).order_by(Notification.id.desc()).limit(limit)
    if user.role == Role.EXECUTIVE:
        query = query.where(Notification.user_id == user.id)
    if unread:
        query = query.where(Notification.read_at.is_(None))
    return [NotificationPublic.model_validate(n) for n in db.scalars(query)]


@notifications_router.post("/{notification_id}/read")
def mark_read(notification_id: int, db: SessionDep, user: Executive) -> NotificationPublic:
    notification = db.get(Notification, notification_id)
    if notification is None or (user.role == Role.EXECUTIVE and notification.user_id != user.id):
        raise NotFound(f"No existe el aviso {notification_id}")
    notification.read_at = notification.read_at or to_db(utcnow())
    return NotificationPublic.model_validate(notification)
