"""Reading customers' answers as they write them: accents or not, typos, WhatsApp style.

Pure functions with no Rasa dependency, so they can be tested on their own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

import phonenumbers
import yaml
from text_to_num import alpha2digit

from backend.spelling import sounded

ALONE = re.compile(r"\b(solo|sola|yo nomas|yo solo|yo sola)\b")
# Titles people put before their name ("Dra. Silvia Montaño"): not part of it.
TITLES = re.compile(
    r"^((sr|sra|srta|dr|dra|lic|licda|ing|arq|prof|profe|don|dona|doña|ingeniero|ingeniera|"
    r"doctor|doctora|licenciado|licenciada|senor|senora|señor|señora)\.?\s+)+",
    re.I,
)
# A landline written without its area code is in the provider's own area (Cochabamba: 4).
LOCAL_AREA_CODE = "4"
QUESTION_WORDS = {
    "que",
    "cuanto",
    "cuanta",
    "cuantos",
    "cuantas",
    "cuando",
    "como",
    "donde",
    "cual",
    "cuales",
    "quien",
    "porque",
    "por",
    "tienen",
    "tiene",
    "hay",
    "puedo",
    "pueden",
    "se",
    "llegan",
    "cubren",
}
YES_WORDS = {
    "si",
    "sii",
    "sip",
    "sep",
    "claro",
    "ok",
    "okey",
    "oka",
    "dale",
    "ya",
    "bueno",
    "correcto",
    "exacto",
    "afirmativo",
    "perfecto",
    "obvio",
    "listo",
    "confirmo",
    "acepto",
    "va",
    "vale",
}
NO_WORDS = {"no", "nop", "nope", "nel", "nada", "negativo", "tampoco"}
NAME_PREFIXES = re.compile(r"^(hola,?\s+)?((me llamo|mi nombre es|mi nombre completo es|soy|es|nombre)\s*:?\s+)", re.I)
NAME_PARTICLES = {"de", "del", "la", "las", "los", "y", "da", "van", "von"}
DEPARTMENTS = {
    "LP": "LP",
    "LA PAZ": "LP",
    "CB": "CB",
    "CBBA": "CB",
    "COCHABAMBA": "CB",
    "SC": "SC",
    "SCZ": "SC",
    "SANTA CRUZ": "SC",
    "OR": "OR",
    "ORURO": "OR",
    "PT": "PT",
    "POTOSI": "PT",
    "TJ": "TJ",
    "TARIJA": "TJ",
    "CH": "CH",
    "CHUQUISACA": "CH",
    "SUCRE": "CH",
    "BN": "BN",
    "BE": "BN",
    "BENI": "BN",
    "PA": "PA",
    "PD": "PA",
    "PANDO": "PA",
}
# A local part of at most 64 characters (letters with accents too: "lucía.f@correo.bo" is a valid address).
EMAIL_PATTERN = re.compile(r"(?<![\w.%+\-])[\w.%+\-]{1,64}@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
EMAIL_MAX_LENGTH = 254  # RFC 5321
EMAIL_DOMAIN_TYPOS = {
    "gmail.con": "gmail.com",
    "gmial.com": "gmail.com",
    "gmai.com": "gmail.com",
    "gamil.com": "gmail.com",
    "gmail.co": "gmail.com",
    "gmail.cm": "gmail.com",
    "hotmail.con": "hotmail.com",
    "hotmial.com": "hotmail.com",
    "hotmai.com": "hotmail.com",
    "outlook.con": "outlook.com",
    "yahoo.con": "yahoo.com",
}


def normalize(text: str) -> str:
    """Lower case, no accents, punctuation turned into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.findall(r"[a-z0-9@.+\-]+", plain))


def with_digits(text: str) -> str:
    """`normalize(text)` with numbers in words written as digits ("somos seis" → "somos 6", "a las diez" →
    "a las 10", "ciento cincuenta megas" → "150 megas")."""
    return alpha2digit(normalize(text), "es", threshold=0)


def _words(text: str) -> list:
    return re.findall(r"[a-z0-9]+", normalize(text))


def _has_any(text: str, phrases: Iterable[str]) -> bool:
    padded = f" {' '.join(_words(text))} "
    return any(f" {phrase} " in padded for phrase in phrases)


