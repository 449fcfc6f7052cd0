"""Paying prepaid orders for real: receipts through the web chat, collections' decisions over HTTP, the
sandbox provider's signed notifications, the bank statement, invoices as PDF and e-mail on loopback SMTP."""

import hashlib
import hmac
import io
import json
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
import zxingcpp
from pypdf import PdfReader

from tests.helpers.basics import PAYMENT_PROVIDER_SECRET, la_paz_today, login
from tests.helpers.customers import COVERED_PIN, Customer, order_number_in
from tests.helpers.mailbox import Mailbox
from tests.helpers.payments import RECEIPT_PNG, deposit_in_review

pytestmark = [pytest.mark.assistant, pytest.mark.both_engines]

# The smallest valid PNG: what a phone camera sends is larger, the back office treats it the same.
COLLECTIONS_EMAIL = "cobranzas@test.bo"
COLLECTIONS_PASSWORD = "cobranzas-test-password"


@pytest.fixture(scope="module")
def collections(backend: httpx.Client, staff_headers: dict[str, str]) -> dict[str, str]:
    """Bearer headers of a member of the collections team."""
    backend.post(
        "/api/users",
        headers=staff_headers,
        json={
            "email": COLLECTIONS_EMAIL,
            "full_name": "Rosa Cobranzas",
            "password": COLLECTIONS_PASSWORD,
            "role": "collections",
        },
    )
    return login(backend, COLLECTIONS_EMAIL, COLLECTIONS_PASSWORD)


def prepaid_sale(customer: Customer, name: str, ci: str) -> str:
    """A residential prepaid sale up to the order; the assistant's reply to the confirmation."""
    customer.says("hola")
    customer.presses("🏠 Para mi hogar")
    email = f"{name.split()[0].lower()}.{ci}@correo.bo"
    customer.says_each(name, "72223344", email, "para ver series", "en la noche", "somos 4")
    customer.shares_location(COVERED_PIN)
    customer.says("casa blanca al lado de la farmacia")
    customer.presses("¡Lo quiero!")
    customer.says(ci)
    customer.presses("Prepago")
    return customer.presses("Acepto")


def payments_of(backend: httpx.Client, headers: dict[str, str], order_number: str, *states: str) -> list[dict]:
    params = {"state": list(states or ("in_review",))}
    return [
        p
        for p in backend.get("/api/payments", headers=headers, params=params).json()
        if p["order_number"] == order_number
    ]


def order_of(backend: httpx.Client, headers: dict[str, str], order_number: str) -> dict[str, Any]:
    orders = backend.get("/api/orders", headers=headers, params={"limit": 500}).json()["data"]
    return next(order for order in orders if order["number"] == order_number)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def verification_in(data: bytes) -> str:
    """What the QR printed on the invoice says."""
    [image] = PdfReader(io.BytesIO(data)).pages[0].images
    [code] = zxingcpp.read_barcodes(image.image)
    return code.text


