"""Equipment stock for admins: what is free per technology, zone and model, and setting it after a count."""

from datetime import date

from fastapi import APIRouter
from pydantic import AliasPath, BaseModel, ConfigDict, Field

from backend.audit import service as audit
from backend.coverage.models import CoverageZone
from backend.deps import Admin, SessionDep, SessionRoute
from backend.errors import NotFound
from backend.stock import service

router = APIRouter(route_class=SessionRoute, prefix="/stock", tags=["stock"])


class StockLine(BaseModel):
    technology: str = Field(min_length=2, max_length=40)
    coverage_zone_id: int
    model: str = Field(min_length=2, max_length=80)
    available: int = Field(ge=0, le=100_000)
    preference: int = Field(default=0, ge=0, le=100, description="0 is offered first; higher ones are alternatives")
    restock_on: date | None = None


class StockLinePublic(StockLine):
    model_config = ConfigDict(from_attributes=True)

    id: int
    zone: str = Field(validation_alias=AliasPath("coverage_zone", "name"))


@router.get("")
def list_stock(db: SessionDep, _user: Admin) -> list[StockLinePublic]:
    """Every stock line, by zone and technology, the preferred model first."""
    return [StockLinePublic.model_validate(row) for row in service.stock(db)]


@router.put("")
def put_stock(line: StockLine, db: SessionDep, user: Admin) -> StockLinePublic:
    """Set a line's free units (after a delivery or an inventory), its preference and the expected restock."""
    if db.get(CoverageZone, line.coverage_zone_id) is None:
        raise NotFound(f"No existe la zona de cobertura {line.coverage_zone_id}")
    row = service.put(
        db, technology=line.technology, zone_id=line.coverage_zone_id, model=line.model, available=line.available,
        preference=line.preference, restock_on=line.restock_on,
    )  # fmt: skip
    audit.record(db=db, actor=user, action="stock.set", subject=f"{row.model}@{row.coverage_zone_id}={row.available}")
    db.refresh(row)
    return StockLinePublic.model_validate(row)
