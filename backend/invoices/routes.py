"""Invoices for staff: download the PDF, send it again by e-mail."""

from fastapi import APIRouter, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.database import run_in_transaction
from backend.deps import Collections, SalesStaff, SessionDep, SessionRoute, Sessions, SettingsDep
from backend.invoices import service as invoice_service
from backend.invoices.delivery import email_invoice, pdf_of

router = APIRouter(route_class=SessionRoute, prefix="/invoices", tags=["invoices"])


class EmailOutcome(BaseModel):
    sent: bool
    error: str | None


@router.get("/{invoice_id}/pdf")
def download_invoice(invoice_id: int, db: SessionDep, settings: SettingsDep, _user: SalesStaff) -> Response:
    """The invoice as a PDF."""
    invoice = invoice_service.get(db=db, invoice_id=invoice_id)
    return Response(
        pdf_of(invoice, settings),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="factura-{invoice.label}.pdf"'},
    )


@router.post("/{invoice_id}/email")
async def resend_invoice(invoice_id: int, sessions: Sessions, settings: SettingsDep, user: Collections) -> EmailOutcome:
    """E-mail the invoice to the customer again (after a failure, or when asked)."""

    def record(db: Session) -> EmailOutcome:
        invoice = invoice_service.get(db=db, invoice_id=invoice_id)
        audit.record(db=db, actor=user, action="invoice.emailed", subject=f"invoice:{invoice_id}", sent=sent)
        return EmailOutcome(sent=sent, error=invoice.email_error)

    sent = await email_invoice(sessions=sessions, settings=settings, invoice_id=invoice_id)
    return await run_in_transaction(sessions, record)
