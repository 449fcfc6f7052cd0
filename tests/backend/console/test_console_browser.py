"""The staff console in a real browser (Debian's Chromium driven by Playwright): an executive sees a web chat
conversation arrive, takes it over, writes to the customer, corrects their data and gives it back to the
assistant, while the customer's web chat page, in a second browser context, receives everything live."""

import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, expect

from launcher.paths import ROOT
from launcher.stack import Stack
from tests.helpers.basics import ADMIN_EMAIL, ADMIN_PASSWORD, la_paz_today, login
from tests.helpers.browser import customer_says, log_in, shoot
from tests.helpers.customers import Customer, order_number_in
from tests.helpers.installation import postpaid_sale, slot_titles
from tests.helpers.payments import RECEIPT_PNG, deposit_in_review

pytestmark = pytest.mark.assistant

DOCS = ROOT / "docs"
LA_PAZ = ZoneInfo("America/La_Paz")
PASSWORD = "clave-de-lucia-2026"
expect.set_options(timeout=20_000)  # replies come from the real model, which may take a few seconds on a busy machine


@pytest.fixture
def executive(backend: httpx.Client, staff_headers: dict[str, str]) -> str:
    email = f"lucia.{uuid.uuid4().hex[:6]}@venta.bo"
    body = {"email": email, "full_name": "Lucía Vargas", "password": PASSWORD, "role": "executive"}
    assert backend.post("/api/users", json=body, headers=staff_headers).status_code == 201
    return email


def test_takeover_and_handback_of_a_web_chat_conversation(
    browser: Browser, stack: Stack, executive: str, backend: httpx.Client
) -> None:
    customer = browser.new_context(viewport={"width": 420, "height": 860}, locale="es-BO")
    chat = customer.new_page()
    chat.goto(f"{stack.backend_url}/")
    expect(chat.locator(".msg--bot").first).to_contain_text("Hola")
    chat.get_by_role("button", name="🏠 Para mi hogar").click()
    expect(chat.locator(".msg--bot").last).to_contain_text("nombre")
    customer_says(chat, "Carla Méndez")
    expect(chat.locator(".msg--bot").last).to_contain_text("celular")

    staff = browser.new_context(viewport={"width": 1280, "height": 860}, locale="es-BO")
    console = staff.new_page()
    console.goto(f"{stack.backend_url}/console/login")
    shoot(console, "console-login")
    log_in(console, stack.backend_url, executive, PASSWORD)
    expect(console.locator(".inbox")).to_contain_text("Carla Méndez")
    shoot(console, "console-inbox")

    console.locator(".inbox a", has_text="Carla Méndez").click()
    expect(console.locator("#transcript")).to_contain_text("Carla Méndez")
    # Times in La Paz, as the customer lived them, and chat emphasis rendered, never raw asterisks.
    conversation_id = unquote(console.url.rsplit("/", 1)[-1])
    stored = backend.get(f"/api/conversations/{conversation_id}/messages", headers=login(backend)).json()
    first = datetime.fromisoformat(stored["messages"][0]["created_at"]).replace(tzinfo=UTC)
    expect(console.locator("#transcript time").first).to_have_text(first.astimezone(LA_PAZ).strftime("%d/%m %H:%M"))
    expect(console.locator("#transcript")).not_to_contain_text("*")
    console.get_by_role("button", name="Tomar conversación").click()
    expect(console.locator("#holder")).to_contain_text("Lucía Vargas")
    expect(chat.locator(".msg--staff").first).to_contain_text("te atiende Lucía")  # the customer knows who

    console.get_by_label("Mensaje al cliente").fill("Hola Carla, soy Lucía, ejecutiva de ventas. ¿En qué te ayudo?")
    console.get_by_role("button", name="Enviar", exact=True).click()
    expect(chat.locator(".msg--staff").last).to_contain_text("soy Lucía")  # on the customer's own page

    bot_messages = chat.locator(".msg--bot").count()
    customer_says(chat, "Mi celular es 71112222, pero prefiero que me escriban al correo")
    expect(console.locator("#transcript")).to_contain_text("prefiero que me escriban")  # live in the console
    console.get_by_label("Celular").fill("+59171112222")
    console.get_by_role("button", name="Guardar cambios").click()
    expect(console.locator("#flash")).to_contain_text("Datos guardados")
    assert chat.locator(".msg--bot").count() == bot_messages  # the assistant kept quiet
    shoot(console, "console-conversation")

    console.get_by_role("button", name="Devolver al asistente").click()
    expect(console.locator("#holder")).to_contain_text("asistente")
    expect(chat.locator(".msg--bot", has_text="Soy el asistente virtual otra vez")).to_be_visible()
    # The executive gave the phone, so the assistant goes on with the e-mail.
    expect(chat.locator(".msg--bot").last).to_contain_text("correo")
    customer_says(chat, "carla.mendez@gmail.com")
    expect(chat.locator(".msg--bot").last).to_contain_text(re.compile("para qué", re.IGNORECASE))
    shoot(chat, "webchat-after-handback")

    leads = backend.get("/api/leads", headers=login(backend), params={"limit": 500}).json()["data"]
    [lead] = [lead for lead in leads if lead["full_name"] == "Carla Méndez"]
    assert lead["phone"] == "+59171112222" and lead["email"] == "carla.mendez@gmail.com"
    customer.close()
    staff.close()


