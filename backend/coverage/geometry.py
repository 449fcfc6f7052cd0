"""Plane geometry for coverage checks (place names are matched by `backend.spelling`)."""

from collections.abc import Sequence

Point = tuple[float, float]


def contains(polygon: Sequence[Sequence[float]], latitude: float, longitude: float) -> bool:
    """Whether the point lies inside the polygon (ray casting; edges count as inside)."""
    inside = False
    count = len(polygon)
    for i in range(count):
        lat1, lon1 = polygon[i]
        lat2, lon2 = polygon[(i + 1) % count]
        if _on_segment(latitude, longitude, lat1, lon1, lat2, lon2):
            return True
        if (lon1 > longitude) != (lon2 > longitude):
            crossing = lat1 + (longitude - lon1) * (lat2 - lat1) / (lon2 - lon1)
            if latitude < crossing:
                inside = not inside
    return inside


def _on_segment(y: float, x: float, y1: float, x1: float, y2: float, x2: float) -> bool:
    cross = (x - x1) * (y2 - y1) - (y - y1) * (x2 - x1)
    if abs(cross) > 1e-12:
        return False
    return min(x1, x2) <= x <= max(x1, x2) and min(y1, y2) <= y <= max(y1, y2)
