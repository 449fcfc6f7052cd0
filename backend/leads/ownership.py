"""Whose lead it is: an executive works their own leads and unowned ones; supervisors and admins any."""

from backend.auth.models import Role, User
from backend.errors import Forbidden
from backend.leads.models import Lead

OVERSEEING_ROLES = (Role.SUPERVISOR, Role.ADMIN)


def ensure_may_work(lead: Lead | None, user: User) -> None:
    """Refuse (403) an executive acting on another executive's lead."""
    if lead is None or user.role in OVERSEEING_ROLES or lead.owner_id in (None, user.id):
        return
    raise Forbidden(f"Este lead está asignado a otro ejecutivo ({lead.owner_name}): pídeselo a él o a un supervisor")


def ensure_overseeing(user: User, action: str) -> None:
    """Refuse (403) what only supervisors and admins do."""
    if user.role not in OVERSEEING_ROLES:
        raise Forbidden(f"Solo un supervisor puede {action}")
