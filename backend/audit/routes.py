"""The staff action record, for supervisors."""

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from backend.audit import service as audit
from backend.auth import service as user_service
from backend.conversations.schemas import StaffSummary
from backend.deps import SessionDep, SessionRoute, Supervisor

router = APIRouter(route_class=SessionRoute, prefix="/audit", tags=["audit"])


class AuditEventPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    actor: StaffSummary
    action: str
    subject: str
    detail: dict[str, Any]
    at: datetime


@router.get("")
def list_events(
    db: SessionDep, _user: Supervisor, subject: str | None = None, limit: int = Query(default=200, ge=1, le=1000)
) -> list[AuditEventPublic]:
    """Who did what, latest first (optionally about one conversation or user)."""
    return [AuditEventPublic.model_validate(event) for event in audit.list_events(db=db, subject=subject, limit=limit)]


class FailedLoginPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    email: str
    address: str
    at: datetime
    refused: bool = False  # turned away unchecked, after too many failures


@router.get("/failed-logins")
def list_failed_logins(
    db: SessionDep, _user: Supervisor, limit: int = Query(default=200, ge=1, le=1000)
) -> list[FailedLoginPublic]:
    """Logins that failed, latest first: who was tried, from where."""
    return [FailedLoginPublic.model_validate(attempt) for attempt in user_service.failed_logins(db=db, limit=limit)]
