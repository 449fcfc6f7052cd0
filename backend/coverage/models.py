"""Areas where the network can serve new customers."""

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.database import Base


class CoverageZone(Base):
    """A neighbourhood served by the network, as a polygon of (latitude, longitude) points."""

    __tablename__ = "coverage_zones"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    city: Mapped[str] = mapped_column(String(80))
    technology: Mapped[str] = mapped_column(String(40), default="Fibra óptica")
    polygon: Mapped[list[list[float]]] = mapped_column(JSON)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(default=True)