def test_a_transfer_receipt_is_confirmed_by_collections_invoiced_and_told_to_the_customer(
    backend: httpx.Client, staff_headers: dict[str, str], collections: dict[str, str], mailbox: Mailbox
) -> None:
    customer = Customer(backend)
    reply = prepaid_sale(customer, "Carla Vargas", "6543210")
    number = order_number_in(reply)
    assert "Cómo prefieres pagar" in reply, customer.transcript
    reply = customer.presses("Transferencia")
    assert "Banco Unión" in reply and "1-4578963" in reply and number in reply, customer.transcript
    amount = re.search(r"Transfiere \*(Bs [\d.,]+)\*", reply).group(1)  # type: ignore[union-attr]

    assert "Aún no recibí el comprobante" in customer.says("¿ya confirmaron mi pago?"), customer.transcript
    reply = customer.uploads(RECEIPT_PNG)
    assert "Recibí tu comprobante" in reply and "número de depósito" in reply, customer.transcript
    reply = customer.says("00458712")
    assert "depósito N° 00458712" in reply and amount in reply and "Cobranzas" in reply, customer.transcript
    assert "en revisión" in customer.says("¿ya confirmaron mi pago?"), customer.transcript

    [payment] = payments_of(backend, collections, number)
    assert payment["customer_name"] == "Carla Vargas" and payment["id_number"] == "6543210"
    assert payment["deposit_number"] == "00458712" and payment["deposit_date"] == la_paz_today().isoformat()
    assert payment["receipt_content_type"] == "image/png"
    receipt = backend.get(f"/api/documents/{payment['receipt_document_id']}/content", headers=collections)
    assert receipt.content == RECEIPT_PNG
    assert order_of(backend, staff_headers, number)["state"] == "pre_sale"

    confirmed = backend.post(f"/api/payments/{payment['id']}/confirm", headers=collections, json={})
    assert confirmed.status_code == 200, confirmed.text
    invoice = confirmed.json()["invoice"]
    assert confirmed.json()["state"] == "confirmed" and confirmed.json()["decided_by"] == "Rosa Cobranzas"

    told = customer.streamed(until=lambda messages: any(m.get("buttons") for m in messages))
    texts = "\n".join(m["text"] for m in told)
    assert f"Confirmamos tu pago de {amount}" in texts and invoice in texts, customer.transcript
    assert "carla.6543210@correo.bo" in texts and "instalación" in texts, customer.transcript
    assert any(b["title"] == "Más fechas" for m in told for b in m["buttons"])

    order = order_of(backend, staff_headers, number)
    assert order["state"] == "sale"
    assert [c["to_state"] for c in order["state_changes"]] == ["pre_sale", "sale"]

    pdf = backend.get(f"/api/invoices/{confirmed.json()['invoice_id']}/pdf", headers=staff_headers)
    assert pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert f"FACTURA N° {invoice}" in text and "NIT/CI" in text and "6543210" in text
    assert order["plan"]["name"] in text and amount.replace("Bs ", "") in text and number in text
    assert "Son: " in text and "Bolivianos" in text and "Ley N° 453" in text
    code = re.search(r"CUF\): ([0-9A-F]+)", text).group(1)  # type: ignore[union-attr]
    assert verification_in(pdf.content) == (
        f"https://pilotosiat.impuestos.gob.bo/consulta/QR?nit=1023187029&cuf={code}&numero={int(invoice)}&t=2"
    )
    digits = str(int(code[:-15], 16)).zfill(54)  # the fields the code was made of, before the day's control code
    assert digits.startswith("0001023187029") and digits[37:39] == "22" and digits[39:49] == invoice.zfill(10)

    mail = mailbox.wait_for(lambda m: m["To"] == "carla.6543210@correo.bo")
    assert invoice in mail["Subject"]
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == f"factura-{invoice}.pdf"
    assert f"FACTURA N° {invoice}" in pdf_text(attachment.get_content())

    reply = customer.says("¿ya confirmaron mi pago?")
    assert "confirmado" in reply and invoice in reply, customer.transcript

    again = backend.post(f"/api/payments/{payment['id']}/confirm", headers=collections, json={})
    assert again.status_code == 200 and again.json()["invoice"] == invoice
    changed = backend.patch(f"/api/payments/{payment['id']}", headers=collections, json={"amount_bs": "1.00"})
    assert changed.status_code == 409
    assert (
        backend.post(
            f"/api/payments/{payment['id']}/reject", headers=collections, json={"reason": "cambio de opinión"}
        ).status_code
        == 409
    )
    events = backend.get("/api/audit", headers=staff_headers, params={"subject": f"payment:{payment['id']}"}).json()
    assert [e["action"] for e in events] == ["payment.confirmed"]


