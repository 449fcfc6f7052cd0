"""What a customer is told when their lead is closed as lost: the company's information, to come back to."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.catalog.models import Plan
from backend.conversations import service as conversation_service
from backend.conversations.messages import Notice, OutboundMessage
from backend.conversations.outbox import Outbox
from backend.leads.models import Lead
from backend.money import money
from backend.quotes.models import Quote


def lost_information(*, db: Session, lead: Lead) -> OutboundMessage:
    """Our plans and how to reach us, for a customer we could not reach."""
    plans = db.scalars(select(Plan).where(Plan.is_active.is_(True)).order_by(Plan.monthly_price_bs).limit(5))
    lines = "\n".join(
        f"• {plan.name}: {plan.download_mbps} Mbps por {money(plan.monthly_price_bs)} al mes" for plan in plans
    )
    greeting = f"Hola {lead.full_name.split()[0]}" if lead.full_name else "Hola"
    return OutboundMessage(
        text=f"{greeting}, intentamos comunicarnos contigo varias veces sin lograrlo. 📶 Te dejamos nuestros planes "
        f"de internet por fibra óptica:\n{lines}\nCuando quieras contratar o tengas dudas, escríbenos aquí "
        "y te atendemos con gusto."
    )


def quote_text(*, quote: Quote, lead: Lead) -> OutboundMessage:
    """A quote (proforma) as the customer reads it on their channel."""
    plan = quote.plan
    greeting = f"Hola {lead.full_name.split()[0]}" if lead.full_name else "Hola"
    return OutboundMessage(
        text=f"{greeting}, esta es tu cotización N° COT-{quote.id:06d}:\n"
        f"• Plan {plan.name}: {plan.download_mbps} Mbps de bajada y {plan.upload_mbps} Mbps de subida\n"
        f"• Mensualidad: {money(quote.monthly_price_bs)}\n"
        f"• Instalación: {money(quote.installation_fee_bs)}\n"
        "Si te interesa, respóndenos por aquí y seguimos con tu solicitud. 😊"
    )


def tell_lead(*, db: Session, outbox: Outbox, lead: Lead, message: OutboundMessage) -> bool:
    """Queue `message` on the lead's own conversation; whether it has one to write to."""
    conversation = conversation_service.get_by_conversation_id(db=db, conversation_id=lead.conversation_id)
    if conversation is None:
        channel, _, user_id = lead.conversation_id.partition(":")
        if channel != "whatsapp" or not user_id:
            return False
        conversation = conversation_service.get_or_create(db=db, channel="whatsapp", user_id=user_id, phone=lead.phone)
    outbox.queue(
        db=db, conversation=conversation, messages=[message.model_copy(update={"notice": Notice.LEAD_FOLLOW_UP})]
    )
    return True
