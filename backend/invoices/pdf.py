"""The invoice as a one-page PDF."""

from zoneinfo import ZoneInfo

from fpdf import FPDF

from backend.invoices.models import Invoice
from backend.money import money


def render(invoice: Invoice, *, company: str, company_nit: str, timezone: str) -> bytes:
    """The invoice's PDF: issuer, customer (name and NIT/CI), the plan billed and the amount."""
    issued = invoice.issued_at.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(timezone))
    pdf = FPDF(format="A4")
    pdf.set_title(f"Factura {invoice.label}")
    pdf.set_author(company)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, company, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 6, f"NIT {company_nit}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, f"FACTURA N° {invoice.label}", new_x="LMARGIN", new_y="NEXT")
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
    return bytes(pdf.output())