def test_the_invoice_goes_out_when_the_mail_server_is_back(
    backend: httpx.Client, staff_headers: dict[str, str], collections: dict[str, str], mailbox: Mailbox
) -> None:
    customer = Customer(backend)
    ci = str(uuid.uuid4().int % 9_000_000 + 1_000_000)  # each run its own address
    number = order_number_in(prepaid_sale(customer, "Mario Rojas", ci))
    customer.presses("Transferencia")
    customer.uploads(RECEIPT_PNG)
    customer.says("00458799")
    [payment] = payments_of(backend, collections, number)
    with mailbox.down():
        confirmed = backend.post(f"/api/payments/{payment['id']}/confirm", headers=collections, json={})
        assert confirmed.status_code == 200, confirmed.text
        told = customer.streamed(until=lambda messages: any(m.get("buttons") for m in messages))
        assert "Confirmamos tu pago" in "\n".join(m["text"] for m in told)  # the customer is told at once
        time.sleep(2)  # the e-mail is tried, and refused, meanwhile
    mail = mailbox.wait_for(lambda m: m["To"] == f"mario.{ci}@correo.bo", timeout=60)
    assert confirmed.json()["invoice"] in mail["Subject"]


def test_a_rejected_receipt_is_explained_and_a_new_one_goes_back_to_collections(
    backend: httpx.Client, collections: dict[str, str]
) -> None:
    customer = Customer(backend)
    number = order_number_in(prepaid_sale(customer, "Jorge Mamani", "5566778"))
    customer.presses("Transferencia")
    customer.uploads(RECEIPT_PNG, "recibo.png")
    customer.says("el número de depósito es 11223344")
    [first] = payments_of(backend, collections, number)

    reason = "el monto del comprobante no coincide con el de tu solicitud"
    rejected = backend.post(f"/api/payments/{first['id']}/reject", headers=collections, json={"reason": reason})
    assert rejected.status_code == 200 and rejected.json()["state"] == "rejected"
    told = customer.streamed(until=bool)
    assert reason in told[0]["text"] and "11223344" in told[0]["text"]
    assert reason in customer.says("¿recibieron mi pago?"), customer.transcript

    reply = customer.uploads(RECEIPT_PNG, "recibo-correcto.png")
    assert "Recibí tu comprobante" in reply, customer.transcript
    reply = customer.says("99887766")
    assert "depósito N° 99887766" in reply, customer.transcript
    [second] = payments_of(backend, collections, number)
    assert second["id"] != first["id"] and second["deposit_number"] == "99887766"
    assert second["receipt_document_id"] != first["receipt_document_id"]

    amended = backend.patch(
        f"/api/payments/{second['id']}",
        headers=collections,
        json={"depositor_name": "María Mamani", "operation_type": "Depósito en ventanilla"},
    )
    assert amended.status_code == 200 and amended.json()["depositor_name"] == "María Mamani"
    assert backend.post(f"/api/payments/{second['id']}/confirm", headers=collections, json={}).status_code == 200
    decided = {p["id"]: p for p in backend.get("/api/payments/decided", headers=collections).json()}
    assert decided[first["id"]]["decision_reason"] == reason and decided[first["id"]]["decided_by"] == "Rosa Cobranzas"
    assert decided[second["id"]]["state"] == "confirmed"


def sign(body: bytes) -> str:
    return "sha256=" + hmac.new(PAYMENT_PROVIDER_SECRET.encode(), body, hashlib.sha256).hexdigest()


def notify(backend: httpx.Client, event: dict[str, Any], signature: str | None = None) -> httpx.Response:
    body = json.dumps({"sent_at": int(time.time()), **event}).encode()
    signature = sign(body) if signature is None else signature
    headers = {"X-Sandbox-Signature": signature, "Content-Type": "application/json"}
    return backend.post("/api/payments/notifications/sandbox", content=body, headers=headers)


