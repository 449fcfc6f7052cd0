"""What makes a staff password acceptable: long enough, and not one of those guessed first."""

import re
import unicodedata
from functools import cache
from pathlib import Path

MIN_LENGTH = 10
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")


@cache
def common_passwords() -> frozenset[str]:
    """The passwords guessed first (`common_passwords.txt`, one a line, for admins to extend)."""
    return frozenset(line.strip().lower() for line in COMMON_PASSWORDS.read_text().splitlines() if line.strip())


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def password_problem(password: str) -> str | None:
    """Why `password` is refused, in Spanish, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"La contraseña debe tener al menos {MIN_LENGTH} caracteres"
    plain = _plain(password)
    # "Bolivia2026!" is "bolivia" with a year and a sign: as guessable as the word.
    stem = re.sub(r"[\d\W_]+$", "", plain)
    if plain in common_passwords() or stem in common_passwords() or len(set(plain)) <= 2:
        return "Esa contraseña es de las más usadas: elige otra que no se adivine"
    return None
