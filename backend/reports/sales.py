"""The digital sales report (§26, and 001's reports): leads, quotes, orders and sales per channel, executive
and plan; the conversion funnel; handling times; answered conversations; sales per executive per day."""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from backend.auth.models import Role, User
from backend.backoffice.models import BackofficeCheck, CheckState
from backend.business_hours import BusinessHours
from backend.conversations.models import Conversation, Direction, Message
from backend.leads.models import Lead
from backend.leads.service import ASSISTANT
from backend.orders.models import Order, OrderState
from backend.payments.models import Payment
from backend.pipeline.models import LeadAssignment
from backend.quotes.models import Quote
from backend.reports.period import ReportFilter

MEASURES = ("leads", "quotes", "orders", "sales")
UNASSIGNED = "Sin asignar"
SOLD_STATES = (OrderState.SALE, OrderState.CLOSED)


@dataclass
class Breakdown:
    """Leads, quotes, orders and sales counted per key (a channel, an executive or a plan)."""

    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, key: str, measure: str) -> None:
        self.counts[key][measure] += 1

    def rows(self) -> list[dict[str, int | str]]:
        return [
            {"key": key, **{measure: self.counts[key][measure] for measure in MEASURES}}
            for key in sorted(self.counts, key=lambda k: (-self.counts[k]["sales"], -self.counts[k]["leads"], k))
        ]


@dataclass(frozen=True)
class HandlingTimes:
    """Average minutes: the assistant from first contact to request, executives from assignment to first
    action (business time), collections from receipt to decision, the backoffice from queue to decision (and
    how many requests it returned)."""

    assistant_minutes: float | None
    assistant_count: int
    executive_minutes: float | None
    executive_count: int
    executive_within_ideal: int
    executive_within_sla: int
    collections_minutes: float | None
    collections_count: int
    backoffice_minutes: float | None = None
    backoffice_count: int = 0
    backoffice_returned: int = 0


@dataclass(frozen=True)
class SalesReport:
    per_channel: list[dict[str, int | str]]
    per_executive: list[dict[str, int | str]]
    per_plan: list[dict[str, int | str]]
    funnel: list[tuple[str, int]]
    handling: HandlingTimes
    conversations: int
    answered_conversations: int
    days: list[date]
    daily_goal: int
    daily_sales: dict[str, dict[date, int]]

    @property
    def totals(self) -> dict[str, int]:
        return {measure: sum(int(row[measure]) for row in self.per_channel) for measure in MEASURES}


