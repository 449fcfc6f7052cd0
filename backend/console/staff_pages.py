"""Supervisors' pages: the audit record of staff actions, with filters, and the ready answers of the inbox."""

from datetime import date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from backend.audit.models import AuditEvent
from backend.auth import service as user_service
from backend.canned_replies import service as canned_service
from backend.console.auth import SupervisorPage
from backend.console.routes import templates
from backend.database import to_db
from backend.deps import SessionDep, SessionRoute, SettingsDep
from backend.listing import contains, page_count, total_of

router = APIRouter(route_class=SessionRoute, prefix="/console", include_in_schema=False)
PAGE_SIZE = 100


@router.get("/audit")
def audit_page(
    request: Request,
    user: SupervisorPage,
    db: SessionDep,
    settings: SettingsDep,
    action: Annotated[str, Query(max_length=60)] = "",
    actor_id: int | None = None,
    subject: Annotated[str, Query(max_length=200)] = "",
    start: date | None = None,
    end: date | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    """Who did what and when, latest first: by kind of action, member of staff, subject and dates (La Paz)."""
    zone = settings.business_hours().zone
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action.startswith(action.strip(), autoescape=True))
    if actor_id is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    if subject.strip():
        query = query.where(contains(AuditEvent.subject, subject.strip()))
    if start is not None:
        query = query.where(AuditEvent.at >= to_db(datetime.combine(start, time.min, tzinfo=zone)))
    if end is not None:
        query = query.where(AuditEvent.at < to_db(datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)))
    total = total_of(db, query, AuditEvent.id)
    events = db.scalars(query.order_by(AuditEvent.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    params = {"action": action, "actor_id": actor_id, "subject": subject, "start": start, "end": end}
    params = {key: value for key, value in params.items() if value not in (None, "")}
    context = {
        "user": user,
        "events": list(events),
        "filters": params,
        "total": total,
        "page": page,
        "pages": page_count(total, PAGE_SIZE),
        "page_url": lambda number: "/console/audit?" + urlencode({**params, "page": number}),
        "staff": user_service.list_users(db=db),
        "actions": list(db.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))),
    }
    return templates.TemplateResponse(request, "audit.html", context)


@router.get("/canned-replies")
def canned_replies_page(request: Request, user: SupervisorPage, db: SessionDep) -> HTMLResponse:
    """The ready answers executives insert with `/`."""
    context = {"user": user, "replies": canned_service.all_replies(db)}
    return templates.TemplateResponse(request, "canned_replies.html", context)
