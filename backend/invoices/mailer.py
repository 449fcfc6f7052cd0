"""Sending the invoice to the customer by e-mail (SMTP from settings)."""

import smtplib
from email.message import EmailMessage

from backend.config import Settings
from backend.invoices.models import Invoice


class MailNotConfigured(Exception):
    """SMTP_HOST is empty: invoices can be downloaded but not e-mailed."""


def invoice_email(invoice: Invoice, pdf: bytes, settings: Settings) -> EmailMessage:
    """The e-mail with the invoice attached."""
    message = EmailMessage()
    message["From"] = settings.MAIL_FROM
    message["To"] = invoice.email or ""
    message["Subject"] = f"Tu factura N° {invoice.label} - {settings.COMPANY_NAME}"
    message.set_content(
        f"Hola, {invoice.customer_name}:\n\n"
        f"Confirmamos el pago de tu solicitud {invoice.order_number} ({invoice.plan_name}). "
        f"Adjuntamos tu factura N° {invoice.label}.\n\n"
        f"Gracias por elegir {settings.COMPANY_NAME}."
    )
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"factura-{invoice.label}.pdf")
    return message


def send(message: EmailMessage, settings: Settings) -> None:
    """Deliver `message` through the configured SMTP server (blocking: call it from a thread)."""
    if not settings.SMTP_HOST:
        raise MailNotConfigured("SMTP_HOST is not set")
    with smtplib.SMTP(settings.SMTP_HOST, settings.SMTP_PORT, timeout=20) as smtp:
        if settings.SMTP_STARTTLS:
            smtp.starttls()
        if settings.SMTP_USERNAME:
            smtp.login(settings.SMTP_USERNAME, settings.SMTP_PASSWORD)
        smtp.send_message(message)
