"""Finding or registering a customer by ID number."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.customers.models import Customer
from backend.leads.models import CustomerType


def get_by_id_number(*, db: Session, id_number: str) -> Customer | None:
    """The customer with this ID number, if any."""
    return db.scalar(select(Customer).where(Customer.id_number == id_number))


def register(*, db: Session, id_number: str, full_name: str, phone: str | None, email: str | None) -> Customer:
    """The customer with this ID number, created if new and with contact data brought up to date."""
    customer = get_by_id_number(db=db, id_number=id_number)
    if customer is None:
        customer = Customer(customer_type=CustomerType.RESIDENTIAL, id_number=id_number, full_name=full_name)
        db.add(customer)
    customer.full_name = full_name
    customer.phone = phone or customer.phone
    customer.email = email or customer.email
    db.flush()
    return customer
