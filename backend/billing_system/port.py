"""What the product asks of the billing system, whichever system answers."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from backend.errors import DomainError


@dataclass(frozen=True)
class Standing:
    """A person's standing with the company, by CI."""

    existing_customer: bool
    debt_bs: Decimal = Decimal("0")
    debt_since: date | None = None

    @property
    def owes(self) -> bool:
        return self.debt_bs > 0


@dataclass(frozen=True)
class Sale:
    """A sale as the billing system registers it (the layout of the daily CSV too)."""

    number: str
    sold_at: str
    id_number: str
    full_name: str
    phone: str | None
    email: str | None
    plan_code: str
    monthly_price_bs: Decimal
    installation_fee_bs: Decimal
    payment_method: str
    address: str
    address_reference: str | None
    zone: str
    channel: str


class BillingSystemUnavailable(DomainError):
    """The billing system did not answer, or answered with an error: worth trying again later."""

    status_code = 503


class BillingSystem(Protocol):
    async def standing(self, id_number: str) -> Standing:
        """Whether the person with this CI is a customer, and what they owe."""
        ...

    async def hand_over(self, sale: Sale) -> str:
        """Register the sale (again is harmless: keyed by its number); the billing system's reference for it."""
        ...

    async def close(self) -> None:
        """Let go of connections."""
        ...
