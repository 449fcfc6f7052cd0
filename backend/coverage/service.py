"""Checking a location against the coverage zones."""

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.coverage.geometry import contains
from backend.coverage.models import CoverageZone
from backend.coverage.places import OUTSIDE_COVERAGE
from backend.coverage.schemas import CoverageQuery, CoverageResult, CoverageStatus, ZoneChange, ZoneCreate, ZonePublic
from backend.errors import DomainError, NotFound
from backend.spelling import mentions, sounded


def get_zone(*, db: Session, zone_id: int) -> CoverageZone:
    zone = db.get(CoverageZone, zone_id)
    if zone is None:
        raise NotFound(f"No existe la zona de cobertura {zone_id}")
    return zone


def create_zone(*, db: Session, data: ZoneCreate) -> CoverageZone:
    """A new zone; a name already taken is refused."""
    if db.scalar(select(CoverageZone.id).where(CoverageZone.name == data.name)) is not None:
        raise DomainError(f"Ya existe la zona {data.name}")
    zone = CoverageZone(
        name=data.name,
        city=data.city,
        technology=data.technology,
        polygon=[list(point) for point in data.polygon],
        aliases=data.aliases,
    )
    db.add(zone)
    db.flush()
    return zone


def change_zone(*, db: Session, zone: CoverageZone, change: ZoneChange) -> CoverageZone:
    """A zone widened (its new outline), with other names, or switched on or off."""
    if change.polygon is not None:
        zone.polygon = [list(point) for point in change.polygon]
    if change.aliases is not None:
        zone.aliases = change.aliases
    if change.is_active is not None:
        zone.is_active = change.is_active
    db.flush()
    return zone


def list_active(*, db: Session) -> list[CoverageZone]:
    """Active zones, by name."""
    return list(db.scalars(select(CoverageZone).where(CoverageZone.is_active).order_by(CoverageZone.name)))


def zone_at(*, db: Session, latitude: float, longitude: float) -> CoverageZone | None:
    """The active zone that contains the point, if any."""
    return next((z for z in list_active(db=db) if contains(z.polygon, latitude, longitude)), None)


def zone_named_in(*, db: Session, text: str) -> CoverageZone | None:
    """The active zone whose name or alias the text mentions (the longest name wins)."""
    candidates = [
        (len(name), zone) for zone in list_active(db=db) for name in (zone.name, *zone.aliases) if mentions(text, name)
    ]
    return max(candidates, key=lambda pair: pair[0])[1] if candidates else None


def check(*, db: Session, query: CoverageQuery) -> CoverageResult:
    """Covered, not covered (a point outside every zone, or a place we do not serve), or unknown (an address
    that names no place we know)."""
    if query.latitude is not None and query.longitude is not None:
        zone = zone_at(db=db, latitude=query.latitude, longitude=query.longitude)
        if zone is None:
            return CoverageResult(status=CoverageStatus.NOT_COVERED, matched_by="point")
        return CoverageResult(status=CoverageStatus.COVERED, zone=ZonePublic.model_validate(zone), matched_by="point")
    zone = zone_named_in(db=db, text=query.text or "")
    if zone is not None:
        return CoverageResult(status=CoverageStatus.COVERED, zone=ZonePublic.model_validate(zone), matched_by="name")
    place = place_outside_named_in(query.text or "")
    if place is not None:
        return CoverageResult(status=CoverageStatus.NOT_COVERED, matched_by="name", place=place)
    return CoverageResult(status=CoverageStatus.UNKNOWN)


def place_outside_named_in(text: str) -> str | None:
    """The place outside every zone that the text names, if any (the longest name wins)."""
    named = [place for place in OUTSIDE_COVERAGE if mentions(text, place) and not names_a_street(text, place)]
    return max(named, key=len) if named else None


STREET_WORDS = ("calle", "c", "av", "avenida", "pasaje", "psje", "plaza", "plazuela", "esquina", "esq", "y")


def names_a_street(text: str, place: str) -> bool:
    """Whether the place is only the name of a street or square ("calle Sucre", "Av. Santa Cruz")."""
    kinds = "|".join(sounded(kind) for kind in STREET_WORDS)
    return bool(re.search(rf"\b({kinds}) {re.escape(sounded(place))}\b", sounded(text)))
