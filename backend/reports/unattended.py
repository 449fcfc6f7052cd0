"""Unattended requests (§19): leads closed as No atendida with their reason, and annulled requests to re-enter."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.leads.models import Lead, LeadStage, UnattendedReason
from backend.orders.models import Order, OrderState
from backend.reports.period import ReportFilter

ANNULLED = "annulled"
REASON_LABELS = {reason.value: reason.label for reason in UnattendedReason} | {ANNULLED: "Solicitud anulada"}


@dataclass(frozen=True)
class UnattendedRow:
    at: datetime
    reference: str
    reason: str
    reason_label: str
    detail: str
    customer: str
    phone: str
    zone: str
    city: str
    channel: str
    plan: str
    order_id: int | None = None
    reentered: bool = False
    waiting: bool = False  # on the waiting list: to be told when coverage arrives


@dataclass(frozen=True)
class UnattendedReport:
    rows: list[UnattendedRow]
    by_reason: dict[str, int]
    coverage_arrived: int = 0  # waiting customers told in the period that coverage arrived (their sale went on)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def waiting_for_coverage(self) -> int:
        """Customers of the period still on the waiting list."""
        return sum(row.waiting for row in self.rows)


def _matches(report: ReportFilter, *, zone_id: int | None, channel: str) -> bool:
    return (report.zone_id is None or zone_id == report.zone_id) and (
        report.channel is None or channel == report.channel
    )


def build(*, db: Session, report: ReportFilter) -> UnattendedReport:
    """The report for the period and filters, newest first, with the count per reason."""
    rows: list[UnattendedRow] = []
    for lead in db.scalars(select(Lead).where(Lead.stage == LeadStage.UNATTENDED)).unique():
        entered = lead.entered(LeadStage.UNATTENDED)
        if not report.covers(entered) or not _matches(report, zone_id=lead.coverage_zone_id, channel=lead.channel):
            continue
        reason = lead.unattended_reason or UnattendedReason.OFFER_DECLINED
        rows.append(
            UnattendedRow(
                at=report.local(entered),
                reference=f"Lead #{lead.id}",
                reason=str(reason),
                reason_label=REASON_LABELS[str(reason)],
                detail=lead.outcome_detail or "",
                customer=lead.full_name or "",
                phone=lead.phone or "",
                zone=lead.coverage_zone_name or "",
                city=lead.city or "",
                channel=lead.channel,
                plan=lead.offered_plan.name if lead.offered_plan else "",
                waiting=lead.notify_on_coverage,
            )
        )
    reentered = set(db.scalars(select(Order.reentered_from_id).where(Order.reentered_from_id.is_not(None))))
    for order in db.scalars(select(Order).where(Order.state == OrderState.ANNULLED)).unique():
        change = next(c for c in reversed(order.state_changes) if c.to_state == OrderState.ANNULLED)
        if not report.covers(change.changed_at):
            continue
        if not _matches(report, zone_id=order.coverage_zone_id, channel=order.lead.channel):
            continue
        rows.append(
            UnattendedRow(
                at=report.local(change.changed_at),
                reference=order.number or f"#{order.id}",
                reason=ANNULLED,
                reason_label=REASON_LABELS[ANNULLED],
                detail=change.reason or "",
                customer=order.customer.full_name,
                phone=order.contact_phone or order.customer.phone or "",
                zone=order.coverage_zone_name,
                city=order.coverage_zone.city,
                channel=order.lead.channel,
                plan=order.plan.name,
                order_id=order.id,
                reentered=order.id in reentered,
            )
        )
    rows.sort(key=lambda row: row.at, reverse=True)
    counts = Counter(row.reason for row in rows)
    arrived = db.scalars(select(Lead).where(Lead.coverage_arrived_at.is_not(None))).unique()
    return UnattendedReport(
        rows=rows,
        by_reason={REASON_LABELS[key]: counts[key] for key in REASON_LABELS if counts[key]},
        coverage_arrived=sum(
            1
            for lead in arrived
            if report.covers(lead.coverage_arrived_at)
            and _matches(report, zone_id=lead.coverage_zone_id, channel=lead.channel)
        ),
    )
