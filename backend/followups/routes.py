"""The follow-ups given up on, for supervisors: what the product could not do after a change, and why."""

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from backend.deps import SessionDep, SessionRoute, Supervisor
from backend.followups import service

router = APIRouter(route_class=SessionRoute, prefix="/follow-ups", tags=["follow-ups"])


class FollowUpPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    error: str | None
    created_at: datetime


@router.get("/failed")
def list_failed(
    db: SessionDep, _user: Supervisor, limit: int = Query(default=100, ge=1, le=500)
) -> list[FollowUpPublic]:
    """Newest first."""
    return [FollowUpPublic.model_validate(follow_up) for follow_up in service.failed(db, limit=limit)]