def find_email(text: str) -> str | None:
    """A well-formed e-mail address written anywhere in the text."""
    match = EMAIL_PATTERN.search(text)
    if not match or len(match.group(0)) > EMAIL_MAX_LENGTH:
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
    if len(candidate) > EMAIL_MAX_LENGTH or len(user) > 64:
        return "es demasiado largo para ser un correo"
    return "tiene caracteres que no van en un correo"


def find_phone(text: str) -> str | None:
    """A Bolivian mobile or landline number written anywhere in the text (spaced, dashed, with or without +591
    and the area code), as +591…; read with libphonenumber's Bolivian numbering plan."""
    compact = re.sub(r"(?<=\d)[\s\-.()]+(?=\d)", "", text)
    for candidate in re.findall(r"\+?\d{7,12}", compact):
        digits = candidate.lstrip("+")
        if digits.startswith("591") and len(digits) in (10, 11):
            digits = digits[3:]
        for national in (digits, LOCAL_AREA_CODE + digits) if len(digits) == 7 else (digits,):
            try:
                number = phonenumbers.parse(national, "BO")
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def parse_ci(text: str) -> tuple[str | None, str | None]:
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


# Words no name starts with ("lo quiero", "me interesa"), and words of time no name holds ("después de almuerzo").
NOT_A_NAME_START = {"lo", "le", "la", "me", "mi", "mis", "quiero", "queria", "quisiera", "es", "son", "para", "pa",
                    "que", "tengo", "con", "por", "en", "un", "una", "el", "los", "las", "despues", "antes", "desde",
                    "hasta", "cuando", "todo", "toda", "mas", "muy", "no", "si", "ya", "eso", "esto"}  # fmt: skip
TIME_WORDS = {"almuerzo", "manana", "mananas", "tarde", "tardes", "noche", "noches", "medianoche", "madrugada",
              "mediodia", "dia", "dias", "hora", "horas", "semana", "colegio", "trabajo"}  # fmt: skip


def parse_person_name(text: str) -> tuple[str | None, str | None]:
    """A person's full name, title-cased, or the reason it is not one ('surname' or 'invalid')."""
    cleaned = TITLES.sub("", NAME_PREFIXES.sub("", text.strip()).strip(" .,!¡¿?")).strip(" .,")
    words = cleaned.split()
    if not words or len(words) > 7 or any(not re.fullmatch(r"[^\W\d_][^\W\d_'\-]*", w) for w in words):
        return None, "invalid"
    if {normalize(w) for w in words} & (YES_WORDS | NO_WORDS | {"hola", "gracias", "internet"}):
        return None, "invalid"
    if normalize(words[0]) in NOT_A_NAME_START or {normalize(w) for w in words} & TIME_WORDS:
        return None, "invalid"  # "lo quiero", "después de almuerzo"
    if len(words) < 2:
        return None, "surname"
    name = " ".join(w.lower() if (i and w.lower() in NAME_PARTICLES) else w.capitalize() for i, w in enumerate(words))
    return name, None


# Household members as people name them ("mi esposa, mis dos hijos y yo"): each counts one, a plural two at least.
KIN = re.compile(
    r"\b(?:(\d+) )?(mama|mami|papa|papi|esposa|esposo|pareja|marido|mujer|hermano|hermana|hijo|hija|abuelo|abuela|"
    r"tio|tia|primo|prima|suegro|suegra|novio|novia|sobrino|sobrina|nieto|nieta|cunado|cunada|nuera|yerno|bebe|"
    r"wawa|amigo|amiga|companero|companera)(s|es)?\b"
)
THE_SPEAKER = re.compile(r"\b(y yo|yo y|conmigo|vivo con|y mi persona)\b")
STATED_TOTAL = re.compile(
    r"\b(?:somos|seriamos|seremos|son|vivimos) (\d+)\b|\b(\d+) (?:personas|integrantes|miembros)\b"
)


def _members_named(words: str) -> int:
    """How many people a described household names, the speaker included when they count themselves."""
    named = sum(int(number) if number else 2 if plural else 1 for number, _, plural in KIN.findall(words))
    return named + 1 if named and THE_SPEAKER.search(words) else named


