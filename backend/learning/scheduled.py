"""The learning page's periodic job: the retraining supervisors asked for."""

from backend.duties import DutyParts, duty
from backend.learning.trainer import Retrainer
from backend.periodic import Periodic


@duty
def retraining(parts: DutyParts) -> Periodic:
    return Retrainer(sessions=parts.sessions, settings=parts.settings, assistant=parts.assistant)
