"""Rendering and e-mailing an issued invoice, recording the outcome on it."""

import asyncio
import logging
import smtplib
from email.message import EmailMessage

from sqlalchemy.orm import Session, sessionmaker

from backend.config import Settings
from backend.database import run_in_transaction, utcnow
from backend.invoices import mailer
from backend.invoices import service as invoice_service
from backend.invoices.models import Invoice
from backend.invoices.pdf import render

logger = logging.getLogger(__name__)


def pdf_of(invoice: Invoice, settings: Settings) -> bytes:
    return render(
        invoice,
        company=settings.COMPANY_NAME,
        company_nit=settings.COMPANY_NIT,
        timezone=settings.BUSINESS_TIMEZONE,
        verify_url=settings.TAX_VERIFY_URL,
    )


async def email_invoice(*, sessions: sessionmaker[Session], settings: Settings, invoice_id: int) -> bool:
    """Send the invoice to the customer's e-mail; whether it went. The failure is kept on the invoice."""

    def compose(db: Session) -> EmailMessage | None:
        invoice = invoice_service.get(db=db, invoice_id=invoice_id)
        return mailer.invoice_email(invoice, pdf_of(invoice, settings), settings) if invoice.email else None

    def record(db: Session) -> None:
        invoice = invoice_service.get(db=db, invoice_id=invoice_id)
        invoice.email_error = error
        if error is None:
            invoice.emailed_at = utcnow().replace(tzinfo=None)

    message = await run_in_transaction(sessions, compose)
    error: str | None = None
    if message is None:
        error = "El cliente no tiene correo electrónico"
    else:
        try:
            await asyncio.to_thread(mailer.send, message, settings)
        except (mailer.MailNotConfigured, smtplib.SMTPException, OSError) as failure:
            logger.error("Could not e-mail invoice %s: %s", invoice_id, failure)
            error = f"No se pudo enviar: {failure}"
    await run_in_transaction(sessions, record)
    return error is None
