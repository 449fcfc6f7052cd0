"""The waiting list as supervisors read it."""

from sqlalchemy.orm import Session

from backend.coverage.models import CoverageZone
from backend.coverage.schemas import ZonePublic
from backend.waiting_list import service as waiting_list
from backend.waiting_list.schemas import WaitingLead, ZoneWaiting


def zone_waiting(db: Session, zone: CoverageZone) -> ZoneWaiting:
    """The zone and the waiting customers it now covers."""
    covered = waiting_list.now_covered(db=db, zone=zone)
    return ZoneWaiting(
        zone=ZonePublic.model_validate(zone), now_covered=[WaitingLead.model_validate(lead) for lead in covered]
    )
