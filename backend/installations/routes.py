"""Crews, closures and visits, for staff; the customer hears of every change on their channel."""

from datetime import date, datetime, time, timedelta

from fastapi import APIRouter, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.coverage.models import CoverageZone
from backend.database import run_in_transaction, to_db, utcnow
from backend.deps import Admin, Executive, OutboxDep, SessionDep, SessionRoute, Sessions, SettingsDep
from backend.errors import NotFound
from backend.followups import service as follow_ups
from backend.followups.kinds import PROMPT_ASSISTANT
from backend.installations import notices
from backend.installations import service as installation_service
from backend.installations.models import Closure, Crew, InstallationDuration, Visit
from backend.installations.notices import button_label
from backend.installations.schemas import (
    ClosureCreate,
    CrewCreate,
    CrewPublic,
    CrewUpdate,
    DurationSet,
    InstallationRecord,
    OpeningPublic,
    VisitBooking,
    VisitFailure,
    VisitPublic,
)
from backend.installations.views import rules_of, visit_public
from backend.orders.models import Order

router = APIRouter(route_class=SessionRoute, prefix="/installations", tags=["installations"])


def crew_public(crew: Crew) -> CrewPublic:
    public = CrewPublic.model_validate(crew)
    public.zone_names = [zone.name for zone in crew.zones]
    return public


@router.get("/crews")
def list_crews(db: SessionDep, _user: Executive) -> list[CrewPublic]:
    """Technician crews and the zones they serve."""
    return [crew_public(crew) for crew in db.scalars(select(Crew).order_by(Crew.name))]


@router.post("/crews", status_code=status.HTTP_201_CREATED)
def create_crew(data: CrewCreate, db: SessionDep, settings: SettingsDep, admin: Admin) -> CrewPublic:
    """Add a crew with its zones and working hours (e.g. `mon-fri 08:00-17:00; sat 08:00-12:00`)."""
    installation_service.check_working_hours(data.working_hours, rules_of(settings))
    zones = list(db.scalars(select(CoverageZone).where(CoverageZone.id.in_(data.zone_ids))))
    if len(zones) != len(set(data.zone_ids)):
        raise NotFound("No existe la zona de cobertura")
    crew = Crew(name=data.name, working_hours=data.working_hours, zones=zones)
    db.add(crew)
    db.flush()
    audit.record(db=db, actor=admin, action="crew.create", subject=f"crew:{crew.id}")
    return crew_public(crew)


@router.patch("/crews/{crew_id}")
def update_crew(crew_id: int, data: CrewUpdate, db: SessionDep, settings: SettingsDep, admin: Admin) -> CrewPublic:
    """Change a crew's hours or zones, or take it off the calendar (its booked visits stay)."""
    crew = db.get(Crew, crew_id)
    if crew is None:
        raise NotFound(f"No existe la cuadrilla {crew_id}")
    if data.working_hours is not None:
        installation_service.check_working_hours(data.working_hours, rules_of(settings))
        crew.working_hours = data.working_hours
    if data.zone_ids is not None:
        crew.zones = list(db.scalars(select(CoverageZone).where(CoverageZone.id.in_(data.zone_ids))))
    if data.is_active is not None:
        crew.is_active = data.is_active
    audit.record(
        db=db,
        actor=admin,
        action="crew.update",
        subject=f"crew:{crew.id}",
        fields=sorted(data.model_dump(exclude_unset=True)),
    )
    return crew_public(crew)


@router.put("/durations/{technology}")
def set_duration(technology: str, data: DurationSet, db: SessionDep, admin: Admin) -> dict[str, int | str]:
    """How long an installation of `technology` takes (e.g. `Fibra óptica`)."""
    duration = db.scalar(select(InstallationDuration).where(InstallationDuration.technology == technology))
    if duration is None:
        duration = InstallationDuration(technology=technology, minutes=data.minutes)
        db.add(duration)
    duration.minutes = data.minutes
    audit.record(db=db, actor=admin, action="duration.set", subject=f"technology:{technology}", minutes=data.minutes)
    return {"technology": technology, "minutes": data.minutes}


@router.post("/closures", status_code=status.HTTP_201_CREATED)
def add_closure(data: ClosureCreate, db: SessionDep, admin: Admin) -> dict[str, int]:
    """Close a day for installations (the whole company, or one crew)."""
    closure = Closure(day=data.day, crew_id=data.crew_id, reason=data.reason)
    db.add(closure)
    db.flush()
    audit.record(db=db, actor=admin, action="closure.create", subject=f"closure:{closure.id}", day=str(data.day))
    return {"id": closure.id}


