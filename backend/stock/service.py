"""Reserving, releasing and consuming equipment. A unit is taken with one conditional UPDATE, so two requests
racing for the last router of a zone never both get it."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.orders.models import Order
from backend.stock.models import EquipmentReservation, EquipmentStock, ReservationState


@dataclass(frozen=True)
class Equipment:
    """What a request got: a model (the first choice or an alternative), or none with when more is expected."""

    tracked: bool
    model: str | None = None
    alternative: bool = False
    restock_on: date | None = None

    @property
    def status(self) -> str:
        """untracked, reserved, alternative or out_of_stock (then installed, once the Acta consumes it)."""
        if not self.tracked:
            return "untracked"
        if self.model is None:
            return "out_of_stock"
        return "alternative" if self.alternative else "reserved"


def reserve(db: Session, order: Order) -> Equipment:
    """Take one unit for the request's technology and zone, the preferred model first."""
    rows = list(
        db.scalars(
            select(EquipmentStock)
            .where(
                EquipmentStock.technology == order.plan.technology,
                EquipmentStock.coverage_zone_id == order.coverage_zone_id,
            )
            .order_by(EquipmentStock.preference, EquipmentStock.id)
        ).unique()
    )
    if not rows:
        return Equipment(tracked=False)
    for index, row in enumerate(rows):
        taken = db.execute(
            update(EquipmentStock)
            .where(EquipmentStock.id == row.id, EquipmentStock.available > 0)
            .values(available=EquipmentStock.available - 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if taken:
            db.add(EquipmentReservation(order_id=order.id, stock_id=row.id))
            db.flush()
            return Equipment(tracked=True, model=row.model, alternative=index > 0)
    expected = [row.restock_on for row in rows if row.restock_on is not None]
    return Equipment(tracked=True, restock_on=min(expected) if expected else None)


def reservation_of(db: Session, order_id: int) -> EquipmentReservation | None:
    return db.scalar(select(EquipmentReservation).where(EquipmentReservation.order_id == order_id))


def release(db: Session, order_id: int) -> None:
    """An annulled request gives its unit back."""
    reservation = reservation_of(db, order_id)
    if reservation is None or reservation.state != ReservationState.RESERVED:
        return
    reservation.state = ReservationState.RELEASED
    db.execute(
        update(EquipmentStock)
        .where(EquipmentStock.id == reservation.stock_id)
        .values(available=EquipmentStock.available + 1)
        .execution_options(synchronize_session=False)
    )


def consume(db: Session, order: Order) -> None:
    """The installation record used the unit: it leaves the stock for good."""
    reservation = reservation_of(db, order.id)
    if reservation is not None and reservation.state == ReservationState.RESERVED:
        reservation.state = ReservationState.CONSUMED
        order.equipment_status = "installed"


def stock(db: Session) -> list[EquipmentStock]:
    return list(
        db.scalars(
            select(EquipmentStock).order_by(
                EquipmentStock.coverage_zone_id, EquipmentStock.technology, EquipmentStock.preference
            )
        ).unique()
    )


def put(
    db: Session, *, technology: str, zone_id: int, model: str, available: int, preference: int, restock_on: date | None
) -> EquipmentStock:
    """Set how many units of a model are free in a zone (a count after a delivery or an inventory)."""
    row = db.scalar(
        select(EquipmentStock).where(
            EquipmentStock.technology == technology,
            EquipmentStock.coverage_zone_id == zone_id,
            EquipmentStock.model == model,
        )
    )
    if row is None:
        row = EquipmentStock(technology=technology, coverage_zone_id=zone_id, model=model)
        db.add(row)
    row.available, row.preference, row.restock_on = available, preference, restock_on
    db.flush()
    return row
