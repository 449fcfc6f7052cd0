"""The public coverage check, and the zones supervisors add and widen."""

from fastapi import APIRouter, status

from backend.audit import service as audit
from backend.coverage import service as coverage_service
from backend.coverage.schemas import CoverageQuery, CoverageResult, ZoneChange, ZoneCreate, ZonePublic
from backend.deps import SessionDep, SessionRoute, Supervisor
from backend.waiting_list.schemas import ZoneWaiting
from backend.waiting_list.views import zone_waiting

router = APIRouter(route_class=SessionRoute, prefix="/coverage", tags=["coverage"])


@router.post("/check")
def check_coverage(query: CoverageQuery, db: SessionDep) -> CoverageResult:
    """Whether a point or an address is inside a coverage zone."""
    return coverage_service.check(db=db, query=query)


@router.get("/zones")
def list_zones(db: SessionDep) -> list[ZonePublic]:
    """The zones with coverage."""
    return [ZonePublic.model_validate(zone) for zone in coverage_service.list_active(db=db)]


@router.post("/zones", status_code=status.HTTP_201_CREATED)
def add_zone(data: ZoneCreate, db: SessionDep, user: Supervisor) -> ZoneWaiting:
    """A new zone, with the customers waiting for coverage that it now covers."""
    zone = coverage_service.create_zone(db=db, data=data)
    audit.record(db=db, actor=user, action="coverage.zone_added", subject=f"zone:{zone.id}", name=zone.name)
    return zone_waiting(db, zone)


@router.patch("/zones/{zone_id}")
def change_zone(zone_id: int, change: ZoneChange, db: SessionDep, user: Supervisor) -> ZoneWaiting:
    """A zone widened, named otherwise or switched on or off, with the waiting customers it now covers."""
    zone = coverage_service.change_zone(db=db, zone=coverage_service.get_zone(db=db, zone_id=zone_id), change=change)
    audit.record(db=db, actor=user, action="coverage.zone_changed", subject=f"zone:{zone.id}")
    return zone_waiting(db, zone)
