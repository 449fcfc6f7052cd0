"""The waiting list for supervisors: who waits for coverage, whom a zone now covers, and telling them."""

from fastapi import APIRouter

from backend.audit import service as audit
from backend.coverage import service as coverage_service
from backend.coverage.schemas import ZonePublic
from backend.database import utcnow
from backend.deps import SessionDep, SessionRoute, Supervisor
from backend.waiting_list import service as waiting_list
from backend.waiting_list.schemas import Resumed, Resumption, WaitingLead, ZoneWaiting
from backend.waiting_list.views import zone_waiting

router = APIRouter(route_class=SessionRoute, tags=["waiting list"])


@router.get("/waiting-list")
def list_waiting(db: SessionDep, _user: Supervisor) -> list[WaitingLead]:
    """Every customer waiting for coverage, oldest first."""
    return [WaitingLead.model_validate(lead) for lead in waiting_list.waiting(db=db)]


@router.get("/coverage/zones/{zone_id}/waiting")
def read_zone_waiting(zone_id: int, db: SessionDep, _user: Supervisor) -> ZoneWaiting:
    """The waiting customers the zone now covers."""
    return zone_waiting(db, coverage_service.get_zone(db=db, zone_id=zone_id))


@router.post("/coverage/zones/{zone_id}/waiting/resume")
def resume_waiting(zone_id: int, approval: Resumption, db: SessionDep, user: Supervisor) -> Resumed:
    """Tell the approved customers that the zone covers them now; their sale goes on where it stopped."""
    zone = coverage_service.get_zone(db=db, zone_id=zone_id)
    resumed = waiting_list.resume(db=db, zone=zone, lead_ids=approval.lead_ids, actor=user.full_name, now=utcnow())
    audit.record(
        db=db, actor=user, action="waiting_list.resumed", subject=f"zone:{zone.id}", leads=[lead.id for lead in resumed]
    )
    return Resumed(zone=ZonePublic.model_validate(zone), resumed=[WaitingLead.model_validate(lead) for lead in resumed])
