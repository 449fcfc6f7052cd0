"""Receipts read for the clerk: the fields read from texts as banks write them, from receipts drawn here (clean and
photographed) by Tesseract, and for real in the deposits queue, proposed beside what the customer typed."""

import re
import time
from datetime import date
from decimal import Decimal

import httpx
import pytest

from backend.payments.receipt_reading import ReceiptReading, read, text_of
from tests.backend.payments.test_payments import collections, payments_of, prepaid_sale  # noqa: F401 (fixture)
from tests.helpers.customers import Customer, order_number_in
from tests.helpers.receipts import LAYOUTS, Deposit, render

DEPOSIT = Deposit("00458712", Decimal("1234.50"), date(2026, 12, 3), "Carla Vargas Rojas")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "BANCO UNIÓN\nNro. de depósito: 7781-2231\nFecha: 03/12/2026 10:42\nDepositante: JUAN PEREZ\n"
            "Importe: Bs 1.234,50",
            ReceiptReading("77812231", Decimal("1234.50"), date(2026, 12, 3), "Juan Perez"),
        ),
        (
            "Transferencia exitosa\n3 de diciembre de 2026\nMonto transferido BOB 199.00\nOrdenante: Ana Rojas\n"
            "Nro. de transacción 55120987",
            ReceiptReading("55120987", Decimal("199.00"), date(2026, 12, 3), "Ana Rojas"),
        ),
        (
            "Comprobante N* 00458712\nComisión Bs 2,00\nTotal Bs. 351,00\nFecha y hora: 03-12-26 18:05",
            ReceiptReading("00458712", Decimal("351.00"), date(2026, 12, 3), None),
        ),
        ("una foto de mi gato", ReceiptReading()),
    ],
)
def test_the_fields_are_read_from_the_text_as_banks_write_it(text: str, expected: ReceiptReading) -> None:
    assert read(text) == expected


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_photographed_receipt_is_read_by_tesseract(layout: str) -> None:
    photo = render(layout, DEPOSIT, photographed=True, seed=7)
    reading = read(text_of(photo, "image/jpeg"))
    assert reading == ReceiptReading(DEPOSIT.number, DEPOSIT.amount_bs, DEPOSIT.on, DEPOSIT.depositor)


def test_a_pdf_receipt_is_read_from_its_own_text() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in ("Comprobante de transferencia", "Nro. de operación: 99887766", "Fecha: 01/12/2026",
                 "Ordenante: Luis Rocha", "Monto: Bs 349,00"):  # fmt: skip
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    reading = read(text_of(bytes(pdf.output()), "application/pdf"))
    assert reading == ReceiptReading("99887766", Decimal("349.00"), date(2026, 12, 1), "Luis Rocha")


@pytest.mark.assistant
def test_a_receipt_sent_on_the_chat_is_proposed_to_collections(
    backend: httpx.Client,
    collections: dict[str, str],  # noqa: F811
) -> None:
    customer = Customer(backend)
    number = order_number_in(prepaid_sale(customer, "Carla Vargas Rojas", "6543299"))
    reply = customer.presses("Transferencia")
    due = Decimal(re.search(r"Transfiere \*Bs ([\d.,]+)\*", reply).group(1).replace(".", "").replace(",", "."))  # type: ignore[union-attr]
    today = date.today()
    receipt = render("banco_union_deposito", Deposit("00458799", due, today, "Carla Vargas Rojas"), photographed=True)
    assert "Recibí tu comprobante" in customer.uploads(receipt, "recibo.jpg", "image/jpeg"), customer.transcript
    customer.says("00458799")

    deadline = time.monotonic() + 60
    while not (payment := payments_of(backend, collections, number)[0])["proposal"] and time.monotonic() < deadline:
        time.sleep(0.5)
    assert payment["proposal"] == {
        "deposit_number": "00458799",
        "amount_bs": f"{due:.2f}",
        "deposit_date": today.isoformat(),
        "depositor": "Carla Vargas Rojas",
        "amount_matches": True,
    }
    assert payment["deposit_number"] == "00458799"  # what the customer typed stays; the clerk decides
    page = backend.get("/console/payments", cookies={"venta_session": collections["Authorization"].split()[1]})
    assert "Leído del comprobante" in page.text and "✔ es lo que debe" in page.text
