"""Free installation slots in a zone, booking them (never twice), and what happens to a visit afterwards."""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.business_hours import BusinessHours, public_holidays
from backend.database import from_db, to_db
from backend.errors import DomainError, NotFound
from backend.installations.models import Closure, Crew, InstallationDuration, SlotBooking, Visit, VisitStatus
from backend.leads.models import Lead
from backend.orders import service as order_service
from backend.orders.models import Order, OrderState
from backend.stock import service as stock

SLOT = timedelta(hours=1)


class SlotTaken(DomainError):
    """Someone else booked that time a moment ago."""


@dataclass(frozen=True)
class SchedulingRules:
    """The company's time zone and country (for holidays), how far ahead visits are offered, and a default duration."""

    zone: ZoneInfo
    country: str = "BO"
    horizon_days: int = 30
    default_minutes: int = 120


@dataclass(frozen=True)
class Opening:
    """A start time a customer can choose, with the crews free for the whole visit."""

    starts_at: datetime  # in the company's time zone
    ends_at: datetime
    crew_ids: tuple[int, ...]


REMINDER_MIN_NOTICE = timedelta(hours=12)  # a visit booked closer to it than this is not reminded


def duration_of(*, db: Session, technology: str, rules: SchedulingRules) -> timedelta:
    """How long an installation of this technology takes."""
    minutes = db.scalar(select(InstallationDuration.minutes).where(InstallationDuration.technology == technology))
    return timedelta(minutes=minutes or rules.default_minutes)


def closed_days(*, db: Session, crew: Crew, start: date, end: date, rules: SchedulingRules) -> set[date]:
    """Public holidays and staff closures (company-wide or of this crew) between `start` and `end`."""
    public = {day for year in range(start.year, end.year + 1) for day in public_holidays(rules.country, year)}
    closures = db.scalars(
        select(Closure.day).where(
            Closure.day >= start, Closure.day <= end, (Closure.crew_id.is_(None)) | (Closure.crew_id == crew.id)
        )
    )
    return {day for day in public if start <= day <= end} | set(closures)


def crew_openings(
    *, db: Session, crew: Crew, duration: timedelta, first_day: date, last_day: date, rules: SchedulingRules
) -> list[datetime]:
    """Start times (company zone) when `crew` is free for `duration`, on its working days and hours."""
    hours = BusinessHours.parse(crew.working_hours, str(rules.zone), rules.country).schedule
    closed = closed_days(db=db, crew=crew, start=first_day, end=last_day, rules=rules)
    window_start = datetime.combine(first_day, time.min, tzinfo=rules.zone)
    window_end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=rules.zone)
    taken = {
        from_db(slot, rules.zone)
        for slot in db.scalars(
            select(SlotBooking.slot_start).where(
                SlotBooking.crew_id == crew.id,
                SlotBooking.slot_start >= to_db(window_start),
                SlotBooking.slot_start < to_db(window_end),
            )
        )
    }
    needed = math.ceil(duration / SLOT)
    starts = []
    day = first_day
    while day <= last_day:
        if day.weekday() in hours and day not in closed:
            opens, closes = hours[day.weekday()]
            start = datetime.combine(day, opens, tzinfo=rules.zone)
            closing = datetime.combine(day, closes, tzinfo=rules.zone)
            while start + duration <= closing:
                if all(start + i * SLOT not in taken for i in range(needed)):
                    starts.append(start)
                start += SLOT
        day += timedelta(days=1)
    return starts


def openings(
    *,
    db: Session,
    zone_id: int,
    technology: str,
    now: datetime,
    rules: SchedulingRules,
    limit: int = 3,
    skip: int = 0,
    wished: tuple[datetime, datetime] | None = None,
) -> list[Opening]:
    """The next start times in the zone (from tomorrow), each with the crews free then; `skip` pages on.

    With a `wished` window, the times within it; when it has none, the nearest ones after its start.
    """
    duration = duration_of(db=db, technology=technology, rules=rules)
    first_day = now.astimezone(rules.zone).date() + timedelta(days=1)
    last_day = first_day + timedelta(days=rules.horizon_days)
    by_start: dict[datetime, list[int]] = {}
    for crew in crews_serving(db=db, zone_id=zone_id):
        for start in crew_openings(
            db=db, crew=crew, duration=duration, first_day=first_day, last_day=last_day, rules=rules
        ):
            by_start.setdefault(start, []).append(crew.id)
    starts = sorted(by_start)
    if wished is not None:
        after = [start for start in starts if start >= wished[0]]
        starts = [start for start in after if start < wished[1]] or after
    chosen = starts[skip : skip + limit]
    return [Opening(start, start + duration, tuple(by_start[start])) for start in chosen]


def crews_serving(*, db: Session, zone_id: int) -> list[Crew]:
    """Active crews that install in this coverage zone."""
    crews = db.scalars(select(Crew).where(Crew.is_active).order_by(Crew.name))
    return [crew for crew in crews if any(zone.id == zone_id for zone in crew.zones)]


