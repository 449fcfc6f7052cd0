"""Scheduling the installation from the conversation (the assistant's action server)."""

from datetime import timedelta

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from backend.database import utcnow
from backend.deps import AssistantAuth, SessionDep, SessionRoute, SettingsDep
from backend.errors import DomainError
from backend.installations import service as installation_service
from backend.installations.notices import button_label
from backend.installations.schemas import OpeningPublic, OpeningsPublic, VisitBooking, VisitPublic
from backend.installations.views import rules_of, visit_public

router = APIRouter(
    route_class=SessionRoute, prefix="/assistant/conversations", tags=["assistant"], dependencies=[AssistantAuth]
)


@router.get("/{conversation_id}/visit-openings")
def list_openings(
    conversation_id: str,
    db: SessionDep,
    settings: SettingsDep,
    skip: int = Query(default=0, ge=0, le=300),
    wished_from: AwareDatetime | None = None,
    wished_until: AwareDatetime | None = None,
) -> OpeningsPublic:
    """The next visit times for the conversation's order, a few at a time; within the wished time when given
    (else the nearest after it)."""
    order = installation_service.order_to_install(db=db, conversation_id=conversation_id)
    if order is None:
        return OpeningsPublic(order_number=None, zone=None, openings=[], schedulable=False)
    rules = rules_of(settings)
    wished = (wished_from, wished_until or wished_from + timedelta(days=1)) if wished_from else None
    found = installation_service.openings(
        db=db,
        zone_id=order.coverage_zone_id,
        technology=order.plan.technology,
        now=utcnow(),
        rules=rules,
        skip=skip,
        wished=wished,
    )
    current = installation_service.active_visit(db=db, order_id=order.id)
    return OpeningsPublic(
        order_number=order.number,
        zone=order.coverage_zone.name,
        schedulable=True,
        openings=[
            OpeningPublic(starts_at=o.starts_at, ends_at=o.ends_at, label=button_label(o.starts_at)) for o in found
        ],
        current=visit_public(current, rules) if current else None,
    )


@router.put("/{conversation_id}/visit")
def book_visit(conversation_id: str, booking: VisitBooking, db: SessionDep, settings: SettingsDep) -> VisitPublic:
    """Book the chosen time, or move the visit already booked to it."""
    order = installation_service.order_to_install(db=db, conversation_id=conversation_id)
    if order is None:
        raise DomainError("No hay una venta que instalar en esta conversación")
    rules = rules_of(settings)
    current = installation_service.active_visit(db=db, order_id=order.id)
    if current is not None:
        visit = installation_service.reschedule(
            db=db, visit=current, starts_at=booking.starts_at, rules=rules, now=utcnow()
        )
    else:
        visit = installation_service.book(db=db, order=order, starts_at=booking.starts_at, rules=rules, now=utcnow())
    return visit_public(visit, rules)


@router.delete("/{conversation_id}/visit")
def cancel_visit(conversation_id: str, db: SessionDep, settings: SettingsDep) -> VisitPublic:
    """Cancel the booked visit."""
    order = installation_service.order_to_install(db=db, conversation_id=conversation_id)
    visit = installation_service.active_visit(db=db, order_id=order.id) if order else None
    if visit is None:
        raise DomainError("No hay una visita agendada que cancelar")
    installation_service.cancel(db=db, visit=visit)
    return visit_public(visit, rules_of(settings))
