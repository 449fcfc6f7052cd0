"""Registering confirmed requests and following their state."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from backend.backoffice import service as backoffice
from backend.catalog import service as catalog_service
from backend.coverage.schemas import CoverageStatus
from backend.customers import service as customer_service
from backend.errors import DomainError, NotFound
from backend.followups import service as followups
from backend.followups.kinds import HAND_OVER_SALE
from backend.leads import service as lead_service
from backend.leads.models import CustomerType, Lead, LeadStage, PaymentMethod
from backend.orders import acceptance
from backend.orders.models import Order, OrderState, OrderStateChange
from backend.orders.schemas import OrderCreate
from backend.orders.transitions import ORDER_TRANSITIONS
from backend.stock import service as stock

REQUIRED_LEAD_FIELDS = ("full_name", "phone", "email", "address", "coverage_zone_id")


def missing_data(lead: Lead) -> list[str]:
    """What the request still lacks before it can be registered (the back-office completeness check)."""
    missing = [name for name in REQUIRED_LEAD_FIELDS if getattr(lead, name) in (None, "")]
    if lead.coverage_status != CoverageStatus.COVERED:
        missing.append("coverage_status")
    return missing


def same_request(*, db: Session, lead: Lead, plan_id: int) -> Order | None:
    """The lead's live order for this plan at the lead's address: a confirmation sent twice."""
    live = (OrderState.PRE_SALE, OrderState.SALE)
    return db.scalar(
        select(Order).where(
            Order.lead_id == lead.id, Order.state.in_(live), Order.plan_id == plan_id, Order.address == lead.address
        )
    )


def create(*, db: Session, data: OrderCreate, actor: str = lead_service.ASSISTANT) -> tuple[Order, bool]:
    """Register the confirmed request in Pre-venta; a repeated confirmation returns the same order."""
    lead = lead_service.get_by_conversation(db=db, conversation_id=data.conversation_id)
    if lead is None:
        raise NotFound(f"No lead for conversation {data.conversation_id}")
    if lead.customer_type == CustomerType.BUSINESS:
        raise DomainError("Las solicitudes de empresas las atiende el equipo empresarial")
    plan = catalog_service.get_by_code(db=db, code=data.plan_code)
    if plan is None:
        raise NotFound(f"No existe el plan {data.plan_code}")
    existing = same_request(db=db, lead=lead, plan_id=plan.id)
    if existing is not None:
        return existing, False
    missing = missing_data(lead)
    if missing:
        raise DomainError(f"A la solicitud le falta: {', '.join(missing)}")
    if lead.prepaid_only_reason and data.payment_method == PaymentMethod.POSTPAID:
        raise DomainError(f"Solo se puede vender en prepago: {lead.prepaid_only_reason}")

    customer, other_contact = customer_service.register(
        db=db, id_number=data.id_number, full_name=lead.full_name or "", phone=lead.phone, email=lead.email
    )
    order = Order(
        lead_id=lead.id,
        customer_id=customer.id,
        contact_name=lead.full_name or customer.full_name,
        contact_phone=lead.phone,
        contact_email=lead.email,
        ci_on_file_differs=other_contact,
        plan_id=plan.id,
        monthly_price_bs=plan.monthly_price_bs,
        installation_fee_bs=plan.installation_fee_bs,
        payment_method=data.payment_method,
        address=lead.address or "",
        address_reference=lead.address_reference,
        latitude=lead.latitude,
        longitude=lead.longitude,
        coverage_zone_id=lead.coverage_zone_id,
    )
    lead.offered_plan = plan
    lead.payment_method = data.payment_method
    register(db=db, order=order, lead=lead, reason="Solicitud confirmada", actor=actor)
    acceptance.record(db=db, order_id=order.id, conversation_id=data.conversation_id)
    db.refresh(order)
    return order, True


def register(*, db: Session, order: Order, lead: Lead, reason: str, actor: str) -> None:
    """Number a new request in Pre-venta, move its lead there and queue it for the backoffice check; a postpaid
    one is sold at once."""
    order.state = OrderState.PRE_SALE
    order.state_changes.append(OrderStateChange(to_state=OrderState.PRE_SALE, reason=reason, changed_by=actor))
    db.add(order)
    db.flush()
    order.number = f"SOL-{order.id:06d}"
    equipment = stock.reserve(db, order)
    order.equipment_model, order.restock_on = equipment.model, equipment.restock_on
    order.equipment_status = equipment.status
    backoffice.queue(db, order)
    if lead.stage != LeadStage.SALE:  # a customer who already bought may ask for another service
        lead_service.move(lead, LeadStage.PRE_SALE, reason=f"Solicitud {order.number}", actor=actor)
    if order.payment_method == PaymentMethod.POSTPAID:
        order.recurring_billing = True
        mark_sold(order, reason="Postpago: sin pago previo, control de pago recurrente en facturación", actor=actor)
    db.flush()


def move(order: Order, to_state: OrderState, *, reason: str, actor: str) -> None:
    """Put the order in `to_state` and record the move; a move the procedure does not allow is refused."""
    from_state = OrderState(order.state)
    ORDER_TRANSITIONS.check(from_state, to_state)
    order.state_changes.append(
        OrderStateChange(from_state=from_state, to_state=to_state, reason=reason, changed_by=actor)
    )
    order.state = to_state


def mark_sold(order: Order, *, reason: str, actor: str) -> None:
    """Pre-venta → Venta, for the order and its lead (paid, or postpaid accepted); a sale the backoffice checked
    is handed over to the billing system."""
    move(order, OrderState.SALE, reason=reason, actor=actor)
    lead_service.move(order.lead, LeadStage.SALE, reason=f"{order.number}: {reason}", actor=actor)
    if order.checked_at is not None:  # else once the backoffice passes it
        followups.schedule(object_session(order), HAND_OVER_SALE, order_id=order.id)


def annul(*, db: Session, order: Order, reason: str, actor: str) -> Order:
    """Anulada: the request will not go on; its lead goes back to work, and the request can be re-entered."""
    move(order, OrderState.ANNULLED, reason=reason, actor=actor)
    stock.release(db, order.id)
    live = [
        other
        for other in orders_of_lead(db=db, lead_id=order.lead_id)
        if other.id != order.id and other.state in (OrderState.PRE_SALE, OrderState.SALE, OrderState.CLOSED)
    ]
    if not live:
        lead_service.move(order.lead, LeadStage.IN_PROGRESS, reason=f"{order.number} anulada: {reason}", actor=actor)
    db.flush()
    return order


def reenter(*, db: Session, annulled: Order, actor: str) -> Order:
    """Redigitar: a new request in Pre-venta with the annulled one's data, linked to it (once per annulled one)."""
    if annulled.state != OrderState.ANNULLED:
        raise DomainError(f"Solo se redigitan solicitudes anuladas; {annulled.number} está en {annulled.state_label}")
    if db.scalar(select(Order.id).where(Order.reentered_from_id == annulled.id)) is not None:
        raise DomainError(f"{annulled.number} ya fue reingresada")
    order = Order(
        lead_id=annulled.lead_id,
        customer_id=annulled.customer_id,
        plan_id=annulled.plan_id,
        monthly_price_bs=annulled.plan.monthly_price_bs,
        installation_fee_bs=annulled.plan.installation_fee_bs,
        payment_method=annulled.payment_method,
        address=annulled.address,
        address_reference=annulled.address_reference,
        latitude=annulled.latitude,
        longitude=annulled.longitude,
        coverage_zone_id=annulled.coverage_zone_id,
        reentered_from_id=annulled.id,
    )
    register(db=db, order=order, lead=annulled.lead, reason=f"Redigitada de {annulled.number}", actor=actor)
    return order


def get(*, db: Session, order_id: int) -> Order:
    order = db.get(Order, order_id)
    if order is None:
        raise NotFound(f"No existe la solicitud {order_id}")
    return order


def get_by_number(*, db: Session, number: str) -> Order:
    order = db.scalar(select(Order).where(Order.number == number))
    if order is None:
        raise NotFound(f"No existe la solicitud {number}")
    return order


def list_orders(
    *, db: Session, state: OrderState | None = None, offset: int = 0, limit: int = 100
) -> tuple[list[Order], int]:
    """Orders, newest first, with the total count before paging."""
    query = select(Order)
    if state is not None:
        query = query.where(Order.state == state)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    orders = db.scalars(query.order_by(Order.id.desc()).offset(offset).limit(limit))
    return list(orders.unique()), total


def orders_of_lead(*, db: Session, lead_id: int) -> list[Order]:
    """Every order of a lead, newest first."""
    return list(db.scalars(select(Order).where(Order.lead_id == lead_id).order_by(Order.id.desc())).unique())
