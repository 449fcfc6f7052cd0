"""The day-before reminder: a loop in the backend that tells each customer once, even across restarts."""

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from backend.conversations.messages import Notice
from backend.conversations.outbox import Outbox
from backend.database import from_db, transaction, utcnow
from backend.installations import notices
from backend.installations import service as installation_service
from backend.installations.models import Visit
from backend.installations.notices import window
from backend.installations.service import SchedulingRules
from backend.orders.models import Order
from backend.periodic import Periodic


def send_due_reminders(
    *, sessions: sessionmaker[Session], outbox: Outbox, rules: SchedulingRules, now: datetime
) -> int:
    """Queue the reminder of every visit of tomorrow not reminded yet; how many went out."""
    sent = 0
    with transaction(sessions) as db:
        for visit in installation_service.due_reminders(db=db, now=now, rules=rules):
            claimed = db.execute(
                update(Visit)
                .where(Visit.id == visit.id, Visit.reminder_sent_at.is_(None))
                .values(reminder_sent_at=now.replace(tzinfo=None))
            ).rowcount
            if not claimed:  # another backend process reminded it a moment ago
                continue
            text = notices.reminder(window(from_db(visit.starts_at, rules.zone), from_db(visit.ends_at, rules.zone)))
            sent += notices.tell_customer(
                db=db, outbox=outbox, order=db.get_one(Order, visit.order_id), text=text, notice=Notice.VISIT_REMINDER
            )
    return sent


class ReminderLoop(Periodic):
    """Looks for visits to remind every `interval` seconds."""

    name = "visit-reminders"

    def __init__(
        self, *, sessions: sessionmaker[Session], outbox: Outbox, rules: SchedulingRules, interval: float
    ) -> None:
        super().__init__(interval)
        self._sessions, self._outbox, self._rules = sessions, outbox, rules

    def run_once(self) -> int:
        return send_due_reminders(sessions=self._sessions, outbox=self._outbox, rules=self._rules, now=utcnow())
