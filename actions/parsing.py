"""Reading customers' answers as they write them: accents or not, typos, WhatsApp style.

Pure functions with no Rasa dependency, so they can be tested on their own.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Optional, Tuple

WORD_NUMBERS = {
    "un": 1, "uno": 1, "una": 1, "solo": 1, "sola": 1, "dos": 2, "tres": 3, "cuatro": 4,
    "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
}
YES_WORDS = {
    "si", "sii", "sip", "sep", "claro", "ok", "okey", "oka", "dale", "ya", "bueno", "correcto",
    "exacto", "afirmativo", "perfecto", "obvio", "listo", "confirmo", "acepto", "va", "vale",
}
NO_WORDS = {"no", "nop", "nope", "nel", "nada", "negativo", "tampoco"}
NAME_PREFIXES = re.compile(
    r"^(hola,?\s+)?((me llamo|mi nombre es|mi nombre completo es|soy|es|nombre)\s*:?\s+)", re.I
)
NAME_PARTICLES = {"de", "del", "la", "las", "los", "y", "da", "van", "von"}
DEPARTMENTS = {
    "LP": "LP", "LA PAZ": "LP", "CB": "CB", "CBBA": "CB", "COCHABAMBA": "CB", "SC": "SC",
    "SCZ": "SC", "SANTA CRUZ": "SC", "OR": "OR", "ORURO": "OR", "PT": "PT", "POTOSI": "PT",
    "TJ": "TJ", "TARIJA": "TJ", "CH": "CH", "CHUQUISACA": "CH", "SUCRE": "CH", "BN": "BN",
    "BE": "BN", "BENI": "BN", "PA": "PA", "PD": "PA", "PANDO": "PA",
}
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
EMAIL_DOMAIN_TYPOS = {
    "gmail.con": "gmail.com", "gmial.com": "gmail.com", "gmai.com": "gmail.com",
    "gamil.com": "gmail.com", "gmail.co": "gmail.com", "gmail.cm": "gmail.com",
    "hotmail.con": "hotmail.com", "hotmial.com": "hotmail.com", "hotmai.com": "hotmail.com",
    "outlook.con": "outlook.com", "yahoo.con": "yahoo.com",
}


def normalize(text: str) -> str:
    """Lower case, no accents, punctuation turned into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.findall(r"[a-z0-9@.+\-]+", plain))


def _words(text: str) -> list:
    return re.findall(r"[a-z0-9]+", normalize(text))


def _has_any(text: str, phrases: Iterable[str]) -> bool:
    padded = f" {' '.join(_words(text))} "
    return any(f" {phrase} " in padded for phrase in phrases)


def find_email(text: str) -> Optional[str]:
    """A well-formed e-mail address written anywhere in the text."""
    match = EMAIL_PATTERN.search(text)
    if not match:
        return None
    email = match.group(0).lower().strip(".")
    domain = email.split("@", 1)[1]
    return None if domain in EMAIL_DOMAIN_TYPOS else email


def email_problem(text: str) -> str:
    """Why the text is not a valid e-mail, in words for the customer."""
    candidate = next((word for word in text.split() if "@" in word), text.strip())
    if "@" not in candidate:
        return "le falta la @"
    user, _, domain = candidate.lower().strip(".,;").partition("@")
    if not user:
        return "falta lo que va antes de la @"
    if domain in EMAIL_DOMAIN_TYPOS:
        return f"¿quisiste decir {user}@{EMAIL_DOMAIN_TYPOS[domain]}?"
    if "." not in domain:
        return "le falta el final del dominio, como .com o .bo"
    return "tiene caracteres que no van en un correo"


def find_phone(text: str) -> Optional[str]:
    """A Bolivian mobile (8 digits, 6 or 7 first) or landline (7 digits) number, as +591…"""
    compact = re.sub(r"(?<=\d)[\s\-.]+(?=\d)", "", text)
    for digits in re.findall(r"\+?\d{7,12}", compact):
        digits = digits.lstrip("+")
        if digits.startswith("591") and len(digits) in (10, 11):
            digits = digits[3:]
        if len(digits) == 8 and digits[0] in "67":
            return "+591" + digits
        if len(digits) == 7 and digits[0] in "234":
            return "+591" + digits
    return None


def parse_ci(text: str) -> Tuple[Optional[str], Optional[str]]:
    """A CI in its written form (`4567891`, `4567891-1A`, `4567891 CB`), or why it is not one."""
    upper = " ".join(normalize(text).upper().replace(".", " ").split())
    match = re.search(r"(?<!\d)(\d+)(?:\s*-\s*([0-9][A-Z]))?(?:\s+([A-Z]{2,}(?: [A-Z]+)?))?", upper)
    if not match:
        return None, "no encuentro los números del carnet"
    number, complement, extension = match.groups()
    if not 5 <= len(number) <= 10:
        return None, "debe tener entre 5 y 10 dígitos"
    value = number + (f"-{complement}" if complement else "")
    code = extension and (DEPARTMENTS.get(extension) or DEPARTMENTS.get(extension.split()[0]))
    return (f"{value} {code}" if code else value), None


def parse_person_name(text: str) -> Tuple[Optional[str], Optional[str]]:
    """A person's full name, title-cased, or the reason it is not one ('surname' or 'invalid')."""
    cleaned = NAME_PREFIXES.sub("", text.strip()).strip(" .,!¡¿?")
    words = cleaned.split()
    if not words or len(words) > 7 or any(not re.fullmatch(r"[^\W\d_][^\W\d_'\-]*", w) for w in words):
        return None, "invalid"
    if {normalize(w) for w in words} & (YES_WORDS | NO_WORDS | {"hola", "gracias", "internet"}):
        return None, "invalid"
    if len(words) < 2:
        return None, "surname"
    name = " ".join(w.lower() if (i and w.lower() in NAME_PARTICLES) else w.capitalize() for i, w in enumerate(words))
    return name, None


