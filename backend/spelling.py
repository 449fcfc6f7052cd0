"""Place names as people spell them: the same words whatever the accents, the case or the letters that sound
the same in Bolivian Spanish. Used by the back office's coverage check and by the assistant alike."""

import re
import unicodedata


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
    the same; a place the customer says it is not ("Quillacollo no, en Tiquipaya", "no es en Sacaba") is not named."""
    wanted = sounded(place)
    if not wanted:
        return False
    denied = re.compile(rf"^no (es )?(en )?{re.escape(wanted)}\b|\b{re.escape(wanted)} no$")
    clauses = (sounded(clause) for clause in re.split(r"[,;]", text))
    return any(f" {wanted} " in f" {clause} " and not denied.search(clause) for clause in clauses)
