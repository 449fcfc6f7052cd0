"""Leads, for sales staff."""

from fastapi import APIRouter, Query

from backend.deps import SalesStaff, SessionDep, SessionRoute
from backend.leads import service as lead_service
from backend.leads.models import CustomerType, LeadStage
from backend.leads.schemas import LeadPublic, LeadsPublic

router = APIRouter(route_class=SessionRoute, prefix="/leads", tags=["leads"])


@router.get("")
def list_leads(
    db: SessionDep,
    _user: SalesStaff,
    stage: LeadStage | None = None,
    customer_type: CustomerType | None = None,
    offset: int = Query(default=0, ge=0),
    limit: int = Query(default=100, ge=1, le=500),
) -> LeadsPublic:
    """Leads, newest activity first."""
    leads, total = lead_service.list_leads(db=db, stage=stage, customer_type=customer_type, offset=offset, limit=limit)
    return LeadsPublic(data=[LeadPublic.model_validate(lead) for lead in leads], count=total)
