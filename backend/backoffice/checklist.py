"""What a request must hold before it goes on (001's completeness check)."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.conversations.models import Conversation
from backend.documents.models import NOT_PAPERS, Document
from backend.leads.models import PaymentMethod
from backend.orders.models import Order
from backend.payments.models import Payment, PaymentState

ITEMS = {
    "ci_photo": "Foto del CI (postpago)",
    "address_reference": "Referencia del domicilio",
    "acceptance": "Aceptación explícita del cliente",
    "payment": "Datos del pago (comprobante o pago en línea)",
}
PAID_OR_SENT = (PaymentState.IN_REVIEW, PaymentState.CONFIRMED, PaymentState.AWAITING_ONLINE)


def checklist(db: Session, order: Order) -> dict[str, bool]:
    """Each item of `ITEMS`: whether the request holds it."""
    postpaid = order.payment_method == PaymentMethod.POSTPAID
    return {
        "ci_photo": not postpaid or _has_ci_photo(db, order),
        "address_reference": bool((order.address_reference or "").strip()),
        "acceptance": order.acceptance is not None,
        "payment": postpaid or _has_payment(db, order),
    }


def missing_items(db: Session, order: Order) -> list[str]:
    return [item for item, held in checklist(db, order).items() if not held]


def _has_ci_photo(db: Session, order: Order) -> bool:
    """A photo the customer sent in the request's conversation, other than a deposit receipt."""
    conversation = select(Conversation.id).where(Conversation.conversation_id == order.lead.conversation_id)
    photo = select(Document.id).where(
        Document.conversation_pk.in_(conversation), Document.kind.not_in(("receipt", *NOT_PAPERS))
    )
    return db.scalar(photo.limit(1)) is not None


def _has_payment(db: Session, order: Order) -> bool:
    payments = select(Payment.id).where(Payment.order_id == order.id, Payment.state.in_(PAID_OR_SENT))
    return db.scalar(payments.limit(1)) is not None
