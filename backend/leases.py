"""Leases: work that exactly one process may do at a time, taken over when its holder stops renewing it.

A process holds a lease by name ("duties", "conversation:42") until `expires_at`; it renews its leases while it
works and gives them back when it stops. A process that dies keeps its leases only until they expire, so
another one takes its work up then — and never while the holder is alive.
"""

import os
import socket
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import DateTime, String, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from backend.database import Base, to_db, utcnow

LEASE_SECONDS = 30.0  # a dead process's work waits this long at most before another takes it up
RENEW_SECONDS = 10.0  # how often the holder renews
NOBODY = ""  # the holder of a lease given back
RELEASED_AT = datetime(2000, 1, 1)  # the expiry of a lease given back: long past


class Lease(Base):
    """Who holds the work named `name`, until when."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)


def process_identity() -> str:
    """A name for this process, unique even across restarts with the same pid."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire(
    db: Session, names: Iterable[str], *, holder: str, seconds: float = LEASE_SECONDS, now: datetime | None = None
) -> list[str]:
    """Take the leases of `names` that are free or expired (or already `holder`'s); the ones now held.

    One atomic statement per name: two processes never both get one, on SQLite or PostgreSQL.
    """
    now = to_db(now or utcnow())
    until = now + timedelta(seconds=seconds)
    held = []
    for name in names:
        taken = db.execute(
            update(Lease)
            .where(Lease.name == name, or_(Lease.holder == holder, Lease.expires_at < now))
            .values(holder=holder, expires_at=until)
        ).rowcount
        if not taken and db.get(Lease, name) is None:
            try:
                with db.begin_nested():
                    db.execute(insert(Lease).values(name=name, holder=holder, expires_at=until))
                taken = 1
            except IntegrityError:  # another process inserted it first
                taken = 0
        if taken:
            held.append(name)
    return held


def renew(db: Session, *, holder: str, seconds: float = LEASE_SECONDS, now: datetime | None = None) -> int:
    """Extend every lease `holder` has; how many."""
    until = to_db(now or utcnow()) + timedelta(seconds=seconds)
    return db.execute(update(Lease).where(Lease.holder == holder).values(expires_at=until)).rowcount


def release(db: Session, names: Iterable[str] | None = None, *, holder: str) -> None:
    """Give back `holder`'s leases of `names` (all of them when None). The row stays, held by nobody and expired,
    so that taking the lease again is one update."""
    statement = update(Lease).where(Lease.holder == holder).values(holder=NOBODY, expires_at=RELEASED_AT)
    if names is not None:
        statement = statement.where(Lease.name.in_(list(names)))
    db.execute(statement)


def holder_of(db: Session, name: str, *, now: datetime | None = None) -> str | None:
    """Who holds `name` right now (None if nobody, or the lease expired)."""
    lease = db.scalar(select(Lease).where(Lease.name == name, Lease.expires_at >= to_db(now or utcnow())))
    return lease.holder if lease else None
