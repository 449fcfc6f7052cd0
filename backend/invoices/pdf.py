"""The invoice as a one-page PDF: Bolivia's graphic representation of an online invoice."""

from io import BytesIO
from zoneinfo import ZoneInfo

import segno
from fpdf import FPDF

from backend.database import from_db
from backend.invoices.fiscal import amount_in_words, verification_url
from backend.invoices.models import Invoice
from backend.invoices.notices import FISCAL_LEGEND, ONLINE_LEGEND
from backend.money import money


def render(invoice: Invoice, *, company: str, company_nit: str, timezone: str, verify_url: str) -> bytes:
    """The invoice's PDF: issuer, its code (CUF) and the tax office's check as a QR, the customer (name and
    NIT/CI), the plan billed, the amount in figures and in words, and the legends."""
    issued = from_db(invoice.issued_at, ZoneInfo(timezone))
    pdf = FPDF(format="A4")
    pdf.set_title(f"Factura {invoice.label}")
    pdf.set_author(company)
    pdf.add_page()
    if invoice.authorisation_code:
        check = verification_url(verify_url, nit=company_nit, code=invoice.authorisation_code, number=invoice.number)
        qr = BytesIO()
        segno.make(check, error="m").save(qr, kind="png", scale=4, border=2)
        pdf.image(qr, x=165, y=10, w=35)
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, company, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 6, f"NIT {company_nit}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, f"FACTURA N° {invoice.label}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=8)
    pdf.cell(0, 5, "(Con Derecho a Crédito Fiscal)", new_x="LMARGIN", new_y="NEXT")
    if invoice.authorisation_code:
        pdf.cell(0, 5, f"CÓD. AUTORIZACIÓN (CUF): {invoice.authorisation_code}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", size=11)
    for label, value in (
        ("Fecha de emisión", issued.strftime("%d/%m/%Y %H:%M")),
        ("Cliente", invoice.customer_name),
        ("NIT/CI", invoice.id_number),
        ("Solicitud", invoice.order_number),
        ("Forma de pago", invoice.payment_label),
    ):
        pdf.cell(45, 7, f"{label}:")
        pdf.cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(130, 8, "Concepto", border=1)
    pdf.cell(0, 8, "Importe", border=1, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for concept, amount in (
        (f"Instalación - {invoice.plan_name}", invoice.installation_fee_bs),
        (f"Primer mes - {invoice.plan_name}", invoice.monthly_price_bs),
    ):
        pdf.cell(130, 8, concept, border=1)
        pdf.cell(0, 8, money(amount), border=1, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(130, 8, "TOTAL", border=1)
    pdf.cell(0, 8, money(invoice.total_bs), border=1, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 8, amount_in_words(invoice.total_bs), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("Helvetica", size=8)
    for legend in (FISCAL_LEGEND, invoice.legend, ONLINE_LEGEND):
        if legend:
            pdf.multi_cell(0, 4, legend, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    return bytes(pdf.output())