def test_online_payments_through_the_sandbox_provider_declined_then_approved(
    backend: httpx.Client, staff_headers: dict[str, str], collections: dict[str, str]
) -> None:
    customer = Customer(backend)
    number = order_number_in(prepaid_sale(customer, "Lucía Fernández", "4455667"))
    reply = customer.presses("Pago en línea")
    link = re.search(r"https?://\S+/sandbox/pay/(SBX-\w+)", reply)
    assert link, customer.transcript
    first_reference = link.group(1)
    page = backend.get(f"/sandbox/pay/{first_reference}")
    assert page.status_code == 200 and number in page.text and "Aprobar pago" in page.text

    forged_host = {"Host": "attacker.example:9"}  # the notification still goes to this backend, not there
    declined = backend.post(
        f"/sandbox/pay/{first_reference}", data={"decision": "declined", "holder": "L F"}, headers=forged_host
    )
    assert declined.status_code == 200 and "rechazado" in declined.text
    told = customer.streamed(until=lambda messages: any(m.get("buttons") for m in messages))
    assert "no fue aprobado" in told[-1]["text"] and "Fondos insuficientes" in told[-1]["text"]
    assert backend.get(f"/sandbox/pay/{first_reference}").status_code == 410

    forged = {"reference": first_reference, "amount": "1", "status": "approved", "reason": None}
    assert notify(backend, forged, signature="sha256=" + "0" * 64).status_code == 403
    assert notify(backend, forged, signature="").status_code == 403
    [still] = payments_of(backend, collections, number, "declined")
    assert still["provider_reference"] == first_reference
    assert order_of(backend, staff_headers, number)["state"] == "pre_sale"

    reply = customer.presses("Intentar de nuevo")
    second_reference = re.search(r"/sandbox/pay/(SBX-\w+)", reply).group(1)  # type: ignore[union-attr]
    assert second_reference != first_reference
    approved = backend.post(f"/sandbox/pay/{second_reference}", data={"decision": "approved", "holder": "Lucía F"})
    assert approved.status_code == 200 and "Pago aprobado" in approved.text
    told = customer.streamed(until=lambda messages: any("Confirmamos tu pago" in m["text"] for m in messages))
    assert any("Confirmamos tu pago" in m["text"] for m in told), customer.transcript

    order = order_of(backend, staff_headers, number)
    assert order["state"] == "sale"
    [paid] = payments_of(backend, collections, number, "confirmed")
    assert paid["decided_by"] == "Pasarela de pago" and paid["invoice"]

    stale = {"reference": second_reference, "amount": "1", "status": "approved", "reason": None, "sent_at": 1}
    assert notify(backend, stale).status_code == 403  # signed, but replayed long after
    paid_link = backend.post(f"/sandbox/pay/{second_reference}", data={"decision": "approved", "holder": "otra vez"})
    assert paid_link.status_code == 410  # a settled link cannot be paid again

    replay = {"reference": second_reference, "amount": paid["amount_bs"], "status": "approved", "reason": None}
    assert notify(backend, replay).status_code == 200
    assert payments_of(backend, collections, number, "confirmed")[0]["invoice"] == paid["invoice"]
    assert len(payments_of(backend, collections, number, "confirmed", "declined", "superseded")) == 2

    late = {"reference": first_reference, "amount": paid["amount_bs"], "status": "approved", "reason": None}
    assert notify(backend, late).status_code == 200  # the customer was charged after all: kept, not refused
    [refund] = payments_of(backend, collections, number, "refund_due")
    assert refund["provider_reference"] == first_reference and "devolución" in refund["decision_reason"]
    assert order_of(backend, staff_headers, number)["state"] == "sale"


