"""Matching deposits waiting for collections to the bank statement's lines."""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from backend.money import money

DATE_TOLERANCE_DAYS = 3


@dataclass(frozen=True)
class Deposit:
    payment_id: int
    number: str
    amount_bs: Decimal
    day: date


@dataclass(frozen=True)
class Line:
    id: int
    reference: str
    amount_bs: Decimal
    day: date


@dataclass
class Match:
    """A proposed line for a deposit: exact when number, amount and date agree, else a near miss to check."""

    payment_id: int
    line_id: int
    exact: bool
    differences: list[str] = field(default_factory=list)


def same_reference(a: str, b: str) -> bool:
    """Deposit numbers compared without spaces, dashes or leading zeros."""

    def key(text: str) -> str:
        return re.sub(r"[^0-9A-Z]", "", text.upper()).lstrip("0")

    return key(a) == key(b) != ""


def differences(deposit: Deposit, line: Line) -> list[str]:
    """What the line says differently, in the words collections staff read."""
    found = []
    if not same_reference(deposit.number, line.reference):
        found.append(f"número {line.reference} en el extracto")
    if deposit.amount_bs != line.amount_bs:
        found.append(f"monto {money(line.amount_bs)} en el extracto")
    if deposit.day != line.day:
        found.append(f"fecha {line.day:%d/%m/%Y} en el extracto")
    return found


def is_near(deposit: Deposit, line: Line) -> bool:
    """Two of number, amount and date (give or take a few days) agree."""
    agreeing = (
        same_reference(deposit.number, line.reference),
        deposit.amount_bs == line.amount_bs,
        abs((deposit.day - line.day).days) <= DATE_TOLERANCE_DAYS,
    )
    return sum(agreeing) >= 2


def propose(deposits: list[Deposit], lines: list[Line]) -> list[Match]:
    """Exact matches first, then near misses; a line is proposed for one deposit at most."""
    free = {line.id: line for line in lines}
    matches: dict[int, Match] = {}
    for deposit in deposits:
        exact = next((line for line in free.values() if not differences(deposit, line)), None)
        if exact is not None:
            matches[deposit.payment_id] = Match(deposit.payment_id, exact.id, exact=True)
            del free[exact.id]
    for deposit in deposits:
        if deposit.payment_id in matches:
            continue
        near = [line for line in free.values() if is_near(deposit, line)]
        if near:
            best = min(near, key=lambda line: (len(differences(deposit, line)), abs((deposit.day - line.day).days)))
            matches[deposit.payment_id] = Match(deposit.payment_id, best.id, False, differences(deposit, best))
            del free[best.id]
    return [matches[d.payment_id] for d in deposits if d.payment_id in matches]
