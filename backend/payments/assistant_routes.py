"""The assistant's side of paying: choosing how, sending the receipt, asking how it stands."""

from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from backend.config import Settings
from backend.database import utcnow
from backend.deps import AssistantAuth, SessionDep, SessionRoute, SettingsDep, base_url
from backend.payments import service as payment_service
from backend.payments.models import Payment
from backend.payments.provider import provider_of
from backend.payments.schemas import PaymentChoice, PaymentView, ReceiptSubmission
from backend.payments.service import PaymentStatus
from backend.payments.views import payment_view

router = APIRouter(
    route_class=SessionRoute,
    prefix="/assistant/conversations/{conversation_id}/payment",
    tags=["assistant"],
    dependencies=[AssistantAuth],
)


def view(status: PaymentStatus | Payment, *, db: Session, settings: Settings, request: Request) -> PaymentView:
    """The view of a status (or of one attempt), with links on the public URL (this request's if unset)."""
    if isinstance(status, Payment):
        status = PaymentStatus(status.order, status)
    return payment_view(
        status,
        db=db,
        settings=settings,
        provider=provider_of(settings),
        base_url=base_url(settings, request),
        now=utcnow(),
    )


@router.get("")
def payment_status(conversation_id: str, db: SessionDep, settings: SettingsDep, request: Request) -> PaymentView:
    """How the payment of the conversation's prepaid order stands (404 without one)."""
    status = payment_service.status(db=db, conversation_id=conversation_id)
    return view(status, db=db, settings=settings, request=request)


@router.put("")
def choose_payment(
    conversation_id: str, choice: PaymentChoice, db: SessionDep, settings: SettingsDep, request: Request
) -> PaymentView:
    """Pay by transfer (account details) or online (a payment link); the same way again keeps the attempt."""
    payment = payment_service.start(
        db=db,
        conversation_id=conversation_id,
        option=choice.option,
        provider=provider_of(settings),
        link_minutes=settings.PAYMENT_LINK_MINUTES,
        now=utcnow(),
    )
    return view(payment, db=db, settings=settings, request=request)


@router.post("/receipt")
def attach_receipt(conversation_id: str, db: SessionDep, settings: SettingsDep, request: Request) -> PaymentView:
    """The file the customer just sent is the transfer's receipt."""
    payment = payment_service.attach_receipt(db=db, conversation_id=conversation_id)
    return view(payment, db=db, settings=settings, request=request)


@router.post("/submission")
def submit_receipt(
    conversation_id: str, submission: ReceiptSubmission, db: SessionDep, settings: SettingsDep, request: Request
) -> PaymentView:
    """Receipt and deposit number are in: the transfer waits for collections."""
    now = utcnow()
    payment = payment_service.submit(
        db=db,
        conversation_id=conversation_id,
        deposit_number=submission.deposit_number,
        today=now.astimezone(ZoneInfo(settings.BUSINESS_TIMEZONE)).date(),
        now=now,
    )
    return view(payment, db=db, settings=settings, request=request)