def _average(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def staff_names(db: Session) -> dict[int, str]:
    """Each member of staff's name as the report shows it; namesakes are told apart by their e-mail."""
    users = list(db.scalars(select(User)))
    seen = Counter(user.full_name for user in users)
    return {
        user.id: user.full_name if seen[user.full_name] == 1 else f"{user.full_name} ({user.email})" for user in users
    }


def sold_at(order: Order) -> datetime | None:
    """When the order became a sale (None if it never did)."""
    return next((c.changed_at for c in order.state_changes if c.to_state == OrderState.SALE), None)


def build(
    *, db: Session, report: ReportFilter, hours: BusinessHours, ideal: timedelta, sla: timedelta, daily_goal: int
) -> SalesReport:
    """The report for the period and filters."""

    def wanted(lead: Lead) -> bool:
        return (report.zone_id is None or lead.coverage_zone_id == report.zone_id) and (
            report.channel is None or lead.channel == report.channel
        )

    names = staff_names(db)

    def owner(lead: Lead) -> str:
        return names.get(lead.owner_id, UNASSIGNED) if lead.owner_id else UNASSIGNED

    channels, executives, plans = Breakdown(), Breakdown(), Breakdown()

    def count(lead: Lead, plan: str | None, measure: str) -> None:
        channels.add(lead.channel, measure)
        executives.add(owner(lead), measure)
        if plan:
            plans.add(plan, measure)

    begins = report.begins.replace(tzinfo=None) - timedelta(days=1)  # a day of margin for the time zone
    leads = [lead for lead in db.scalars(select(Lead).where(Lead.created_at >= begins)).unique() if wanted(lead)]
    cohort = [lead for lead in leads if report.covers(lead.created_at)]
    for lead in cohort:
        count(lead, lead.offered_plan.name if lead.offered_plan else None, "leads")

    quoted: set[int] = set()
    for quote in db.scalars(select(Quote).where(Quote.created_at >= begins)).unique():
        lead = db.get_one(Lead, quote.lead_id)
        if report.covers(quote.created_at) and wanted(lead):
            count(lead, quote.plan.name, "quotes")
        quoted.add(quote.lead_id)

    ordered: set[int] = set()
    sold: set[int] = set()
    daily: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    assistant_times: list[float] = []
    for order in db.scalars(select(Order).options(selectinload(Order.state_changes))).unique():
        lead = order.lead
        ordered.add(lead.id)
        if not wanted(lead):
            continue
        registered = order.state_changes[0] if order.state_changes else None
        if report.covers(order.created_at):
            count(lead, order.plan.name, "orders")
            if registered is not None and registered.changed_by == ASSISTANT:
                assistant_times.append((order.created_at - lead.created_at).total_seconds() / 60)
        moment = sold_at(order)
        if moment is not None and order.state in SOLD_STATES:  # a sale annulled later is no sale
            sold.add(lead.id)
            if report.covers(moment):
                count(lead, order.plan.name, "sales")
                daily[owner(lead)][report.local(moment).date()] += 1

    cohort_ids = {lead.id for lead in cohort}
    funnel = [
        ("Leads", len(cohort_ids)),
        ("Informados", len(cohort_ids & (quoted | ordered))),
        ("Pre-venta", len(cohort_ids & ordered)),
        ("Venta", len(cohort_ids & sold)),
    ]

    executive_times: list[float] = []
    within_ideal = within_sla = 0
    for assignment in db.scalars(select(LeadAssignment).where(LeadAssignment.worked_at.is_not(None))).unique():
        lead = db.get_one(Lead, assignment.lead_id)
        if not report.covers(assignment.assigned_at) or not wanted(lead):
            continue
        taken = hours.between(report.local(assignment.assigned_at), report.local(assignment.worked_at))
        executive_times.append(taken.total_seconds() / 60)
        within_ideal += taken <= ideal
        within_sla += taken <= sla

    collections_times = [
        (payment.decided_at - payment.submitted_at).total_seconds() / 60
        for payment in db.scalars(select(Payment).where(Payment.decided_at.is_not(None))).unique()
        if payment.submitted_at is not None and report.covers(payment.decided_at) and wanted(payment.order.lead)
    ]

    checks = [
        check
        for check in db.scalars(select(BackofficeCheck).where(BackofficeCheck.decided_at.is_not(None))).unique()
        if report.covers(check.decided_at) and wanted(check.order.lead)
    ]
    backoffice_times = [(check.decided_at - check.queued_at).total_seconds() / 60 for check in checks]

    conversations, answered = _conversations(db=db, report=report, wanted_lead=wanted)
    for user in db.scalars(select(User).where(User.role == Role.EXECUTIVE, User.is_active.is_(True))):
        daily.setdefault(names[user.id], defaultdict(int))

    return SalesReport(
        per_channel=channels.rows(),
        per_executive=executives.rows(),
        per_plan=plans.rows(),
        funnel=funnel,
        handling=HandlingTimes(
            assistant_minutes=_average(assistant_times),
            assistant_count=len(assistant_times),
            executive_minutes=_average(executive_times),
            executive_count=len(executive_times),
            executive_within_ideal=within_ideal,
            executive_within_sla=within_sla,
            collections_minutes=_average(collections_times),
            collections_count=len(collections_times),
            backoffice_minutes=_average(backoffice_times),
            backoffice_count=len(backoffice_times),
            backoffice_returned=sum(check.state == CheckState.RETURNED for check in checks),
        ),
        conversations=conversations,
        answered_conversations=answered,
        days=report.days(),
        daily_goal=daily_goal,
        daily_sales={name: dict(days) for name, days in sorted(daily.items()) if name != UNASSIGNED},
    )


def _conversations(*, db: Session, report: ReportFilter, wanted_lead: Callable[[Lead], bool]) -> tuple[int, int]:
    """Conversations where customers wrote in the period, and how many of them got an answer."""
    begins = report.begins.replace(tzinfo=None) - timedelta(days=1)
    written: set[int] = set()
    answered: set[int] = set()
    for message in db.scalars(select(Message).where(Message.created_at >= begins)):
        if not report.covers(message.created_at):
            continue
        (written if message.direction == Direction.INBOUND else answered).add(message.conversation_pk)
    kept = 0
    answered_kept = 0
    conversations = select(Conversation).options(selectinload(Conversation.lead)).where(Conversation.id.in_(written))
    for conversation in db.scalars(conversations):
        lead = conversation.lead
        if report.channel is not None and conversation.channel != report.channel:
            continue
        if report.zone_id is not None and (lead is None or not wanted_lead(lead)):
            continue
        kept += 1
        answered_kept += conversation.id in answered
    return kept, answered_kept
