"""The follow-up page: each executive's leads with their deadline, attempts and next moves; supervisors see all,
reassign, and read their notifications."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select

from backend.auth.models import Role, User
from backend.catalog import service as catalog_service
from backend.console.auth import AnsweringPage
from backend.console.routes import templates
from backend.database import from_db, utcnow
from backend.deps import SessionDep, SessionRoute, SettingsDep
from backend.leads.models import LeadStage, UnattendedReason
from backend.pipeline import service as pipeline_service
from backend.pipeline.models import ContactAttempt, LeadAssignment, Notification

router = APIRouter(route_class=SessionRoute, prefix="/console", include_in_schema=False)


def notices_for(db: SessionDep, user: User) -> list[Notification]:
    """Unread notices: every one for supervisors, an executive's own for them."""
    query = select(Notification).where(Notification.read_at.is_(None))
    if user.role not in (Role.SUPERVISOR, Role.ADMIN):
        query = query.where(Notification.user_id == user.id)
    return list(db.scalars(query.order_by(Notification.id.desc()).limit(50)))


@router.get("/leads")
def leads_page(request: Request, user: AnsweringPage, db: SessionDep, settings: SettingsDep) -> HTMLResponse:
    """Leads being followed, the ones whose deadline comes first on top."""
    zone = settings.business_hours().zone
    now = utcnow()
    leads = pipeline_service.followed_leads(db=db, user=user)
    ids = [lead.id for lead in leads]
    running = {
        a.lead_id: a
        for a in db.scalars(
            select(LeadAssignment).where(LeadAssignment.lead_id.in_(ids), LeadAssignment.ended_at.is_(None))
        )
    }
    attempts = dict(
        db.execute(
            select(ContactAttempt.lead_id, func.count())
            .where(ContactAttempt.lead_id.in_(ids))
            .group_by(ContactAttempt.lead_id)
        ).all()
    )
    rows = []
    for lead in leads:
        assignment = running.get(lead.id)
        due = from_db(assignment.due_at, zone) if assignment and assignment.worked_at is None else None
        stage = LeadStage(lead.stage)
        rows.append(
            {
                "lead": lead,
                "due": due,
                "overdue": due is not None and due <= now,
                "attempts": attempts.get(lead.id, 0),
                "next_stages": [s for s in LeadStage if pipeline_service.moves_by_hand(stage, s)],
            }
        )
    rows.sort(
        key=lambda row: (
            not LeadStage(row["lead"].stage).is_open,
            row["due"] is None,
            row["due"] or now,
        )
    )
    overseeing = user.role in (Role.SUPERVISOR, Role.ADMIN)
    context = {
        "user": user,
        "rows": rows,
        "overseeing": overseeing,
        "executives": list(
            db.scalars(
                select(User).where(User.role == Role.EXECUTIVE, User.is_active.is_(True)).order_by(User.full_name)
            )
        )
        if overseeing
        else [],
        "notifications": notices_for(db, user),
        "reasons": list(UnattendedReason),
        "plans": catalog_service.list_active(db=db),
        "zone": zone,
    }
    return templates.TemplateResponse(request, "leads.html", context)


@router.get("/leads/notices")
def notices_fragment(request: Request, user: AnsweringPage, db: SessionDep) -> HTMLResponse:
    context = {"user": user, "notifications": notices_for(db, user)}
    return templates.TemplateResponse(request, "_notices.html", context)
