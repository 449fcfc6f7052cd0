"""What the customer is told on their own channel when staff change their visit, or the day before it; visit
times as customers read them, in Spanish."""

from datetime import datetime

from sqlalchemy.orm import Session

from backend.conversations import service as conversation_service
from backend.conversations.messages import Notice, OutboundMessage
from backend.conversations.outbox import Outbox
from backend.orders.models import Order

BRING = "Ten a mano tu carnet de identidad y que haya una persona mayor de edad en casa."


def tell_customer(
    *, db: Session, outbox: Outbox, order: Order, text: str | OutboundMessage, notice: Notice = Notice.VISIT_CHANGED
) -> bool:
    """Queue `text` to the conversation the order came from; whether there was one."""
    conversation = conversation_service.get_by_conversation_id(db=db, conversation_id=order.lead.conversation_id)
    if conversation is None:
        return False
    message = text if isinstance(text, OutboundMessage) else OutboundMessage(text=text)
    message = message.model_copy(update={"notice": notice})
    outbox.queue(db=db, conversation=conversation, messages=[message])
    return True


def rescheduled(window: str) -> str:
    return f"📅 Cambiamos la fecha de tu instalación: ahora es {window}. {BRING}"


def cancelled(window: str) -> str:
    return (
        f"Cancelamos la visita de instalación de {window}. "
        "Cuando quieras elegir otra fecha, escríbeme «agendar instalación»."
    )


def failed(reason: str) -> str:
    return (
        f"😕 No pudimos completar tu instalación: {reason}. "
        "Escríbeme «agendar instalación» para elegir otra fecha y la resolvemos."
    )


def done(order_number: str) -> str:
    return f"🎉 ¡Tu internet ya está instalado! Tu solicitud {order_number} quedó atendida. Gracias por elegirnos."


def reminder(window: str) -> str:
    return f"⏰ Te recordamos que mañana es tu instalación de internet, {window.removeprefix('el ')}. {BRING}"


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