def parse_household_size(text: str) -> int | None:
    """How many people, from digits or words ('somos 4', 'cuatro', 'tres adultos y dos niños', 'vivo solo'), or
    the members named ('mi esposa, mis dos hijos y yo')."""
    words = re.sub(r"\b1 (familia|casa|hogar)\b", r"\1", with_digits(text))  # "una familia de cinco"
    stated = STATED_TOTAL.search(words)
    if stated is None and (named := _members_named(words)):
        return named if named <= 30 else None
    numbers = [int(number) for number in re.findall(r"\b\d+\b", words)]
    if not numbers:
        return 1 if ALONE.search(words) else None
    value = sum(numbers) if len(numbers) > 1 and re.search(r"\d+ \w+ y \d+", words) else numbers[0]
    return value if 1 <= value <= 30 else None


def parse_speed(text: str) -> int | None:
    """A wished speed such as '100 megas' or '300mbps', in Mbps."""
    match = re.search(r"(\d{2,4})\s*(mbps|mb|megas?|mbs|megabits?)\b", with_digits(text))
    return int(match.group(1)) if match else None


def parse_usage(text: str) -> str | None:
    """The main use of the connection."""
    if _has_any(
        text,
        (
            "home office",
            "teletrabajo",
            "trabajo desde casa",
            "trabajar desde casa",
            "trabajo remoto",
            "zoom",
            "reuniones",
            "homeoffice",
            "trabajo",
            "trabajar",
            "emprendimiento",
            "vendo por internet",
            "vendo en linea",
            "ventas en linea",
        ),
    ):
        return "home_office"
    if _has_any(
        text,
        (
            "juegos",
            "juego",
            "jugar",
            "gamer",
            "gaming",
            "gamers",
            "play",
            "free fire",
            "fortnite",
            "dota",
            "lol",
            "videojuegos",
            "juegos en linea",
        ),
    ):
        return "gaming"
    if _has_any(
        text,
        (
            "estudio",
            "estudiar",
            "clases",
            "tareas",
            "universidad",
            "colegio",
            "escuela",
            "u",
            "cursos",
            "estudios",
            "clases virtuales",
            "estudia",
            "estudian",
            "estudiante",
            "estudiantes",
        ),
    ):
        return "study"
    if _has_any(
        text,
        ("netflix", "series", "peliculas", "streaming", "youtube", "tv", "television", "disney", "videos", "pelis"),
    ):
        return "streaming"
    if _has_any(
        text,
        (
            "redes",
            "navegar",
            "whatsapp",
            "facebook",
            "tiktok",
            "basico",
            "normal",
            "hogar",
            "casa",
            "internet",
            "noticias",
            "correo",
            "videollamada",
            "videollamadas",
            "llamadas",
            "hablar con",
            "familia",
            "mis hijos",
            "comunicarme",
            "instagram",
        ),
    ):
        return "home"
    return None


# The hours described rather than named ("desde que llegan del colegio", "cuando salimos del trabajo").
AFTER_WORK = tuple(
    f"{when} {work}"
    for when in ("llego", "llegamos", "llega", "llegan", "salgo", "salimos", "vuelvo", "volvemos", "despues")
    for work in ("del trabajo", "de trabajar", "de la oficina", "de la pega")
)
AFTER_SCHOOL = tuple(
    f"{when} {school}"
    for when in ("llegan", "llega", "salen", "sale", "vuelven", "vuelve", "despues")
    for school in ("del colegio", "de la escuela", "de clases", "del cole")
)


def parse_usage_hours(text: str) -> str | None:
    """When the connection is used the most."""
    if _has_any(text, ("todo el dia", "todo el tiempo", "siempre", "dia y noche", "24 horas", "a toda hora")):
        return "all_day"
    if _has_any(text, ("noche", "noches", "nochecita", "madrugada", "medianoche", *AFTER_WORK)):
        return "night"
    if _has_any(text, ("fin de semana", "fines de semana", "sabados", "domingos", "feriados")):
        return "all_day"
    if _has_any(text, ("tarde", "tardes", "mediodia", "despues de almuerzo", *AFTER_SCHOOL)):
        return "afternoon"
    if _has_any(text, ("manana", "mananas", "mananita", "temprano", "am")):
        return "morning"
    if _has_any(text, ("todo",)):  # "todo", but not "más que todo en las noches"
        return "all_day"
    return None