def parse_household_size(text: str) -> Optional[int]:
    """How many people, from digits or words ('somos 4', 'cuatro', 'vivo solo')."""
    digits = re.search(r"\d+", text)
    if digits:
        value = int(digits.group(0))
        return value if 1 <= value <= 30 else None
    for word in _words(text):
        if word in WORD_NUMBERS:
            return WORD_NUMBERS[word]
    return None


def parse_speed(text: str) -> Optional[int]:
    """A wished speed such as '100 megas' or '300mbps', in Mbps."""
    match = re.search(r"(\d{2,4})\s*(mbps|mb|megas?|mbs|megabits?)\b", normalize(text))
    return int(match.group(1)) if match else None


def parse_usage(text: str) -> Optional[str]:
    """The main use of the connection."""
    if _has_any(text, ("home office", "teletrabajo", "trabajo desde casa", "trabajar desde casa",
                       "trabajo remoto", "zoom", "reuniones", "homeoffice", "trabajo", "trabajar")):
        return "home_office"
    if _has_any(text, ("juegos", "juego", "jugar", "gamer", "gaming", "gamers", "play", "free fire",
                       "fortnite", "dota", "lol", "videojuegos", "juegos en linea")):
        return "gaming"
    if _has_any(text, ("estudio", "estudiar", "clases", "tareas", "universidad", "colegio",
                       "escuela", "u", "cursos", "estudios", "clases virtuales")):
        return "study"
    if _has_any(text, ("netflix", "series", "peliculas", "streaming", "youtube", "tv", "television",
                       "disney", "videos", "pelis")):
        return "streaming"
    if _has_any(text, ("redes", "navegar", "whatsapp", "facebook", "tiktok", "basico", "normal",
                       "hogar", "casa", "internet", "noticias", "correo")):
        return "home"
    return None


def parse_usage_hours(text: str) -> Optional[str]:
    """When the connection is used the most."""
    if _has_any(text, ("todo el dia", "todo el tiempo", "siempre", "dia y noche", "24 horas", "todo")):
        return "all_day"
    if _has_any(text, ("noche", "noches", "nochecita", "madrugada")):
        return "night"
    if _has_any(text, ("tarde", "tardes", "mediodia", "despues de almuerzo")):
        return "afternoon"
    if _has_any(text, ("manana", "mananas", "temprano", "am")):
        return "morning"
    return None


def parse_customer_type(text: str) -> Optional[str]:
    """Residential (home) or business."""
    if _has_any(text, ("home office", "mi casa", "hogar", "casa", "residencial", "departamento",
                       "familia", "personal", "domicilio", "cuarto", "mi depa")):
        return "residential"
    if _has_any(text, ("empresa", "negocio", "oficina", "empresarial", "comercial", "pyme", "tienda",
                       "local", "nit", "consultorio", "corporativo", "institucion")):
        return "business"
    return None


def parse_payment_method(text: str) -> Optional[str]:
    """Prepaid or postpaid."""
    words = normalize(text)
    if re.search(r"\bpre\s*-?\s*pago|adelantado|transferencia|\bqr\b|en linea|antes", words):
        return "prepaid"
    if re.search(r"\bpost\s*-?\s*pago|\bpos\s*pago|cada mes|factura|fin de mes|despues|mensual", words):
        return "postpaid"
    return None


def parse_payment_option(text: str) -> Optional[str]:
    """How a prepaid order is paid: "transfer" or "online"."""
    words = normalize(text)
    if re.search(r"transfer\w*|deposit\w*|banca movil|\bbanco\b|\bqr\b", words):
        return "transfer"
    if re.search(r"en linea|online|on line|tarjeta|enlace|\blink\b|pagina|\bweb\b|pasarela", words):
        return "online"
    return None


def find_deposit_number(text: str) -> Optional[str]:
    """The deposit or transaction number in a message: the longest run of 4 to 20 digits (dashes allowed)."""
    runs = re.findall(r"\d[\d\-]{2,24}\d", text)
    numbers = [run for run in runs if 4 <= len(re.sub(r"\D", "", run)) <= 20]
    return max(numbers, key=len) if numbers else None


def parse_yes_no(text: str) -> Optional[bool]:
    """True for yes, False for no, None if neither."""
    words = _words(text)
    if not words:
        return None
    if words[0] in NO_WORDS or _has_any(text, ("no gracias", "para nada", "todavia no", "mejor no")):
        return False
    if words[0] in YES_WORDS or _has_any(text, ("por supuesto", "de una", "ya pues", "esta bien", "de acuerdo")):
        return True
    return None


def match_plan(text: str, plans: Iterable[dict]) -> Optional[str]:
    """The code of the plan the text names, by its speed ('el de 150') or a word of its name."""
    words = set(_words(text))
    for plan in plans:
        name_words = set(_words(plan["name"])) - {"fibra", "hogar", "plan"}
        if str(plan["download_mbps"]) in words or (name_words - {str(plan["download_mbps"])}) & words:
            return plan["code"]
    return None


def format_bs(amount: object) -> str:
    """An amount in bolivianos as people write it: 199, or 199.50."""
    value = float(str(amount))
    return f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
