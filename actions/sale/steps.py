"""Which questions each form of the sale asks, given the answers so far. A form whose questions do not apply
asks none, and the sale goes on to the next (a company is referred after its contact, a place without coverage
is offered a notice, a plan declined is asked why)."""

from __future__ import annotations

from collections.abc import Callable

from rasa_sdk import Tracker

from actions.readers.customer_type import kind_of


def contact(tracker: Tracker) -> list[str]:
    """Home or company first; then who, and the e-mail of a home or the name of a company."""
    kind = kind_of(tracker)
    if kind is None:
        return ["customer_type"]
    return ["customer_type", "full_name", "phone", "company_name" if kind == "business" else "email"]


def coverage(tracker: Tracker) -> list[str]:
    """What a home wants the internet for, and where: a reference for the installer when the place is covered,
    else whether to be told when it is."""
    if kind_of(tracker) != "residential":
        return []
    covered = tracker.get_slot("coverage_status") != "not_covered"
    return ["usage", "usage_hours", "household_size", "location", "address_reference" if covered else
            "notify_on_coverage"]  # fmt: skip


def offer(tracker: Tracker) -> list[str]:
    """The plan on offer, and why not when it is declined."""
    if not coverage(tracker) or tracker.get_slot("coverage_status") == "not_covered":
        return []
    return ["plan_decision", "decline_reason"] if tracker.get_slot("plan_decision") == "declined" else ["plan_decision"]


def checkout(tracker: Tracker) -> list[str]:
    """The CI, how to pay and the confirmation of a plan taken."""
    if not offer(tracker) or tracker.get_slot("plan_decision") == "declined":
        return []
    return ["id_number", "payment_method", "order_confirmed"]


SALE: tuple[Callable[[Tracker], list[str]], ...] = (contact, coverage, offer, checkout)


def open_in_sale(tracker: Tracker) -> list[str]:
    """Every question of the sale still relevant, in the order they are asked."""
    return [slot for form in SALE for slot in form(tracker)]