HOME_PLACES = (
    "casa",
    "casita",
    "hogar",
    "depa",
    "departamento",
    "familia",
    "domicilio",
    "cuarto",
    "vivienda",
    "uso personal",
)
HOME_WORDS = (*HOME_PLACES, "home office", "mi casa", "residencial", "personal", "mi depa", "para la casa")
BUSINESS_WORDS = tuple(
    line.strip()
    for line in (Path(__file__).parent / "business_places.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
)
_ARTICLE = r"(mi|mis|la|el|los|las|un|una|nuestra|nuestro|nuestros|nuestras|ninguna|ningun)"
_PLACE = "|".join(re.escape(word) for word in sorted((*HOME_PLACES, *BUSINESS_WORDS), key=len, reverse=True))
_BUSINESS = "|".join(re.escape(word) for word in BUSINESS_WORDS)
# Works for a company from home ("trabajo para una empresa de afuera"): a home.
WORKS_FOR_A_COMPANY = re.compile(r"\btrabaj\w* (para|en|con|a) (una |la |mi |un )?(empresa|oficina|compania)\w*")
DENIED_BUSINESS = re.compile(
    rf"\bno (es |sera |seria |lo quiero |lo necesito )?(para |pa )?({_ARTICLE} )?({_BUSINESS})\b"
)
DENIED_HOME = re.compile(rf"\bno (es |sera |seria )?(para |pa )?({_ARTICLE} )?(casa|hogar|depa|departamento)\b")
# What the internet is for, said outright: "(necesito internet de fibra) para mi casa", "es para mi clínica".
STATED_PLACE = re.compile(
    rf"(^|\b(internet|inter|fibra|servicio|plan|wifi|conexion|instal\w*|contrat\w*|poner|quiero|necesito|"
    rf"es|seria|sera|lo|solo|nomas)\b( \w+){{0,3}} )(para|pa|en) ({_ARTICLE} )?({_PLACE})\b"
)


def parse_customer_type(text: str) -> str | None:
    """Residential (home) or business, from what the customer says the internet is for; a denial counts
    ("no es para empresa, es para mi casa") and so does working for a company from home."""
    stated = states_customer_type(text)
    if stated is not None:
        return stated
    if _has_any(text, HOME_WORDS):
        return "residential"
    if _has_any(text, BUSINESS_WORDS):
        return "business"
    return None


def states_customer_type(text: str) -> str | None:
    """The customer type, only when the text says outright what the internet is for ("es para mi negocio",
    "no es para empresa"): words of another answer ("frente a la farmacia", "en el local 5") never change it."""
    words = normalize(text)
    if WORKS_FOR_A_COMPANY.search(words) or DENIED_BUSINESS.search(words):
        return "residential"
    if DENIED_HOME.search(words):
        return "business"
    stated = STATED_PLACE.search(words)
    if stated is None:
        return None
    return "residential" if stated.group(stated.lastindex) in HOME_PLACES else "business"


def parse_payment_method(text: str) -> str | None:
    """Prepaid or postpaid."""
    words = normalize(text)
    if re.search(r"\bpre\s*-?\s*pago|adelantado|transferencia|\bqr\b|en linea|antes", words):
        return "prepaid"
    if re.search(r"\bpost\s*-?\s*pago|\bpos\s*pago|cada mes|factura|fin de mes|despues|mensual", words):
        return "postpaid"
    return None


def parse_payment_option(text: str) -> str | None:
    """How a prepaid order is paid: "transfer" or "online"."""
    words = normalize(text)
    if re.search(r"transfer\w*|deposit\w*|banca movil|\bbanco\b|\bqr\b", words):
        return "transfer"
    if re.search(r"en linea|online|on line|tarjeta|enlace|\blink\b|pagina|\bweb\b|pasarela", words):
        return "online"
    return None


def find_deposit_number(text: str) -> str | None:
    """The deposit or transaction number in a message: the longest run of 4 to 20 digits (dashes allowed)."""
    runs = re.findall(r"\d[\d\-]{2,24}\d", text)
    numbers = [run for run in runs if 4 <= len(re.sub(r"\D", "", run)) <= 20]
    return max(numbers, key=len) if numbers else None


def parse_yes_no(text: str) -> bool | None:
    """True for yes, False for no, None if neither."""
    words = _words(text)
    if not words:
        return None
    if words[0] in NO_WORDS or _has_any(text, ("no gracias", "para nada", "todavia no", "mejor no")):
        return False
    if words[0] in YES_WORDS or _has_any(
        text,
        (
            "por supuesto",
            "ya pues",
            "esta bien",
            "de acuerdo",
            "lo quiero",
            "me gusta",
            "me interesa",
            "me convence",
            "lo tomo",
            "me quedo con",
        ),
    ):
        return True
    if words[:2] == ["de", "una"] and len(words) <= 3:  # "¡de una!", not "al lado de una tienda"
        return True
    return None


def is_question(text: str) -> bool:
    """Whether the customer asks something rather than answers ("¿cuánto cuesta?", "tienen en Sacaba")."""
    words = _words(text)
    return "?" in text or "¿" in text or bool(words and words[0] in QUESTION_WORDS and len(words) > 1)


def match_plan(text: str, plans: Iterable[dict]) -> str | None:
    """The code of the plan the text names, by its speed ('el de 150') or a word of its name."""
    words = set(_words(text))
    for plan in plans:
        name_words = set(_words(plan["name"])) - {"fibra", "hogar", "plan"}
        if str(plan["download_mbps"]) in words or (name_words - {str(plan["download_mbps"])}) & words:
            return plan["code"]
    return None


WEEKDAYS = {"lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5, "domingo": 6}
PARTS_OF_DAY = {"manana": (8, 12), "mediodia": (11, 14), "tarde": (12, 18), "noche": (17, 20)}
WORKING_DAY = (8, 18)


def parse_visit_wish(text: str, now: datetime) -> tuple[datetime, datetime] | None:
    """When the customer would like the visit, as a window [from, until) in `now`'s time zone: "el lunes en la
    mañana", "mañana a las diez", "el jueves 26 a las 9", "pasado mañana por la tarde", "la próxima semana"."""
    words = with_digits(text)
    part = re.search(r"\b(en|por|de|a) la (manana|tarde|noche)\b|\b(mediodia)\b", words)
    hours = PARTS_OF_DAY[(part.group(2) or part.group(3))] if part else None
    rest = words[: part.start()] + words[part.end() :] if part else words
    day = _wished_day(rest, now.date())
    at = re.search(r"\ba las? (\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|hrs|horas)?", rest)
    if day is None and at is None and hours is None:
        return None
    if isinstance(day, tuple):  # a whole week
        start = datetime.combine(day[0], time(WORKING_DAY[0]), now.tzinfo)
        return start, datetime.combine(day[1], time(WORKING_DAY[1]), now.tzinfo)
    day = day or (now.date() + timedelta(days=1))
    if at is not None:
        hour = int(at.group(1)) + (
            12 if (at.group(3) == "pm" or (hours and hours[0] >= 12)) and int(at.group(1)) < 12 else 0
        )
        hour += 12 if hour < 7 else 0  # "a las 3" is in the afternoon
        start = datetime.combine(day, time(hour % 24, int(at.group(2) or 0)), now.tzinfo)
        return start, start + timedelta(hours=2)
    first, last = hours or WORKING_DAY
    return datetime.combine(day, time(first), now.tzinfo), datetime.combine(day, time(last), now.tzinfo)


def _wished_day(words: str, today: date) -> date | tuple[date, date] | None:
    if re.search(r"\bpasado manana\b", words):
        return today + timedelta(days=2)
    if re.search(r"\bmanana\b", words):
        return today + timedelta(days=1)
    if re.search(r"\bhoy\b", words):
        return today
    if re.search(r"\b(proxima|siguiente|otra) semana\b|\bsemana que viene\b", words):
        monday = today + timedelta(days=7 - today.weekday())
        return monday, monday + timedelta(days=5)
    weekday = next((WEEKDAYS[w] for w in re.findall(r"[a-z]+", words) if w in WEEKDAYS), None)
    number = re.search(rf"\b(?:el |dia |(?:{'|'.join(WEEKDAYS)}) )(\d{{1,2}})\b(?! ?(?:am|pm|hrs|horas|:))", words)
    if number and 1 <= int(number.group(1)) <= 31:
        candidate = today.replace(day=1)
        for _ in range(3):  # this month or the next ones, from today on
            try:
                wanted = candidate.replace(day=int(number.group(1)))
            except ValueError:
                wanted = None
            if wanted is not None and wanted >= today:
                return wanted
            candidate = (candidate + timedelta(days=32)).replace(day=1)
    if weekday is not None:
        return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    return None


# A message that carries several answers at once ("Soy Ana Rojas, cel 71234567, ana@gmail.com, vivo en Av.
# América 123, Queru Queru, es para estudiar"): the pieces are split at commas, semicolons, line breaks and
# full stops that do not end an abbreviation ("Av.", "Dra.").
_PIECE_BREAK = re.compile(
    r"[,;\n]+|\s+y\s+(?=(mi|mis|vivo|vivimos|somos|lo|la|el|es|para)\b)|(?<=\w{2})(?<!\b(?:av|dr|sr|km|ed|nr))(?<!\b(?:dra|sra|lic|ing|arq|esq|nro))\.\s+",
    re.I,
)
_NAME_START = re.compile(r"^(hola,? )?(soy|me llamo|mi nombre es|mi nombre completo es|a nombre de)\s+", re.I)
# The words that say a piece of a message is a phone number, or an ID number: one list each, for every reader.
PHONE_CUES = re.compile(r"\b(cel|celular|numero|telefono|fono|whatsapp|wsp|contacto|movil)\b")
_ADDRESS_START = re.compile(
    r"^(vivo en|mi direccion es|la direccion es|direccion|la instalacion es en|instalar en|"
    r"estoy en|queda en|calle|c|av|avenida|avda|zona|barrio|urbanizacion|edificio|km)\b"
)
_REFERENCE_START = re.compile(
    r"^((la|el|una|un) )?(referencia|ref|frente|al frente|al lado|a lado|junto|cerca|a media cuadra|a una cuadra|"
    r"a dos cuadras|detras|esquina|porton|casa|edificio|tienda|puerta|rejas?)\b"
)
CI_CUES = re.compile(r"\b(ci|carnet|cedula|c\.i|documento|documento de identidad|identidad|nit)\b")
_PAYMENT_WORDS = re.compile(r"\b(prepago|postpago|pospago|pago|pagar|pagaria|pagaremos)\b")
_HOUSEHOLD_WORDS = re.compile(r"\b(somos|vivimos|personas|persona|integrantes|vivo solo|vivo sola|solo yo)\b")
_HOURS_WORDS = re.compile(
    r"\b(noches?|tardes?|mananas?|mananitas?|todo el dia|fines? de semana|todo el tiempo|a toda hora|"
    r"horario|horas|almuerzo|mediodia|medianoche|madrugada|temprano)\b"
)
# Words that never make a name: "lo quiero" opening a message is no name.
_NOT_NAME_WORDS = {
    "lo",
    "le",
    "quiero",
    "queria",
    "quisiera",
    "es",
    "son",
    "para",
    "pa",
    "mi",
    "mis",
    "me",
    "el",
    "un",
    "una",
    "que",
    "tengo",
    "soy",
    "con",
    "por",
    "en",
    "ya",
    "buenas",
    "buenos",
    "tardes",
    "dias",
    "noches",
}
_PRODUCT_PIECE = re.compile(r"\b(internet|inter|fibra|plan|wifi|contrat\w*|instal\w*|megas?)\b")


_ADDRESS_OPENING = re.compile(r"^(zona|barrio|calle|av|avenida|avda|urbanizacion|urb|pasaje|psje|edificio|km)\.? \w")


NLU_DATA = Path(__file__).resolve().parents[1] / "data" / "nlu.yml"
# "zona", "barrio", "por", "en la"… before a zone's name, as `sounded` spells them.
_LEADING_PLACE_WORDS = re.compile(r"^((sona|bario|por|en|la|el|de|ak[ie]|aya) )+")


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    """The zones we serve and their other names, as the NLU knows them (`data/nlu.yml`'s `zone` lookup), as they
    sound."""
    lookups = [item for item in yaml.safe_load(NLU_DATA.read_text())["nlu"] if item.get("lookup") == "zone"]
    names = (line.lstrip("- ").strip() for lookup in lookups for line in lookup["examples"].splitlines())
    return frozenset(sounded(name) for name in names if name)


def names_a_zone(piece: str) -> bool:
    """Whether the piece opens with the name of a zone we serve, however spelled ("Cala Cala", "por keru keru",
    "kala kala frente al mercadito")."""
    words = _LEADING_PLACE_WORDS.sub("", sounded(piece))
    return any(words == zone or words.startswith(f"{zone} ") for zone in _zones())


def starts_like_address(text: str) -> bool:
    """Whether the text opens as an address does ("zona Sarco, calle Beni 45", "Av. América 123")."""
    return bool(_ADDRESS_OPENING.match(normalize(text)))


def read_details(text: str) -> dict:
    """The answers a message gives at once, by question: `full_name`, `phone`, `email`, `location`,
    `address_reference`, `usage`, `usage_hours`, `household_size`, `id_number`, `payment_method`, each as the piece
    of text that says it. A message with one piece gives nothing: a single answer is read as the answer to the
    question asked."""
    return dict(_read_details(text))


@lru_cache(maxsize=256)
def _read_details(text: str) -> dict:
    """Read once per message: every question of the form asks for its piece."""
    pieces = [piece.strip(" .") for piece in _PIECE_BREAK.split(text) if piece and piece.strip(" .")]
    if len(pieces) < 2:
        return {}
    details: dict = {}
    previous: list = []
    for piece in pieces:
        words = normalize(piece)
        kinds = _kinds_of_piece(piece, words, bool(details))
        if kinds == previous == ["location"] and _REFERENCE_START.match(words):
            kinds = ["address_reference"]  # "Av. Blanco Galindo 1200, edificio azul": the building is the reference
        if not kinds and previous in (["location"], ["address_reference"]) and not _PRODUCT_PIECE.search(words):
            details[previous[0]] += f", {piece}"  # "vivo en Av. América 123, Queru Queru"; "edificio azul, piso 3"
            continue
        if kinds and kinds == previous and kinds[0] in ("household_size", "location"):
            details[kinds[0]] += f", {piece}"  # "mi esposa, mis dos hijos y yo"; "Cala Cala, calle Los Ceibos 221"
            continue
        for kind in kinds:
            details.setdefault(kind, _NAME_START.sub("", piece) if kind == "full_name" else piece)
        previous = kinds
    return details if len(details) >= 2 else {}


_GREETING = re.compile(r"^((hola|ola|buenas|buenos|buen|que tal)( (tardes|noches|dias|dia))? ?)+$")


# A CI written bare, with its department's extension ("4567891 CB", "4567891-1A LP"): no phone or amount looks so.
_BARE_CI = re.compile(rf"\d{{5,10}}(?:\s*-\s*\d[A-Za-z])?\s+(?:{'|'.join(DEPARTMENTS)})\.?", re.IGNORECASE)


def _kinds_of_piece(piece: str, words: str, after_others: bool) -> list:
    if _GREETING.match(words):  # "Buenas tardes" is no time of use
        return []
    if "@" in piece and find_email(piece):
        return ["email"]
    if (CI_CUES.search(words) or _BARE_CI.fullmatch(piece.strip())) and parse_ci(piece)[0]:
        return ["id_number"]
    if find_phone(piece) and (PHONE_CUES.search(words) or re.fullmatch(r"[\d\s+\-]+", piece.strip())):
        return ["phone"]
    if _NAME_START.match(piece) and parse_person_name(_NAME_START.sub("", piece))[0]:
        return ["full_name"]
    if _ADDRESS_START.match(words) or names_a_zone(piece):
        return ["location"]
    if _REFERENCE_START.match(words):
        return ["address_reference"]
    if _PAYMENT_WORDS.search(words) and parse_payment_method(piece):
        return ["payment_method"]
    if (_HOUSEHOLD_WORDS.search(words) or KIN.search(words)) and parse_household_size(piece):
        return ["household_size"]
    if _PRODUCT_PIECE.search(words) or states_customer_type(piece):
        return []
    described_hours = _has_any(piece, ("medianoche", *AFTER_WORK, *AFTER_SCHOOL))
    kinds = ["usage_hours"] if (_HOURS_WORDS.search(words) or described_hours) and parse_usage_hours(piece) else []
    said_as_use = re.search(r"\b(para|uso|usamos|usaria|usariamos)\b", words) or len(words.split()) >= 4
    if said_as_use and parse_usage(piece):
        kinds.append("usage")
    bare_name = len(piece.split()) >= 2 and not set(words.split()) & _NOT_NAME_WORDS
    if not kinds and not after_others and bare_name and parse_person_name(piece)[0]:
        kinds.append("full_name")  # a bare name opening the message
    return kinds
