"""The public coverage check."""

from fastapi import APIRouter

from backend.coverage import service as coverage_service
from backend.coverage.schemas import CoverageQuery, CoverageResult, ZonePublic
from backend.deps import SessionDep, SessionRoute

router = APIRouter(route_class=SessionRoute, prefix="/coverage", tags=["coverage"])


@router.post("/check")
def check_coverage(query: CoverageQuery, db: SessionDep) -> CoverageResult:
    """Whether a point or an address is inside a coverage zone."""
    return coverage_service.check(db=db, query=query)


@router.get("/zones")
def list_zones(db: SessionDep) -> list[ZonePublic]:
    """The zones with coverage."""
    return [ZonePublic.model_validate(zone) for zone in coverage_service.list_active(db=db)]
