"""The installations' periodic job: the day-before reminders of visits."""

from backend.duties import DutyParts, duty
from backend.installations.reminders import ReminderLoop
from backend.installations.views import rules_of
from backend.periodic import Periodic


@duty
def visit_reminders(parts: DutyParts) -> Periodic:
    return ReminderLoop(
        sessions=parts.sessions,
        outbox=parts.outbox,
        rules=rules_of(parts.settings),
        interval=parts.settings.REMINDER_CHECK_SECONDS,
    )
