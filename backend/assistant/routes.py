"""Endpoints for the assistant's action server, behind the shared assistant token."""

from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel

from backend.business_hours import spanish_moment
from backend.database import utcnow
from backend.deps import AssistantAuth, SessionDep, SessionRoute, SettingsDep
from backend.errors import NotFound
from backend.handoff import service as handoff_service
from backend.leads import service as lead_service
from backend.leads.schemas import LeadCapture, LeadClosing, LeadPublic
from backend.orders import service as order_service
from backend.orders.routes import contract_url
from backend.orders.schemas import OrderCreate, RegisteredOrder
from backend.pipeline import sla
from backend.pipeline.rules import rules_of

router = APIRouter(route_class=SessionRoute, prefix="/assistant", tags=["assistant"], dependencies=[AssistantAuth])


@router.put("/leads/{conversation_id}")
def capture_lead(conversation_id: str, data: LeadCapture, db: SessionDep, settings: SettingsDep) -> LeadPublic:
    """Create or update the conversation's lead with what the customer said."""
    lead = lead_service.capture(db=db, conversation_id=conversation_id, data=data)
    sla.assign_if_waiting(db=db, lead=lead, now=utcnow(), rules=rules_of(settings))
    return LeadPublic.model_validate(lead)


@router.get("/leads/{conversation_id}")
def read_lead(conversation_id: str, db: SessionDep) -> LeadPublic:
    """What the back office knows of the conversation's lead (to take a sale up where it stopped)."""
    lead = lead_service.get_by_conversation(db=db, conversation_id=conversation_id)
    if lead is None:
        raise NotFound(f"La conversación {conversation_id} no tiene lead")
    return LeadPublic.model_validate(lead)


@router.post("/leads/{conversation_id}/unattended")
def close_unattended(conversation_id: str, closing: LeadClosing, db: SessionDep) -> LeadPublic:
    """Record that the request cannot be attended (no coverage, offer declined)."""
    lead = lead_service.close_unattended(db=db, conversation_id=conversation_id, closing=closing)
    return LeadPublic.model_validate(lead)


@router.post("/orders", status_code=status.HTTP_201_CREATED)
def create_order(
    data: OrderCreate, db: SessionDep, response: Response, request: Request, settings: SettingsDep
) -> RegisteredOrder:
    """Register the confirmed request in Pre-venta (the same order again if already registered), with the
    customer's link to its contract."""
    order, created = order_service.create(db=db, data=data)
    if not created:
        response.status_code = status.HTTP_200_OK
    url = contract_url(settings, request, order.number or "")
    return RegisteredOrder.model_validate(order).model_copy(update={"contract_url": url})


class Availability(BaseModel):
    """Whether the sales team is at work now, and when it will be."""

    open: bool
    hours: str
    next_opening: str
    next_opening_at: datetime


@router.post("/conversations/{conversation_id}/human-request")
def request_human(conversation_id: str, db: SessionDep, settings: SettingsDep) -> Availability:
    """The customer asked for a person: flag the conversation and say when someone will answer."""
    handoff_service.request_human(db=db, conversation_id=conversation_id)
    hours = settings.business_hours()
    now = utcnow().astimezone(ZoneInfo(settings.BUSINESS_TIMEZONE))
    opening = hours.next_opening(now)
    return Availability(
        open=hours.is_open(now),
        hours=hours.describe(),
        next_opening=spanish_moment(opening, now),
        next_opening_at=opening,
    )
