"""The "Solicitud Contrato de Servicios": one PDF per request in the company's form layout, with the customer's
acceptance as evidence and a QR that leads staff to the request. Customers download theirs from a link signed
for that request alone."""

import base64
import hashlib
import hmac
import io
from zoneinfo import ZoneInfo

import segno
from fpdf import FPDF

from backend.database import from_db
from backend.money import money
from backend.orders.models import Order

PAYMENT_LABELS = {"prepaid": "Prepago (pago por adelantado)", "postpaid": "Postpago (pago mensual con factura)"}


def link_token(secret: str, number: str) -> str:
    """What a customer's contract link carries: an HMAC of the request number, unguessable without the secret."""
    digest = hmac.new(secret.encode(), f"contract:{number}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def holds_token(secret: str, number: str, token: str) -> bool:
    return hmac.compare_digest(token.encode(), link_token(secret, number).encode())


def render(order: Order, *, company: str, company_nit: str, timezone: str, staff_url: str) -> bytes:
    """The request's contract form; `staff_url` is where its QR leads."""
    zone = ZoneInfo(timezone)
    pdf = FPDF(format="A4")
    pdf.set_title(f"Solicitud Contrato de Servicios {order.number}")
    pdf.set_author(company)
    pdf.set_creation_date(from_db(order.created_at))  # the same request always gives the same file
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 9, company, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    pdf.cell(0, 5, f"NIT {company_nit}", new_x="LMARGIN", new_y="NEXT")
    qr = io.BytesIO()
    segno.make(staff_url, error="m").save(qr, kind="png", scale=4, border=1)
    pdf.image(qr, x=170, y=10, w=28)
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 9, "SOLICITUD CONTRATO DE SERVICIOS", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 6, f"Solicitud N° {order.number}  ·  {from_db(order.created_at, zone):%d/%m/%Y %H:%M}",
             new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    section(pdf, "Cliente")
    rows(pdf, [
        ("Nombre", order.contact_name or order.customer.full_name),
        ("CI/NIT", order.customer.id_number),
        ("Celular", order.contact_phone or "-"),
        ("Correo", order.contact_email or "-"),
    ])  # fmt: skip
    section(pdf, "Lugar de instalación")
    rows(pdf, [
        ("Dirección", order.address),
        ("Zona", order.coverage_zone_name),
        ("Referencia", order.address_reference or "-"),
    ])  # fmt: skip
    section(pdf, "Servicio")
    rows(pdf, [
        ("Plan", f"{order.plan.name} ({order.plan.download_mbps}/{order.plan.upload_mbps} Mbps)"),
        ("Precio mensual", money(order.monthly_price_bs)),
        ("Instalación", money(order.installation_fee_bs)),
        ("Plazo mínimo", f"{order.plan.minimum_term_months} meses"),
        ("Equipo", equipment_line(order)),
        ("Forma de pago", PAYMENT_LABELS.get(order.payment_method, order.payment_method)),
    ])  # fmt: skip
    section(pdf, "Aceptación del cliente")
    evidence = order.acceptance
    if evidence is None:
        rows(pdf, [("Estado", "Pendiente de aceptación")])
    else:
        rows(pdf, [
            ("Canal", evidence.channel),
            ("Mostrado", f"{from_db(evidence.shown_at, zone):%d/%m/%Y %H:%M:%S}"),
            ("Aceptado", f"{from_db(evidence.accepted_at, zone):%d/%m/%Y %H:%M:%S}"),
            ("Respuesta", f"«{evidence.answer_text}» (mensaje {evidence.answer_message_id})"),
        ])  # fmt: skip
        pdf.set_font("Helvetica", "I", 8)
        pdf.multi_cell(0, 4, printable(f"Texto mostrado (mensaje {evidence.terms_message_id}):\n{evidence.terms_text}"))
    return bytes(pdf.output())


def equipment_line(order: Order) -> str:
    if order.equipment_model:
        return f"{order.equipment_model} ({order.plan.technology}), en comodato"
    if order.equipment_status == "out_of_stock":
        expected = f"; se espera el {order.restock_on:%d/%m/%Y}" if order.restock_on else ""
        return f"Sin stock en la zona{expected}"
    return f"Router/ONT {order.plan.technology}, en comodato"


def section(pdf: FPDF, title: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, title, border="B", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)


def rows(pdf: FPDF, pairs: list[tuple[str, str]]) -> None:
    for label, value in pairs:
        pdf.cell(38, 6, f"{label}:")
        pdf.multi_cell(0, 6, printable(value), new_x="LMARGIN", new_y="NEXT")


def printable(text: str) -> str:
    """`text` in the PDF's built-in fonts (Latin-1): bullets as dashes, anything else they lack (emoji) as "?"."""
    return text.replace("•", "-").replace("—", "-").encode("latin-1", errors="replace").decode("latin-1")
