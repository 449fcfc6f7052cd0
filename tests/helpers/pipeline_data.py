"""Builders for pipeline tests: staff, leads in a given stage, and a clock in La Paz time."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.auth import service as user_service
from backend.auth.models import Role, User
from backend.catalog.models import Plan
from backend.coverage.models import CoverageZone
from backend.customers import service as customer_service
from backend.leads import service as lead_service
from backend.leads.models import Lead, LeadStage, PaymentMethod
from backend.orders.models import Order, OrderState

PASSWORD = "pipeline-test-password"
LA_PAZ = ZoneInfo("America/La_Paz")


def la_paz(text: str) -> datetime:
    """A moment written in La Paz time (UTC-4 all year), as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=LA_PAZ).astimezone(UTC)


def staff(db: Session, name: str, role: Role = Role.EXECUTIVE, cities: list[str] | None = None) -> User:
    email = name.lower().replace(" ", ".") + "@venta.bo"
    return user_service.create(db=db, email=email, full_name=name, password=PASSWORD, role=role, cities=cities)


def lead_in(db: Session, stage: LeadStage, *, key: str, city: str | None = None, owner: User | None = None) -> Lead:
    """A lead sitting in `stage`, as if it had got there by the procedure."""
    lead = Lead(conversation_id=f"webchat:{key}", channel="webchat", stage=stage, city=city, full_name=f"Cliente {key}")
    if owner is not None:
        lead.owner_id = owner.id
    db.add(lead)
    db.flush()
    assert lead_service.get_by_conversation(db=db, conversation_id=lead.conversation_id) is lead
    return lead


def an_order(db: Session, state: OrderState, *, key: str, lead: Lead | None = None) -> Order:
    """A request in `state` for a demo plan and zone."""
    lead = lead or lead_in(db, LeadStage.SALE if state != OrderState.PRE_SALE else LeadStage.PRE_SALE, key=key)
    plan = db.scalars(select(Plan).order_by(Plan.id)).first()
    zone = db.scalars(select(CoverageZone).order_by(CoverageZone.id)).first()
    assert plan is not None and zone is not None
    customer, _ = customer_service.register(
        db=db, id_number=str(abs(hash(key)) % 10**8), full_name=lead.full_name or "Cliente", phone=None, email=None
    )
    order = Order(
        lead_id=lead.id,
        customer_id=customer.id,
        plan_id=plan.id,
        monthly_price_bs=plan.monthly_price_bs,
        installation_fee_bs=plan.installation_fee_bs,
        payment_method=PaymentMethod.PREPAID,
        address="Av. Ballivián 455",
        coverage_zone_id=zone.id,
        state=state,
    )
    db.add(order)
    db.flush()
    order.number = f"SOL-{order.id:06d}"
    return order
