"""The staff action record, for supervisors."""

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from backend.audit import service as audit
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
