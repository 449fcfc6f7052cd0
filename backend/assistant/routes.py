"""Endpoints for the assistant's action server, behind the shared assistant token."""

from fastapi import APIRouter, Response, status

from backend.deps import AssistantAuth, SessionDep
from backend.leads import service as lead_service
from backend.leads.schemas import LeadCapture, LeadClosing, LeadPublic
from backend.orders import service as order_service
from backend.orders.schemas import OrderCreate, OrderPublic

router = APIRouter(prefix="/assistant", tags=["assistant"], dependencies=[AssistantAuth])


@router.put("/leads/{conversation_id}")
def capture_lead(conversation_id: str, data: LeadCapture, db: SessionDep) -> LeadPublic:
    """Create or update the conversation's lead with what the customer said."""
    lead = lead_service.capture(db=db, conversation_id=conversation_id, data=data)
    return LeadPublic.model_validate(lead)


@router.post("/leads/{conversation_id}/unattended")
def close_unattended(conversation_id: str, closing: LeadClosing, db: SessionDep) -> LeadPublic:
    """Record that the request cannot be attended (no coverage, offer declined)."""
    lead = lead_service.close_unattended(db=db, conversation_id=conversation_id, closing=closing)
    return LeadPublic.model_validate(lead)


@router.post("/orders", status_code=status.HTTP_201_CREATED)
def create_order(data: OrderCreate, db: SessionDep, response: Response) -> OrderPublic:
    """Register the confirmed request in Pre-venta (the same order again if already registered)."""
    order, created = order_service.create(db=db, data=data)
    if not created:
        response.status_code = status.HTTP_200_OK
    return OrderPublic.model_validate(order)