@router.get("/visits")
def list_visits(
    db: SessionDep, settings: SettingsDep, _user: Executive, start: date, days: int = 7, crew_id: int | None = None
) -> list[VisitPublic]:
    """Visits from `start` for `days` days (company time), per crew if asked."""
    rules = rules_of(settings)
    begin = datetime.combine(start, time.min, tzinfo=rules.zone)
    query = select(Visit).where(
        Visit.starts_at >= to_db(begin),
        Visit.starts_at < to_db(begin + timedelta(days=days)),
    )
    if crew_id is not None:
        query = query.where(Visit.crew_id == crew_id)
    return [visit_public(visit, rules) for visit in db.scalars(query.order_by(Visit.starts_at))]


@router.get("/orders/{order_id}/openings")
def order_openings(order_id: int, db: SessionDep, settings: SettingsDep, _user: Executive) -> list[OpeningPublic]:
    """The next times an order can be installed at."""
    order = db.get(Order, order_id)
    if order is None:
        raise NotFound(f"No existe la solicitud {order_id}")
    found = installation_service.openings(
        db=db,
        zone_id=order.coverage_zone_id,
        technology=order.plan.technology,
        now=utcnow(),
        rules=rules_of(settings),
        limit=20,
    )
    return [OpeningPublic(starts_at=o.starts_at, ends_at=o.ends_at, label=button_label(o.starts_at)) for o in found]


@router.post("/visits/{visit_id}/reschedule")
def reschedule_visit(
    visit_id: int, booking: VisitBooking, db: SessionDep, settings: SettingsDep, user: Executive, outbox: OutboxDep
) -> VisitPublic:
    """Move a visit; the customer is told the new time."""
    rules = rules_of(settings)
    old = installation_service.get_visit(db=db, visit_id=visit_id)
    visit = installation_service.reschedule(db=db, visit=old, starts_at=booking.starts_at, rules=rules, now=utcnow())
    public = visit_public(visit, rules)
    notices.tell_customer(
        db=db,
        outbox=outbox,
        order=db.get_one(Order, visit.order_id),
        text=notices.rescheduled(public.window),
    )
    audit.record(db=db, actor=user, action="visit.reschedule", subject=f"visit:{old.id}", to_visit=visit.id)
    return public


@router.post("/visits/{visit_id}/cancel")
def cancel_visit(
    visit_id: int, db: SessionDep, settings: SettingsDep, user: Executive, outbox: OutboxDep
) -> VisitPublic:
    """Cancel a visit; the customer is told."""
    visit = installation_service.get_visit(db=db, visit_id=visit_id)
    installation_service.cancel(db=db, visit=visit)
    public = visit_public(visit, rules_of(settings))
    notices.tell_customer(
        db=db,
        outbox=outbox,
        order=db.get_one(Order, visit.order_id),
        text=notices.cancelled(public.window),
    )
    audit.record(db=db, actor=user, action="visit.cancel", subject=f"visit:{visit.id}")
    return public


@router.post("/visits/{visit_id}/done")
def complete_visit(
    visit_id: int,
    record: InstallationRecord,
    db: SessionDep,
    settings: SettingsDep,
    user: Executive,
    outbox: OutboxDep,
) -> VisitPublic:
    """The installation was made: its record is kept and the order is Atendida/Cerrada."""
    visit = installation_service.get_visit(db=db, visit_id=visit_id)
    order = installation_service.mark_done(db=db, visit=visit, record=record.model_dump(), actor=user.email)
    notices.tell_customer(db=db, outbox=outbox, order=order, text=notices.done(order.number or ""))
    audit.record(db=db, actor=user, action="visit.done", subject=f"visit:{visit.id}")
    return visit_public(visit, rules_of(settings))


@router.post("/visits/{visit_id}/failed")
async def fail_visit(
    visit_id: int, failure: VisitFailure, settings: SettingsDep, user: Executive, sessions: Sessions, outbox: OutboxDep
) -> VisitPublic:
    """The visit could not install: the reason is kept, the customer is told and offered new times."""

    def record_failure(db: Session) -> VisitPublic:
        visit = installation_service.get_visit(db=db, visit_id=visit_id)
        installation_service.mark_failed(db=db, visit=visit, reason=failure.reason)
        order = db.get_one(Order, visit.order_id)
        notices.tell_customer(db=db, outbox=outbox, order=order, text=notices.failed(failure.reason))
        follow_ups.schedule(db, PROMPT_ASSISTANT, conversation_id=order.lead.conversation_id, intent="schedule_visit")
        audit.record(db=db, actor=user, action="visit.failed", subject=f"visit:{visit.id}", reason=failure.reason)
        return visit_public(visit, rules_of(settings))

    public = await run_in_transaction(sessions, record_failure)
    return public
