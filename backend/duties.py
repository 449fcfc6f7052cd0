"""The periodic jobs of the features, each registered in its feature's `scheduled.py`; one process runs them
(the holder of the "duties" lease, `backend.background`).

    @duty
    def visit_reminders(parts: DutyParts) -> Periodic:
        return ReminderLoop(...)
"""

import importlib
import importlib.util
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

import backend
from backend.assistant.rasa import RasaClient
from backend.config import Settings
from backend.conversations.outbox import Outbox
from backend.periodic import Periodic


@dataclass(frozen=True)
class DutyParts:
    """What a periodic job may use."""

    settings: Settings
    sessions: sessionmaker[Session]
    outbox: Outbox
    assistant: RasaClient


Duty = Callable[[DutyParts], Periodic]
_registered: dict[str, Duty] = {}


def duty(make: Duty) -> Duty:
    """Register a feature's periodic job, by the function that builds it."""
    _registered[f"{make.__module__}.{make.__name__}"] = make
    return make


def registered() -> list[Duty]:
    """Every feature's periodic jobs: each `backend.<feature>.scheduled` module is imported and registers its own."""
    for feature in pkgutil.iter_modules(backend.__path__):
        name = f"backend.{feature.name}.scheduled"
        if feature.ispkg and importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
    return list(_registered.values())