def test_the_bank_statement_is_imported_and_each_deposit_matched_to_one_line(
    backend: httpx.Client, collections: dict[str, str]
) -> None:
    exact, near, alone = (
        deposit_in_review(backend, "70001"),
        deposit_in_review(backend, "70002"),
        deposit_in_review(backend, "70003"),
    )
    amount = backend.get(f"/api/payments/{exact}", headers=collections).json()["amount_bs"]
    today = la_paz_today().strftime("%d/%m/%Y")
    statement = (
        "Fecha;Nro. Documento;Glosa;Importe;Tipo\n"
        f"{today};0070001;PEDRO SOLIZ;{amount.replace('.', ',')};Transferencia\n"
        f"{today};70002;PEDRO SOLIZ;1,00;Transferencia\n"
        f"{today};80000;OTRO CLIENTE;55,50;Depósito\n"
        "mañana;X;Y;1;Z\n"
    )
    files = {"file": ("extracto.csv", statement.encode(), "text/csv")}
    imported = backend.post("/api/payments/statements", headers=collections, files=files)
    assert imported.status_code == 200, imported.text
    assert imported.json() == {"added": 3, "skipped": 0, "errors": ["Línea 5: «mañana» no es una fecha"]}
    again = backend.post("/api/payments/statements", headers=collections, files=files).json()
    assert again["added"] == 0 and again["skipped"] == 3

    queue = {p["id"]: p for p in backend.get("/api/payments", headers=collections).json()}
    assert queue[exact]["match"]["exact"] and queue[exact]["match"]["line"]["reference"] == "0070001"
    assert not queue[near]["match"]["exact"] and queue[near]["match"]["differences"] == ["monto Bs 1,00 en el extracto"]
    assert queue[alone]["match"] is None

    line = queue[exact]["match"]["line"]["id"]
    confirmed = backend.post(f"/api/payments/{exact}/confirm", headers=collections, json={"statement_line_id": line})
    assert confirmed.status_code == 200 and confirmed.json()["statement_line"]["id"] == line
    reused = backend.post(f"/api/payments/{near}/confirm", headers=collections, json={"statement_line_id": line})
    assert reused.status_code == 409 and "ya confirma" in reused.json()["detail"]
    assert backend.get(f"/api/payments/{near}", headers=collections).json()["state"] == "in_review"
    free = [entry["id"] for entry in backend.get("/api/payments/statements/lines", headers=collections).json()]
    assert line not in free


def test_concurrent_and_repeated_confirmations_give_gap_free_unique_invoice_numbers(
    backend: httpx.Client, collections: dict[str, str]
) -> None:
    payments = [deposit_in_review(backend, f"8100{i}") for i in range(6)]
    authorization = collections["Authorization"]

    def confirm(payment_id: int) -> dict[str, Any]:
        with httpx.Client(base_url=str(backend.base_url), timeout=60) as http:
            response = http.post(
                f"/api/payments/{payment_id}/confirm", json={}, headers={"Authorization": authorization}
            )
            assert response.status_code == 200, response.text
            return response.json()

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(confirm, payments + payments))
    by_payment: dict[int, set[str]] = {}
    for result in results:
        by_payment.setdefault(result["id"], set()).add(result["invoice"])
    assert all(len(labels) == 1 for labels in by_payment.values())  # a second click returns the same invoice
    numbers = sorted(int(labels.pop()) for labels in by_payment.values())
    assert numbers == list(range(numbers[0], numbers[0] + 6))


def test_only_collections_supervisors_and_admins_see_the_deposits(
    backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    backend.post(
        "/api/users",
        headers=staff_headers,
        json={
            "email": "ejecutivo.pagos@test.bo",
            "full_name": "Ejecutivo Pagos",
            "password": "ejecutivo-password",
            "role": "executive",
        },
    )
    executive = login(backend, "ejecutivo.pagos@test.bo", "ejecutivo-password")
    assert backend.get("/api/payments", headers=executive).status_code == 403
    assert backend.get("/api/payments").status_code == 401
    assert backend.post("/api/payments/1/confirm", headers=executive, json={}).status_code == 403


def test_choosing_a_transfer_asks_for_the_receipt_once_and_nothing_else(backend: httpx.Client) -> None:
    customer = Customer(backend)
    prepaid_sale(customer, "Rosa Vargas", "4455668")
    reply = customer.presses("Transferencia")
    assert "Banco Unión" in reply and reply.count("comprobante") == 1, reply
    assert "No encontré" not in reply and "Necesito la foto" not in reply
