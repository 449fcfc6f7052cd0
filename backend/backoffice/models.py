"""One round of the backoffice check of a request."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.database import Base, utcnow
from backend.orders.models import Order


class CheckState(StrEnum):
    PENDING = "pending"
    RETURNED = "returned"
    PASSED = "passed"

    @property
    def label(self) -> str:
        return {"pending": "Por revisar", "returned": "Devuelta al ejecutivo", "passed": "Revisada"}[self.value]


class BackofficeCheck(Base):
    """A request in the backoffice's queue, and what the backoffice decided: passed, or returned with why."""

    __tablename__ = "backoffice_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    state: Mapped[CheckState] = mapped_column(String(10), default=CheckState.PENDING, index=True)
    missing: Mapped[list[str]] = mapped_column(JSON, default=list)
    reason: Mapped[str | None] = mapped_column(Text)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(120))

    order: Mapped[Order] = relationship(lazy="joined")
