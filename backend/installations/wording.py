"""Visit times as customers read them, in Spanish."""

from datetime import datetime

DAYS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
SHORT_DAYS = ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"]
MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def button_label(start: datetime) -> str:
    """`mié 25/11 08:00`: short enough for a WhatsApp button (20 characters)."""
    return f"{SHORT_DAYS[start.weekday()]} {start:%d/%m %H:%M}"


def window(start: datetime, end: datetime) -> str:
    """`el miércoles 25 de noviembre, entre las 08:00 y las 10:00`."""
    day = f"el {DAYS[start.weekday()]} {start.day} de {MONTHS[start.month - 1]}"
    return f"{day}, entre las {start:%H:%M} y las {end:%H:%M}"
