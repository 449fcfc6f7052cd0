"""Plane geometry and place-name matching for coverage checks."""

import re
import unicodedata
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


def normalize(text: str) -> str:
    """Lower-case words without accents or punctuation, single-spaced."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.findall(r"[a-z0-9]+", plain))


# Spellings that sound the same in Bolivian Spanish: "keru keru" is Queru Queru, "kala kala" Cala Cala.
SAME_SOUNDS = (
    (r"qu(?=[ei])", "k"),
    (r"c(?=[ei])", "s"),
    (r"[cq]", "k"),
    (r"z", "s"),
    (r"ll", "y"),
    (r"v", "b"),
    (r"h", ""),
    (r"([a-z])\1", r"\1"),
)


def sounded(text: str) -> str:
    """The words of `text` as they sound: one spelling for each sound (k/qu/c, s/z/c, y/ll, b/v, silent h)."""
    words = normalize(text)
    for spelling, sound in SAME_SOUNDS:
        words = re.sub(spelling, sound, words)
    return words


def mentions(text: str, place: str) -> bool:
    """Whether `text` names `place` as whole words, anywhere in it, ignoring case, accents and spellings that sound
    the same."""
    wanted = sounded(place)
    return bool(wanted) and f" {wanted} " in f" {sounded(text)} "
