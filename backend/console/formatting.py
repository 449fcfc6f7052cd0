"""How the console shows times and chat text: in the business's time zone, and chat markup as it looks to
the customer (*bold*, _italic_, ~strike~), never raw."""

import re
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from backend.backoffice.models import CheckState
from backend.orders.models import OrderState

_zone: tzinfo = ZoneInfo("America/La_Paz")

BOLD = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
ITALIC = re.compile(r"(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])")
STRIKE = re.compile(r"(?<![\w~])~(?!\s)([^~\n]+?)(?<!\s)~(?![\w~])")


def use_time_zone(name: str) -> None:
    """The business's time zone (`BUSINESS_TIMEZONE`), set when the app is created."""
    global _zone
    _zone = ZoneInfo(name)


def local(moment: datetime | None, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """A stored time (naive UTC, or aware) in the business's time zone; empty for none."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(_zone).strftime(pattern)


def chat_markup(text: str | None) -> Markup:
    """WhatsApp-style emphasis as HTML, everything else escaped (line breaks are kept by the page's CSS)."""
    html = str(escape(text or ""))
    html = BOLD.sub(r"<strong>\1</strong>", html)
    html = ITALIC.sub(r"<em>\1</em>", html)
    html = STRIKE.sub(r"<s>\1</s>", html)
    return Markup(html)


CODE_LABELS: dict[str, dict[str, str]] = {
    "usage": {
        "home": "Redes y navegar",
        "streaming": "Series y streaming",
        "study": "Estudio / clases",
        "gaming": "Juegos en línea",
        "home_office": "Teletrabajo",
    },
    "usage_hours": {"morning": "Mañana", "afternoon": "Tarde", "night": "Noche", "all_day": "Todo el día"},
    "customer_type": {"residential": "Hogar", "business": "Empresa"},
    "payment_method": {"prepaid": "Prepago", "postpaid": "Postpago"},
    "order_state": {state.value: state.label for state in OrderState},
    "visit_status": {
        "scheduled": "Agendada",
        "done": "Instalada",
        "failed": "No se pudo instalar",
        "cancelled": "Cancelada",
    },
    "check_state": {state.value: state.label for state in CheckState},
}


def code_label(kind: str, code: str | None) -> str:
    """The Spanish words staff read for a stored code (the code itself if it has none, a dash for nothing)."""
    if not code:
        return "—"
    return CODE_LABELS.get(kind, {}).get(code, code)


def percent(value: float | None, decimals: int = 1) -> str:
    """A percentage as Spanish writes it ("12,5 %"); a dash for none."""
    if value is None:
        return "—"
    return f"{value:.{decimals}f}".replace(".", ",") + " %"
