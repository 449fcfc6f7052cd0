"""Finding or registering a customer by ID number."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.customers.models import Customer
from backend.leads.models import CustomerType


def get_by_id_number(*, db: Session, id_number: str) -> Customer | None:
    """The customer with this ID number, if any."""
    return db.scalar(select(Customer).where(Customer.id_number == id_number))


def register(
    *, db: Session, id_number: str, full_name: str, phone: str | None, email: str | None
) -> tuple[Customer, bool]:
    """The customer with this ID number, created if new, and whether the one on file has other contact data.

    A customer on file is never changed by a request: whoever gives a known CI keeps their own contact data on
    their request, and staff are shown the mismatch."""
    customer = get_by_id_number(db=db, id_number=id_number)
    if customer is None:
        customer = Customer(
            customer_type=CustomerType.RESIDENTIAL, id_number=id_number, full_name=full_name, phone=phone, email=email
        )
        try:
            with db.begin_nested():
                db.add(customer)
                db.flush()
            return customer, False
        except IntegrityError:  # registered a moment ago by a concurrent request with the same CI
            customer = db.scalars(select(Customer).where(Customer.id_number == id_number)).one()
    return customer, not (
        same(customer.full_name, full_name) and same(customer.phone, phone) and same(customer.email, email)
    )


def same(on_file: str | None, given: str | None) -> bool:
    """Whether a datum given agrees with the one on file (a missing one agrees with anything)."""
    return not on_file or not given or " ".join(on_file.casefold().split()) == " ".join(given.casefold().split())