def book(*, db: Session, order: Order, starts_at: datetime, rules: SchedulingRules, now: datetime) -> Visit:
    """Book the visit of `order` at `starts_at` with a crew free then; SlotTaken if none is any more."""
    if not schedulable(order):
        state = OrderState(order.state).label
        raise DomainError(f"La solicitud {order.number} está en {state}; solo se instalan ventas")
    if active_visit(db=db, order_id=order.id) is not None:
        raise DomainError(f"La solicitud {order.number} ya tiene una visita; reprográmala")
    technology = order.plan.technology
    duration = duration_of(db=db, technology=technology, rules=rules)
    local_start = starts_at.astimezone(rules.zone)
    offered = openings(db=db, zone_id=order.coverage_zone_id, technology=technology, now=now, rules=rules, limit=10_000)
    match = next((opening for opening in offered if opening.starts_at == local_start), None)
    if match is None:
        raise SlotTaken("Ese horario ya no está disponible")
    for crew_id in match.crew_ids:
        visit = Visit(
            order_id=order.id, crew_id=crew_id, starts_at=to_db(local_start), ends_at=to_db(local_start + duration)
        )
        try:
            with db.begin_nested():
                db.add(visit)
                db.flush()
                for i in range(math.ceil(duration / SLOT)):
                    db.add(SlotBooking(crew_id=crew_id, slot_start=to_db(local_start + i * SLOT), visit_id=visit.id))
                db.flush()
            return visit
        except IntegrityError:  # booked by someone else at the same instant: try the next crew
            continue
    raise SlotTaken("Ese horario se acaba de ocupar")


def active_visit(*, db: Session, order_id: int) -> Visit | None:
    return db.scalar(select(Visit).where(Visit.order_id == order_id, Visit.status == VisitStatus.SCHEDULED))


def get_visit(*, db: Session, visit_id: int) -> Visit:
    visit = db.get(Visit, visit_id)
    if visit is None:
        raise NotFound(f"No existe la visita {visit_id}")
    return visit


def release(*, db: Session, visit: Visit, status: VisitStatus) -> None:
    """End a scheduled visit and give its crew hours back."""
    if visit.status != VisitStatus.SCHEDULED:
        raise DomainError(f"La visita ya está {VisitStatus(visit.status).label}")
    visit.status = status
    db.execute(delete(SlotBooking).where(SlotBooking.visit_id == visit.id))


def cancel(*, db: Session, visit: Visit) -> None:
    """The customer or staff cancelled the visit."""
    release(db=db, visit=visit, status=VisitStatus.CANCELLED)


def reschedule(*, db: Session, visit: Visit, starts_at: datetime, rules: SchedulingRules, now: datetime) -> Visit:
    """Move the visit: the new time is booked before the old one is released, in one transaction."""
    order = db.get_one(Order, visit.order_id)
    release(db=db, visit=visit, status=VisitStatus.CANCELLED)
    return book(db=db, order=order, starts_at=starts_at, rules=rules, now=now)


def mark_done(*, db: Session, visit: Visit, record: dict[str, Any], actor: str) -> Order:
    """The installation was made: keep its record (Acta de Implementación) and close the order as Atendida/Cerrada."""
    release(db=db, visit=visit, status=VisitStatus.DONE)
    visit.record = record
    order = db.get_one(Order, visit.order_id)
    order_service.move(order, OrderState.CLOSED, reason="Instalación realizada (Acta de Implementación)", actor=actor)
    stock.consume(db, order)
    return order


def mark_failed(*, db: Session, visit: Visit, reason: str) -> None:
    """The visit could not install: note why; the order goes back to scheduling."""
    release(db=db, visit=visit, status=VisitStatus.FAILED)
    visit.failure_reason = reason


def due_reminders(*, db: Session, now: datetime, rules: SchedulingRules) -> list[Visit]:
    """Scheduled visits of tomorrow (company time) whose reminder has not gone out; a visit booked less than
    `REMINDER_MIN_NOTICE` before it needs none (the customer has just chosen it)."""
    tomorrow = now.astimezone(rules.zone).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, time.min, tzinfo=rules.zone)
    visits = db.scalars(
        select(Visit).where(
            Visit.status == VisitStatus.SCHEDULED,
            Visit.reminder_sent_at.is_(None),
            Visit.starts_at >= to_db(start),
            Visit.starts_at < to_db(start + timedelta(days=1)),
        )
    )
    return [visit for visit in visits if visit.starts_at - visit.created_at >= REMINDER_MIN_NOTICE]


def schedulable(order: Order) -> bool:
    """Sold orders (Venta: paid, or postpaid accepted) are installed."""
    return order.state == OrderState.SALE


def order_to_install(*, db: Session, conversation_id: str) -> Order | None:
    """The conversation's latest order that can be (or is being) installed."""
    orders = db.scalars(
        select(Order).join(Order.lead).where(Lead.conversation_id == conversation_id).order_by(Order.id.desc())
    )
    return next((order for order in orders.unique() if schedulable(order)), None)


def check_working_hours(spec: str, rules: SchedulingRules) -> None:
    """Refuse working hours that cannot be read, with the reason."""
    try:
        BusinessHours.parse(spec, str(rules.zone), rules.country)
    except ValueError as error:
        raise DomainError(str(error)) from error
