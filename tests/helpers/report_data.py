"""A week of digital sales, written out so that every figure of the reports can be counted by hand.

Period: Monday 9 – Friday 13 November 2026 (La Paz). Executives Ana and Beto.
  L1 webchat  Ana  Centro       quoted FIBRA_80 · request by the assistant (30 min) · sold Tue 10
  L2 whatsapp Ana  Centro       quoted FIBRA_40 · request by the assistant (20 min) · sold Tue 10
  L3 telegram Beto Queru Queru  quoted FIBRA_80 · request by the assistant (45 min) · still Pre-venta
  L4 webchat  Beto Queru Queru  quoted FIBRA_40 · offer declined Wed 11
  L5 whatsapp —    (no zone)    no coverage Thu 12
  L6 webchat  Ana  Centro       came in October, request in October · sold Thu 12
  L7 field    Beto Centro       request by Beto Wed 11 · annulled Thu 12
Invoices: 1000.00 in October, 990.00 in November.
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.auth.models import User
from backend.catalog.models import Plan
from backend.conversations.models import Author, Conversation, Direction, Message, MessageStatus
from backend.coverage.models import CoverageZone
from backend.customers.models import Customer, CustomerType
from backend.database import to_db
from backend.invoices.models import Invoice
from backend.leads.models import Lead, LeadStage, LeadStageChange, PaymentMethod, UnattendedReason
from backend.orders.models import Order, OrderState, OrderStateChange
from backend.payments.models import Payment, PaymentOption, PaymentState
from backend.pipeline.models import LeadAssignment
from backend.quotes.models import Quote
from tests.helpers.pipeline_data import la_paz, staff


def at(text: str) -> datetime:
    return to_db(la_paz(text))


class Week:
    """Builds the week into a database."""

    def __init__(self, db: Session) -> None:
        self.db = db
        self.plans = {plan.code: plan for plan in db.scalars(select(Plan))}
        self.zones = {zone.name: zone for zone in db.scalars(select(CoverageZone))}
        self.ana = staff(db, "Ana Week", cities=["Cochabamba"])
        self.beto = staff(db, "Beto Week", cities=["Cochabamba"])

    def lead(self, key: str, channel: str, created: str, owner: User | None, zone: str | None) -> Lead:
        lead = Lead(
            conversation_id=f"{channel}:{key}",
            channel=channel,
            stage=LeadStage.VISITED,
            full_name=f"Cliente {key}",
            phone="+59170000000",
            owner_id=owner.id if owner else None,
            coverage_zone_id=self.zones[zone].id if zone else None,
            city="Cochabamba",
            created_at=at(created),
        )
        self.db.add(lead)
        self.db.flush()
        return lead

    def move(self, lead: Lead, stage: LeadStage, when: str, reason: str = "") -> None:
        self.db.add(
            LeadStageChange(
                lead_id=lead.id,
                from_stage=lead.stage,
                to_stage=stage,
                reason=reason,
                changed_by="assistant",
                changed_at=at(when),
            )
        )
        lead.stage = stage

    def quote(self, lead: Lead, code: str, when: str) -> None:
        plan = self.plans[code]
        lead.offered_plan_id = plan.id
        self.db.add(
            Quote(
                lead_id=lead.id,
                plan_id=plan.id,
                monthly_price_bs=plan.monthly_price_bs,
                installation_fee_bs=plan.installation_fee_bs,
                quoted_by="assistant",
                created_at=at(when),
            )
        )

    def order(self, lead: Lead, code: str, created: str, by: str = "assistant") -> Order:
        plan = self.plans[code]
        customer = Customer(customer_type=CustomerType.RESIDENTIAL, id_number=f"CI{lead.id}", full_name=lead.full_name)
        self.db.add(customer)
        self.db.flush()
        order = Order(
            lead_id=lead.id,
            customer_id=customer.id,
            plan_id=plan.id,
            monthly_price_bs=plan.monthly_price_bs,
            installation_fee_bs=plan.installation_fee_bs,
            payment_method=PaymentMethod.PREPAID,
            address="Calle 1",
            coverage_zone_id=lead.coverage_zone_id,
            state=OrderState.PRE_SALE,
            created_at=at(created),
        )
        order.state_changes.append(
            OrderStateChange(to_state=OrderState.PRE_SALE, changed_by=by, changed_at=at(created))
        )
        self.db.add(order)
        self.db.flush()
        order.number = f"SOL-{order.id:06d}"
        self.move(lead, LeadStage.PRE_SALE, created)
        return order

    def sell(self, order: Order, when: str) -> None:
        order.state_changes.append(
            OrderStateChange(
                from_state=OrderState.PRE_SALE, to_state=OrderState.SALE, changed_by="cobranzas", changed_at=at(when)
            )
        )
        order.state = OrderState.SALE
        self.move(order.lead, LeadStage.SALE, when)

    def annul(self, order: Order, when: str, reason: str) -> None:
        order.state_changes.append(
            OrderStateChange(
                from_state=order.state,
                to_state=OrderState.ANNULLED,
                reason=reason,
                changed_by="beto.week@venta.bo",
                changed_at=at(when),
            )
        )
        order.state = OrderState.ANNULLED
        self.move(order.lead, LeadStage.IN_PROGRESS, when)

    def payment(self, order: Order, submitted: str, decided: str) -> None:
        self.db.add(
            Payment(
                order_id=order.id,
                option=PaymentOption.TRANSFER,
                state=PaymentState.CONFIRMED,
                amount_bs=Decimal("100"),
                submitted_at=at(submitted),
                decided_at=at(decided),
            )
        )

    def worked(self, lead: Lead, user: User, assigned: str, worked: str) -> None:
        self.db.add(
            LeadAssignment(
                lead_id=lead.id,
                user_id=user.id,
                assigned_at=at(assigned),
                due_at=at(assigned),
                assigned_by="sistema",
                reason="Lead nuevo",
                worked_at=at(worked),
            )
        )

    def conversation(self, lead: Lead, when: str, answered: bool) -> None:
        channel, _, user_id = lead.conversation_id.partition(":")
        conversation = Conversation(conversation_id=lead.conversation_id, channel=channel, user_id=user_id)
        self.db.add(conversation)
        self.db.flush()
        self.db.add(
            Message(
                conversation_pk=conversation.id,
                channel=channel,
                direction=Direction.INBOUND,
                author=Author.CUSTOMER,
                text="hola",
                status=MessageStatus.HANDLED,
                created_at=at(when),
            )
        )
        if answered:
            self.db.add(
                Message(
                    conversation_pk=conversation.id,
                    channel=channel,
                    direction=Direction.OUTBOUND,
                    author=Author.ASSISTANT,
                    text="¡Hola!",
                    status=MessageStatus.SENT,
                    created_at=at(when),
                )
            )

    def invoice(self, order: Order, total: str, issued: str) -> None:
        payment = Payment(
            order_id=order.id, option=PaymentOption.TRANSFER, state=PaymentState.CONFIRMED, amount_bs=Decimal(total)
        )
        self.db.add(payment)
        self.db.flush()
        number = (self.db.scalar(select(Invoice.number).order_by(Invoice.number.desc())) or 0) + 1
        self.db.add(
            Invoice(
                number=number,
                order_id=order.id,
                payment_id=payment.id,
                order_number=order.number,
                customer_name="Cliente",
                id_number="CI",
                plan_name="Plan",
                monthly_price_bs=Decimal(total),
                installation_fee_bs=Decimal(0),
                total_bs=Decimal(total),
                payment_label="Transferencia",
                issued_at=at(issued),
            )
        )


def build_week(db: Session) -> None:
    w = Week(db)
    l1 = w.lead("l1", "webchat", "2026-11-09 10:00", w.ana, "Centro")
    w.quote(l1, "FIBRA_80", "2026-11-09 10:10")
    o1 = w.order(l1, "FIBRA_80", "2026-11-09 10:30")
    w.sell(o1, "2026-11-10 09:00")
    w.payment(o1, "2026-11-09 11:00", "2026-11-09 13:00")
    w.worked(l1, w.ana, "2026-11-09 10:00", "2026-11-09 10:10")
    w.conversation(l1, "2026-11-09 10:00", answered=True)

    l2 = w.lead("l2", "whatsapp", "2026-11-09 11:00", w.ana, "Centro")
    w.quote(l2, "FIBRA_40", "2026-11-09 11:05")
    o2 = w.order(l2, "FIBRA_40", "2026-11-09 11:20")
    w.sell(o2, "2026-11-10 16:00")
    w.payment(o2, "2026-11-10 09:00", "2026-11-10 09:30")
    w.conversation(l2, "2026-11-09 11:00", answered=False)

    l3 = w.lead("l3", "telegram", "2026-11-10 09:00", w.beto, "Queru Queru")
    w.quote(l3, "FIBRA_80", "2026-11-10 09:20")
    w.order(l3, "FIBRA_80", "2026-11-10 09:45")
    w.worked(l3, w.beto, "2026-11-10 09:00", "2026-11-10 12:00")
    w.conversation(l3, "2026-11-10 09:00", answered=True)

    l4 = w.lead("l4", "webchat", "2026-11-10 15:00", w.beto, "Queru Queru")
    w.quote(l4, "FIBRA_40", "2026-11-10 15:10")
    l4.unattended_reason, l4.outcome_detail = UnattendedReason.OFFER_DECLINED, "Precio alto"
    w.move(l4, LeadStage.UNATTENDED, "2026-11-11 10:00")
    w.worked(l4, w.beto, "2026-11-13 18:00", "2026-11-16 09:00")  # half an hour on Friday, half on Monday

    l5 = w.lead("l5", "whatsapp", "2026-11-12 08:00", None, None)
    l5.unattended_reason = UnattendedReason.NO_COVERAGE
    w.move(l5, LeadStage.UNATTENDED, "2026-11-12 08:05")

    l6 = w.lead("l6", "webchat", "2026-10-20 10:00", w.ana, "Centro")
    o6 = w.order(l6, "FIBRA_150", "2026-10-21 10:00")
    w.sell(o6, "2026-11-12 10:00")

    l7 = w.lead("l7", "field", "2026-11-11 09:00", w.beto, "Centro")
    o7 = w.order(l7, "FIBRA_80", "2026-11-11 09:30", by="beto.week@venta.bo")
    w.annul(o7, "2026-11-12 17:00", "El cliente se mudó")

    w.invoice(o6, "1000.00", "2026-10-25 12:00")
    w.invoice(o1, "600.00", "2026-11-10 09:00")
    w.invoice(o2, "390.00", "2026-11-30 23:30")  # still November in La Paz (December in UTC)
    db.flush()
