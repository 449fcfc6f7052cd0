"""Demo catalogue and Cochabamba coverage zones, loaded into an empty database."""

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.catalog.models import Plan
from backend.coverage.models import CoverageZone
from backend.installations.models import Crew, InstallationDuration

PLANS = [
    ("FIBRA_40", "Fibra Hogar 40", 40, 20, "149", "Navegar, redes sociales y videollamadas para 1 o 2 personas."),
    ("FIBRA_80", "Fibra Hogar 80", 80, 40, "199", "Streaming en HD y clases virtuales para la familia."),
    ("FIBRA_150", "Fibra Hogar 150", 150, 75, "259", "Varias pantallas en 4K y teletrabajo sin cortes."),
    ("FIBRA_300", "Fibra Gamer 300", 300, 150, "349", "Baja latencia para juegos en línea y descargas rápidas."),
    ("FIBRA_600", "Fibra Ultra 600", 600, 300, "499", "Para hogares muy conectados: todo a la vez, sin esperas."),
]
INSTALLATION_FEE_BS = Decimal("150")


def _box(south: float, north: float, west: float, east: float) -> list[list[float]]:
    return [[south, west], [south, east], [north, east], [north, west]]


ZONES = [
    ("Centro", "Cochabamba", _box(-17.400, -17.386, -66.168, -66.148), ["casco viejo", "plaza 14 de septiembre"]),
    ("Queru Queru", "Cochabamba", _box(-17.380, -17.365, -66.160, -66.145), ["queruqueru", "recoleta"]),
    ("Cala Cala", "Cochabamba", _box(-17.378, -17.362, -66.178, -66.162), ["calacala"]),
    ("Sarco", "Cochabamba", _box(-17.385, -17.370, -66.195, -66.179), []),
    ("Tupuraya", "Cochabamba", _box(-17.395, -17.378, -66.145, -66.128), ["muyurina"]),
    ("Las Cuadras", "Cochabamba", _box(-17.410, -17.401, -66.150, -66.135), ["hipodromo"]),
    ("Quillacollo Centro", "Quillacollo", _box(-17.405, -17.385, -66.290, -66.265), ["quillacollo", "quilla"]),
]


CREWS = [
    ("Cuadrilla Centro", ["Centro", "Tupuraya", "Las Cuadras"]),
    ("Cuadrilla Norte", ["Queru Queru", "Cala Cala", "Sarco"]),
    ("Cuadrilla Quillacollo", ["Quillacollo Centro"]),
]
CREW_HOURS = "mon-fri 08:00-17:00; sat 08:00-12:00"
FIBRE_INSTALL_MINUTES = 120


def load(db: Session) -> None:
    """Add the demo plans and zones that are not there yet."""
    known_plans = set(db.scalars(select(Plan.code)))
    for code, name, down, up, price, description in PLANS:
        if code not in known_plans:
            db.add(
                Plan(
                    code=code,
                    name=name,
                    technology="Fibra óptica",
                    download_mbps=down,
                    upload_mbps=up,
                    monthly_price_bs=Decimal(price),
                    installation_fee_bs=INSTALLATION_FEE_BS,
                    description=description,
                )
            )
    known_zones = set(db.scalars(select(CoverageZone.name)))
    for name, city, polygon, aliases in ZONES:
        if name not in known_zones:
            db.add(CoverageZone(name=name, city=city, polygon=polygon, aliases=aliases))
    db.flush()
    zones = {zone.name: zone for zone in db.scalars(select(CoverageZone))}
    known_crews = set(db.scalars(select(Crew.name)))
    for name, zone_names in CREWS:
        if name not in known_crews:
            db.add(Crew(name=name, working_hours=CREW_HOURS, zones=[zones[z] for z in zone_names]))
    if db.scalar(select(InstallationDuration).where(InstallationDuration.technology == "Fibra óptica")) is None:
        db.add(InstallationDuration(technology="Fibra óptica", minutes=FIBRE_INSTALL_MINUTES))
    db.flush()
