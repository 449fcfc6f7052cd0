"""Who gets a lead: the best converter among the executives serving its city, keeping the load fair."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from backend.auth.models import Role, User
from backend.business_hours import BusinessHours
from backend.database import to_db
from backend.leads.models import OPEN_STAGES, CustomerType, Lead, LeadStage
from backend.pipeline.models import LeadAssignment, Notification, NotificationKind

# An executive may hold this many more open leads than the least loaded one and still be chosen for conversion.
LOAD_SLACK = 2
SYSTEM = "sistema"


@dataclass(frozen=True)
class Candidate:
    """An executive as the assignment sees them."""

    user: User
    open_leads: int
    conversion: float


def serves(user: User, city: str | None) -> bool:
    """Whether `user` takes leads of `city` (an executive with no cities takes every city)."""
    return not user.cities or city is None or city.casefold() in {c.casefold() for c in user.cities}


def candidates(*, db: Session, city: str | None, excluding: set[int] = frozenset()) -> list[Candidate]:
    """The active executives serving `city`, with their open load and their conversion rate."""
    executives = [
        user
        for user in db.scalars(select(User).where(User.role == Role.EXECUTIVE, User.is_active.is_(True)))
        if user.id not in excluding and serves(user, city)
    ]
    if not executives:
        return []
    ids = [user.id for user in executives]
    open_load = dict(
        db.execute(
            select(Lead.owner_id, func.count())
            .where(Lead.owner_id.in_(ids), Lead.stage.in_(OPEN_STAGES))
            .group_by(Lead.owner_id)
        ).all()
    )
    owned = dict(
        db.execute(select(Lead.owner_id, func.count()).where(Lead.owner_id.in_(ids)).group_by(Lead.owner_id)).all()
    )
    sold = dict(
        db.execute(
            select(Lead.owner_id, func.count())
            .where(Lead.owner_id.in_(ids), Lead.stage == LeadStage.SALE)
            .group_by(Lead.owner_id)
        ).all()
    )
    # Smoothed so that a newcomer with no history is neither first nor starved.
    return [
        Candidate(
            user=user,
            open_leads=open_load.get(user.id, 0),
            conversion=(sold.get(user.id, 0) + 1) / (owned.get(user.id, 0) + 3),
        )
        for user in executives
    ]


def choose(options: list[Candidate]) -> Candidate | None:
    """Among those within `LOAD_SLACK` of the lightest load, the best converter (then the lighter, then the older)."""
    if not options:
        return None
    lightest = min(option.open_leads for option in options)
    fair = [option for option in options if option.open_leads <= lightest + LOAD_SLACK]
    return min(fair, key=lambda option: (-option.conversion, option.open_leads, option.user.id))


def needs_owner(lead: Lead) -> bool:
    """Open residential leads are followed by an executive; business leads go to the enterprise team."""
    return LeadStage(lead.stage).is_open and lead.customer_type != CustomerType.BUSINESS


def current(*, db: Session, lead: Lead) -> LeadAssignment | None:
    """The lead's assignment still running, if any."""
    return db.scalar(select(LeadAssignment).where(LeadAssignment.lead_id == lead.id, LeadAssignment.ended_at.is_(None)))


def give(
    *,
    db: Session,
    lead: Lead,
    user: User,
    now: datetime,
    hours: BusinessHours,
    sla: timedelta,
    by: str,
    reason: str,
    end_reason: str = "reassigned",
    only_if_unowned: bool = False,
) -> LeadAssignment | None:
    """Make `user` the lead's owner, due to work it within `sla` business time from `now`."""
    if only_if_unowned:  # another backend process may be assigning it at this very moment
        claimed = db.execute(
            update(Lead).where(Lead.id == lead.id, Lead.owner_id.is_(None)).values(owner_id=user.id)
        ).rowcount
        if not claimed:
            db.refresh(lead)
            return None
    previous = current(db=db, lead=lead)
    if previous is not None:
        previous.ended_at = to_db(now)
        previous.end_reason = end_reason
    assignment = LeadAssignment(
        lead_id=lead.id,
        user_id=user.id,
        assigned_at=to_db(now),
        due_at=to_db(hours.add(now, sla)),
        assigned_by=by,
        reason=reason,
    )
    db.add(assignment)
    lead.owner_id = user.id
    lead.owner = user
    db.flush()
    return assignment


def assign_automatically(
    *,
    db: Session,
    lead: Lead,
    now: datetime,
    hours: BusinessHours,
    sla: timedelta,
    reason: str,
    excluding: set[int] = frozenset(),
    end_reason: str = "reassigned",
    only_if_unowned: bool = False,
) -> LeadAssignment | None:
    """Give the lead to the best executive for it; without one, tell the supervisors (once per lead)."""
    chosen = choose(candidates(db=db, city=lead.city, excluding=excluding))
    if chosen is None:
        already = db.scalar(
            select(Notification.id).where(
                Notification.lead_id == lead.id, Notification.kind == NotificationKind.NO_EXECUTIVE
            )
        )
        if already is None:
            city = f" de {lead.city}" if lead.city else ""
            db.add(
                Notification(
                    kind=NotificationKind.NO_EXECUTIVE,
                    lead_id=lead.id,
                    text=f"No hay ejecutivos disponibles para el lead #{lead.id}{city}: asígnalo a mano.",
                    created_at=to_db(now),
                )
            )
        return None
    return give(
        db=db,
        lead=lead,
        user=chosen.user,
        now=now,
        hours=hours,
        sla=sla,
        by=SYSTEM,
        reason=reason,
        end_reason=end_reason,
        only_if_unowned=only_if_unowned,
    )
