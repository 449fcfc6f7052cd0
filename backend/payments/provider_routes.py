"""The provider's notifications, and the sandbox provider's own checkout page."""

import logging
from decimal import Decimal
from html import escape
from typing import Annotated

import httpx
from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from backend.config import Settings
from backend.database import run_in_transaction, transaction, utcnow
from backend.deps import OutboxDep, Sessions, SettingsDep
from backend.errors import NotFound
from backend.invoices.service import issuer_of
from backend.money import money
from backend.payments import service as payment_service
from backend.payments.models import Payment, PaymentState
from backend.payments.outcomes import after_confirmed, after_declined
from backend.payments.provider import SIGNATURE_HEADER, ForgedNotification, provider_of
from backend.payments.service import naive

logger = logging.getLogger(__name__)

notifications_router = APIRouter(prefix="/payments/notifications", tags=["payments"])
sandbox_router = APIRouter(prefix="/sandbox", include_in_schema=False)


@notifications_router.post("/sandbox")
async def provider_notification(
    request: Request, sessions: Sessions, settings: SettingsDep, outbox: OutboxDep
) -> dict[str, str]:
    """The provider says a checkout was approved or declined; unsigned or forged notifications get 403."""
    if settings.ENVIRONMENT == "production":
        raise HTTPException(404, "The sandbox provider is off in production")
    body = await request.body()
    try:
        event = provider_of(settings).read_notification(body, dict(request.headers))
    except ForgedNotification as error:
        logger.warning("Refused a payment notification: %s", error)
        raise HTTPException(403, "Invalid signature") from error

    def settle(db: Session) -> None:
        payment, confirmation, changed = payment_service.settle_online(
            db=db, event=event, now=utcnow(), issuer=issuer_of(settings)
        )
        if changed and confirmation is None:
            after_declined(outbox, db, payment_id=payment.id)
        elif changed:
            after_confirmed(outbox, db, payment_id=payment.id)

    await run_in_transaction(sessions, settle)
    return {"status": "received"}


PAGE = """<!doctype html><html lang="es"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Pasarela de pago (sandbox)</title>
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1f2937}}
.card{{border:1px solid #d1d5db;border-radius:12px;padding:1.5rem}}button{{font-size:1rem;padding:.6rem 1rem;
margin:.3rem .3rem 0 0;border-radius:8px;border:0;cursor:pointer}}.ok{{background:#16a34a;color:#fff}}
.no{{background:#e5e7eb}}small{{color:#6b7280}}</style></head><body><div class="card">
<small>Pasarela de pago · entorno de pruebas</small>{content}</div></body></html>"""


EXPIRED = (
    "<h1>Enlace vencido</h1><p>Este enlace ya no está disponible. "
    "Vuelve al chat para pedir uno nuevo o pagar por transferencia.</p>"
)


def usable(payment: Payment) -> bool:
    """Whether a checkout link can still be paid: awaiting payment and not expired."""
    return payment.state == PaymentState.AWAITING_ONLINE and (
        payment.expires_at is None or payment.expires_at > naive(utcnow())
    )


def merchant_url(request: Request, settings: Settings) -> str:
    """Where the merchant (this backend) is: `PUBLIC_URL`, else the address this server listens on — never the
    request's `Host` header, which the caller chooses."""
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL.rstrip("/")
    host, port = request.scope["server"]
    return f"http://{host}:{port}"


def page(content: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(PAGE.format(content=content), status_code=status_code)


@sandbox_router.get("/pay/{reference}")
def checkout_page(reference: str, sessions: Sessions, settings: SettingsDep) -> HTMLResponse:
    """Where the customer pays: the amount, and approve or decline (as a card would be)."""
    with transaction(sessions) as db:
        try:
            payment = payment_service.by_reference(db=db, reference=reference)
        except NotFound:
            return page("<h1>Enlace no válido</h1><p>Este enlace de pago no existe.</p>", 404)
        if not usable(payment):
            return page(EXPIRED, 410)
        amount, order_number = money(payment.amount_bs), payment.order.number or ""
    return page(
        f"<h1>Pagar {escape(amount)}</h1><p>{escape(settings.COMPANY_NAME)} · Solicitud {escape(order_number)}</p>"
        f'<form method="post"><label>Titular de la tarjeta<br><input name="holder" required></label><br>'
        f'<button class="ok" name="decision" value="approved">Aprobar pago</button>'
        f'<button class="no" name="decision" value="declined">Rechazar</button></form>'
    )


@sandbox_router.post("/pay/{reference}")
async def pay(
    reference: str,
    request: Request,
    sessions: Sessions,
    settings: SettingsDep,
    decision: Annotated[str, Form()],
    holder: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """The sandbox settles the checkout and notifies the merchant, signed, as a real provider would."""
    if decision not in ("approved", "declined"):
        raise HTTPException(422, "decision must be approved or declined")

    def payable(db: Session) -> Decimal | None:
        """The amount, if the link can still be paid (not expired, superseded or settled)."""
        payment = payment_service.by_reference(db=db, reference=reference)
        return payment.amount_bs if usable(payment) else None

    try:
        amount = await run_in_transaction(sessions, payable)
    except NotFound:
        return page("<h1>Enlace no válido</h1>", 404)
    if amount is None:
        return page(EXPIRED, 410)
    provider = provider_of(settings)
    reason = None if decision == "approved" else "Fondos insuficientes"
    body = provider.notification(reference, amount, decision, reason)
    url = merchant_url(request, settings) + "/api/payments/notifications/sandbox"
    async with httpx.AsyncClient(timeout=30) as http:
        response = await http.post(
            url, content=body, headers={SIGNATURE_HEADER: provider.sign(body), "Content-Type": "application/json"}
        )
    if response.status_code != 200:
        logger.error("The merchant refused the sandbox notification: %s %s", response.status_code, response.text)
        return page("<h1>Error</h1><p>No pudimos avisar al comercio. Intenta de nuevo.</p>", 502)
    if decision == "approved":
        return page(
            f"<h1>Pago aprobado ✅</h1><p>Pagaste {escape(money(amount))}"
            f"{' a nombre de ' + escape(holder) if holder else ''}. Ya puedes volver al chat.</p>"
        )
    return page(
        "<h1>Pago rechazado</h1><p>No se realizó ningún cobro. Vuelve al chat para intentar de nuevo "
        "o pagar por transferencia.</p>"
    )
