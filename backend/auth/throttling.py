"""Slowing down password guessing without letting a stranger lock the owner out.

Failures are counted per account *and* address: each one past the fifth makes that pair wait twice as long
(30 s, 1 min, 2 min … 15 min). An address that tries many accounts, and an account tried from many unknown
places, wait too. None of it ever applies to a known device: a browser that has logged into the account before
(its device cookie), or an address that has.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.auth.models import LoginAttempt
from backend.database import from_db, to_db

WINDOW = timedelta(minutes=15)
FREE_FAILURES_PER_PAIR = 5
FIRST_DELAY = timedelta(seconds=30)
LONGEST_DELAY = timedelta(minutes=15)
FAILURES_PER_ADDRESS = 30  # one place trying many accounts
FAILURES_PER_ACCOUNT_FROM_STRANGERS = 100  # one account tried from many places none of which ever logged in
KNOWN_ADDRESS_FOR = timedelta(days=180)


@dataclass(frozen=True)
class Wait:
    """Why and how long an attempt must wait."""

    seconds: int
    reason: str


def _failures(db: Session, since: datetime, **where: str) -> tuple[int, datetime | None]:
    """How many failed (or refused) logins match `where` since `since`, and when the latest was."""
    query = select(func.count(), func.max(LoginAttempt.at)).where(
        LoginAttempt.succeeded.is_(False),
        LoginAttempt.at >= to_db(since),
        *(getattr(LoginAttempt, column) == value for column, value in where.items()),
    )
    count, latest = db.execute(query).one()
    return count, from_db(latest) if latest is not None else None


def address_is_known(db: Session, *, email: str, address: str, now: datetime) -> bool:
    """Whether this account was logged into from this address lately."""
    query = select(LoginAttempt.id).where(
        LoginAttempt.email == email,
        LoginAttempt.address == address,
        LoginAttempt.succeeded.is_(True),
        LoginAttempt.at >= to_db(now - KNOWN_ADDRESS_FOR),
    )
    return db.scalar(query.limit(1)) is not None


def pair_delay(failures: int) -> timedelta:
    """How long an account and address pair waits after `failures` failures in a row."""
    if failures < FREE_FAILURES_PER_PAIR:
        return timedelta(0)
    doublings = min(failures - FREE_FAILURES_PER_PAIR, 10)  # 30 s × 2¹⁰ is past the longest wait already
    return min(FIRST_DELAY * 2**doublings, LONGEST_DELAY)


def wait_before_trying(db: Session, *, email: str, address: str, now: datetime) -> Wait | None:
    """How long a login for `email` from `address` (not a known device) must wait, if it must."""
    since = now - WINDOW
    failures, latest = _failures(db, since, email=email, address=address)
    if latest is not None and (due := latest + pair_delay(failures)) > now:
        return Wait(int((due - now).total_seconds()) + 1, "account and address")
    from_address, latest = _failures(db, since, address=address)
    if latest is not None and from_address >= FAILURES_PER_ADDRESS:
        return Wait(int((latest + WINDOW - now).total_seconds()) + 1, "address")
    strangers = select(func.count()).where(
        LoginAttempt.email == email,
        LoginAttempt.succeeded.is_(False),
        LoginAttempt.at >= to_db(since),
        LoginAttempt.address.not_in(
            select(LoginAttempt.address).where(LoginAttempt.email == email, LoginAttempt.succeeded.is_(True))
        ),
    )
    if (db.scalar(strangers) or 0) >= FAILURES_PER_ACCOUNT_FROM_STRANGERS:
        return Wait(int(WINDOW.total_seconds()), "account from unknown places")
    return None