def test_admin_pages_render(browser: Browser, stack: Stack) -> None:
    admin = browser.new_context(viewport={"width": 1280, "height": 800})
    page = admin.new_page()
    log_in(page, stack.backend_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    page.goto(f"{stack.backend_url}/console/users")
    expect(page.locator("table")).to_contain_text("Administrador")
    shoot(page, "console-users")
    phone = admin.new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(f"{stack.backend_url}/console/inbox")
    expect(phone.locator("h1")).to_contain_text("Conversaciones")
    shoot(phone, "console-inbox-phone")
    admin.close()


CONSOLE_PAGES = ("inbox", "leads", "orders", "backoffice", "payments", "calendar", "reports/sales",
                 "reports/unattended", "reports/kpi", "referrers", "learning", "stock", "users", "canned-replies",
                 "audit", "inbox?view=mine&q=a")  # fmt: skip


def test_no_console_page_scrolls_sideways_on_a_360_px_phone(
    browser: Browser, stack: Stack, backend: httpx.Client
) -> None:
    customer = Customer(backend)
    customer.says("hola, quiero internet para mi casa en la zona sur, ¿cuánto cuesta el plan más rápido que tienen?")
    phone = browser.new_context(viewport={"width": 360, "height": 780}, locale="es-BO")
    page = phone.new_page()
    log_in(page, stack.backend_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    expect(page.locator(".top__nav")).to_be_visible()
    for path in (*CONSOLE_PAGES, f"conversations/{customer.conversation_id}"):
        page.goto(f"{stack.backend_url}/console/{path}")
        expect(page.locator("h1")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"/console/{path} is {width} px wide"
    phone.close()


def test_installation_calendar_records_a_visit_done(browser: Browser, stack: Stack, backend: httpx.Client) -> None:

    customer = Customer(backend)
    reply = postpaid_sale(customer, "Tatiana Orellana", "9123456")
    order_number = order_number_in(reply)
    assert "quedó agendada" in customer.presses(slot_titles(customer)[0])

    admin = browser.new_context(viewport={"width": 1400, "height": 900})
    page = admin.new_page()
    log_in(page, stack.backend_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    page.goto(f"{stack.backend_url}/console/calendar")
    visit = page.locator(".visit", has_text="Tatiana Orellana")
    expect(visit).to_contain_text(order_number)
    expect(visit).to_contain_text("Agendada")
    shoot(page, "console-calendar")
    visit.locator("summary").click()
    visit.get_by_label("Técnico").fill("Pedro Rojas")
    visit.get_by_label("Recibió", exact=True).fill("Tatiana Orellana")
    visit.get_by_label("CI de quien recibió").fill("9123456")
    visit.get_by_label("Serie del equipo").fill("ONT-HW-552211")
    visit.get_by_role("button", name="Instalación realizada").click()
    expect(page.locator(".visit", has_text="Tatiana Orellana")).to_contain_text("Realizada")
    orders = backend.get("/api/orders", headers=login(backend), params={"limit": 500}).json()["data"]
    assert next(o for o in orders if o["number"] == order_number)["state_label"] == "Atendida/Cerrada"
    admin.close()


def test_collections_confirm_a_deposit_matched_to_the_imported_statement(
    browser: Browser, stack: Stack, backend: httpx.Client, tmp_path: Path
) -> None:
    payment_id = deposit_in_review(backend, "5550123")
    payment = backend.get(f"/api/payments/{payment_id}", headers=login(backend)).json()
    statement = tmp_path / "extracto.csv"
    amount = payment["amount_bs"].replace(".", ",")
    line = f"{la_paz_today():%d/%m/%Y};5550123;PEDRO SOLIZ;{amount}"
    statement.write_text(f"Fecha;Nro. Documento;Glosa;Importe\n{line}\n")

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-BO")
    page = staff.new_page()
    log_in(page, stack.backend_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    page.goto(f"{stack.backend_url}/console/payments")
    deposit = page.locator(f"[data-payment='{payment_id}']")
    expect(deposit).to_contain_text(payment["order_number"])
    expect(deposit.locator("img")).to_be_visible()
    page.get_by_label("Extracto bancario (CSV)").set_input_files(str(statement))
    page.get_by_role("button", name="Importar extracto").click()
    expect(page.locator("#statement-result")).to_contain_text("Importadas 1 líneas")
    deposit = page.locator(f"[data-payment='{payment_id}']")
    expect(deposit.locator(".match")).to_contain_text("Coincide con el extracto")
    shoot(page, "console-payments")
    deposit.get_by_role("button", name="Confirmar depósito").click()
    expect(page.locator("table")).to_contain_text(payment["order_number"])
    row = page.locator("tr", has_text=payment["order_number"])
    expect(row).to_contain_text("Confirmado")
    expect(row.get_by_role("link", name=re.compile("N.º"))).to_be_visible()
    staff.close()


def test_the_backoffice_returns_a_request_without_the_ci_photo(
    browser: Browser, stack: Stack, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    email = f"bruno.{uuid.uuid4().hex[:6]}@venta.bo"
    body = {"email": email, "full_name": "Bruno Backoffice", "password": PASSWORD, "role": "backoffice"}
    assert backend.post("/api/users", json=body, headers=staff_headers).status_code == 201
    number = order_number_in(postpaid_sale(Customer(backend), "Irene Salas", "6677001"))  # no CI photo sent

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-BO")
    page = staff.new_page()
    log_in(page, stack.backend_url, email, PASSWORD)
    expect(page).to_have_url(re.compile("/console/backoffice$"))
    row = page.locator("tr", has_text=number)
    expect(row).to_contain_text("❌ Foto del CI (postpago)")
    expect(row).to_contain_text("✅ Aceptación explícita del cliente")
    expect(row.get_by_role("button", name="Revisada")).to_be_disabled()
    shoot(page, "console-backoffice")
    row.get_by_label("Motivo de la devolución").fill("falta la foto del carnet")
    row.get_by_role("button", name="Devolver al ejecutivo").click()
    expect(page.locator("tr", has_text=number)).to_have_count(0)
    notices = backend.get("/api/notifications", headers=staff_headers).json()
    assert any(number in n["text"] and "falta la foto del carnet" in n["text"] for n in notices)
    staff.close()


def test_the_web_chat_sends_a_photo_with_the_clip_button(browser: Browser, stack: Stack, tmp_path: Path) -> None:
    photo = tmp_path / "carnet.png"
    photo.write_bytes(RECEIPT_PNG)
    context = browser.new_context(viewport={"width": 420, "height": 860}, locale="es-BO")
    chat = context.new_page()
    chat.goto(f"{stack.backend_url}/")
    expect(chat.locator(".msg--bot").first).to_contain_text("Hola")
    chat.locator("#attachment").set_input_files(str(photo))
    expect(chat.locator(".msg--me").last).to_contain_text("carnet.png")
    expect(chat.locator(".msg--bot", has_text="Recibido")).to_be_visible()  # kept; the sale goes on
    context.close()


def test_screenshots_are_kept_for_the_readme() -> None:
    names = {path.name for path in DOCS.glob("*.png")}
    assert {
        "console-login.png",
        "console-inbox.png",
        "console-conversation.png",
        "console-calendar.png",
        "console-payments.png",
        "console-leads.png",
        "console-reports.png",
        "console-backoffice.png",
    } <= names
