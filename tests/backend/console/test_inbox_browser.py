"""The staff console as a live-chat inbox, in Debian's Chromium: finding conversations, noticing customers,
answering fast with ready answers, notes and files, the deposits queue that fills itself, Solicitudes with their
detail, users and the audit page, and the customer's web chat that survives a reload."""

import re
import uuid

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from launcher.stack import Stack
from tests.helpers.basics import ADMIN_EMAIL, ADMIN_PASSWORD, login
from tests.helpers.browser import customer_says, log_in, shoot
from tests.helpers.customers import Customer, order_number_in
from tests.helpers.installation import postpaid_sale
from tests.helpers.payments import deposit_in_review

pytestmark = pytest.mark.assistant
expect.set_options(timeout=20_000)
PASSWORD = "clave-de-carla-2026"
NOTICES = """
const Real = window.Notification;
window.__notices = [];
window.Notification = class extends Real {
  static get permission() { return Real.permission; }
  static requestPermission(...args) { return Real.requestPermission(...args); }
  constructor(title, options) {
    window.__notices.push({ title, body: options && options.body });
    super(title, options);
  }
};
"""


@pytest.fixture
def executive(backend: httpx.Client, staff_headers: dict[str, str]) -> tuple[str, str]:
    """An executive's e-mail and bearer headers."""
    email = f"carla.{uuid.uuid4().hex[:6]}@venta.bo"
    body = {"email": email, "full_name": "Carla Rojas", "password": PASSWORD, "role": "executive"}
    assert backend.post("/api/users", json=body, headers=staff_headers).status_code == 201
    return email, login(backend, email, PASSWORD)


def console_of(browser: Browser, stack: Stack, email: str, password: str = PASSWORD, **options: object) -> Page:
    context: BrowserContext = browser.new_context(viewport={"width": 1280, "height": 860}, locale="es-BO", **options)
    page = context.new_page()
    log_in(page, stack.backend_url, email, password)
    expect(page.locator("h1").first).to_be_visible()
    return page


def named_customer(backend: httpx.Client, name: str) -> Customer:
    customer = Customer(backend)
    customer.says("hola")
    customer.presses("🏠 Para mi hogar")
    assert "celular" in customer.says(name)
    return customer


def test_search_finds_a_conversation_by_ci_and_by_request_number(
    browser: Browser, stack: Stack, backend: httpx.Client, executive: tuple[str, str]
) -> None:
    customer = Customer(backend)
    ci = str(5_100_000 + uuid.uuid4().int % 800_000)
    order_number = order_number_in(postpaid_sale(customer, "Inés Villarroel", ci))
    page = console_of(browser, stack, executive[0])
    page.goto(f"{stack.backend_url}/console/inbox")
    for term in (ci, order_number):  # a SOL number also finds longer ones that start with it
        page.get_by_label("Buscar conversaciones").fill(term)
        page.get_by_role("button", name="Buscar").click()
        expect(page.locator(".inbox__item", has_text="Inés Villarroel")).to_be_visible()
    expect(page.locator(".inbox__item")).to_have_count(1)
    expect(page.locator(".inbox__preview")).not_to_be_empty()  # the last message, at a glance
    page.get_by_label("Buscar conversaciones").fill("nadie-dijo-esto-" + uuid.uuid4().hex[:6])
    page.get_by_role("button", name="Buscar").click()
    expect(page.locator(".inbox")).to_contain_text("Ninguna conversación coincide")
    page.goto(f"{stack.backend_url}/console/inbox?view=wants_human")
    expect(page.get_by_role("link", name="Piden asesor")).to_have_attribute("aria-current", "page")
    shoot(page, "console-inbox-filters")
    page.context.close()


def test_unread_count_and_tab_title_follow_the_customer_who_writes(
    browser: Browser, stack: Stack, backend: httpx.Client, executive: tuple[str, str]
) -> None:
    customer = named_customer(backend, "Tomás Quiroga")
    base = f"/api/conversations/{customer.conversation_id}"
    assert backend.post(f"{base}/takeover", headers=executive[1]).status_code == 200
    page = console_of(browser, stack, executive[0])
    page.goto(f"{stack.backend_url}/console/conversations/{customer.conversation_id}")
    expect(page.locator("#transcript")).to_contain_text("Tomás Quiroga")  # read up to here
    page.goto(f"{stack.backend_url}/console/inbox?view=mine")
    row = page.locator(".inbox__item", has_text="Tomás Quiroga")
    expect(row).to_be_visible()
    expect(row.locator(".unread")).to_have_count(0)

    customer.says("¿siguen ahí?")
    expect(row.locator(".unread")).to_have_text("1")
    expect(page).to_have_title(re.compile(r"^\(\d+\) Conversaciones"))
    customer.says("quiero el plan más rápido")
    expect(row.locator(".unread")).to_have_text("2")
    expect(row.locator(".inbox__preview")).to_contain_text("quiero el plan más rápido")

    row.locator("a").click()
    expect(page.locator("#transcript")).to_contain_text("quiero el plan más rápido")
    page.goto(f"{stack.backend_url}/console/inbox?view=mine")
    expect(page.locator(".inbox__item", has_text="Tomás Quiroga").locator(".unread")).to_have_count(0)
    page.context.close()


def test_a_browser_notification_announces_a_customer_who_asks_for_a_person(
    browser: Browser, stack: Stack, backend: httpx.Client, executive: tuple[str, str]
) -> None:
    page = console_of(browser, stack, executive[0], permissions=["notifications"], bypass_csp=True)
    page.add_init_script(NOTICES)
    page.goto(f"{stack.backend_url}/console/inbox")
    page.wait_for_function("window.__notices !== undefined")
    customer = named_customer(backend, "Rosa Choque")
    customer.says("quiero hablar con un asesor")
    page.wait_for_function("window.__notices.some((n) => n.body === 'Rosa Choque')")
    assert (
        page.evaluate("window.__notices.find((n) => n.body === 'Rosa Choque').title") == "🙋 Un cliente pide un asesor"
    )
    expect(page).to_have_title(re.compile(r"^\(\d+\) "))
    expect(page.locator(".inbox__item", has_text="Rosa Choque")).to_contain_text("pide asesor")
    page.context.close()


def test_ready_answers_notes_and_files_reach_the_customer_signed(
    browser: Browser, stack: Stack, backend: httpx.Client, staff_headers: dict[str, str], executive: tuple[str, str]
) -> None:
    shortcut = f"horario{uuid.uuid4().hex[:4]}"
    text = "Atendemos de lunes a viernes de 8:00 a 18:00 y los sábados hasta las 12:00."
    created = backend.post("/api/canned-replies", json={"shortcut": shortcut, "text": text}, headers=staff_headers)
    assert created.status_code == 201
    refused = backend.post("/api/canned-replies", json={"shortcut": "x", "text": "y"}, headers=executive[1])
    assert refused.status_code == 403  # supervisors keep them

    chat_context = browser.new_context(viewport={"width": 420, "height": 860}, locale="es-BO")
    chat = chat_context.new_page()
    chat.goto(f"{stack.backend_url}/")
    chat.get_by_role("button", name="🏠 Para mi hogar").click()
    customer_says(chat, "Julia Arce")
    expect(chat.locator(".msg--bot").last).to_contain_text("celular")

    page = console_of(browser, stack, executive[0])
    page.goto(f"{stack.backend_url}/console/inbox?q=Julia%20Arce")
    page.locator(".inbox a", has_text="Julia Arce").first.click()
    page.get_by_role("button", name="Tomar conversación").click()
    expect(chat.locator(".msg--staff").first).to_contain_text("te atiende Carla")

    box = page.get_by_label("Mensaje al cliente")
    box.fill("/" + shortcut[:9])
    expect(page.locator("#canned-list")).to_contain_text("/" + shortcut)
    box.press("Enter")
    expect(box).to_have_value(text)
    box.press("Enter")
    expect(chat.locator(".msg--staff").last).to_contain_text("lunes a viernes")
    expect(chat.locator(".msg--staff .msg__who").last).to_have_text("Carla · equipo de ventas")

    page.get_by_label("Nota interna").fill("Pidió que la llamen después de las 18:00.")
    page.get_by_role("button", name="Guardar nota").click()
    expect(page.locator("#transcript .bubble--note")).to_contain_text("después de las 18:00")

    page.locator("#staff-file").set_input_files(
        files=[{"name": "cotizacion.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%cotizacion\n"}]
    )
    expect(chat.locator(".msg--staff a", has_text="cotizacion.pdf")).to_be_visible()
    link = chat.locator(".msg--staff a", has_text="cotizacion.pdf").get_attribute("href")
    assert httpx.get(link).content.startswith(b"%PDF")
    expect(chat.locator("#log")).not_to_contain_text("después de las 18:00")  # notes stay in the console
    shoot(page, "console-conversation-tools")
    page.context.close()
    chat_context.close()


def test_the_deposits_queue_shows_a_new_receipt_without_reloading(
    browser: Browser, stack: Stack, backend: httpx.Client
) -> None:
    page = console_of(browser, stack, ADMIN_EMAIL, ADMIN_PASSWORD)
    page.goto(f"{stack.backend_url}/console/payments")
    expect(page.locator("h1")).to_contain_text("Depósitos por confirmar")
    deposit_number = str(880_000 + uuid.uuid4().int % 99_999)
    deposit_in_review(backend, deposit_number)
    expect(page.locator(f"#deposits input[name=deposit_number][value='{deposit_number}']")).to_have_count(1)
    page.context.close()


def test_web_chat_history_survives_a_reload(browser: Browser, stack: Stack) -> None:
    context = browser.new_context(viewport={"width": 420, "height": 860}, locale="es-BO")
    chat = context.new_page()
    chat.goto(f"{stack.backend_url}/")
    chat.get_by_role("button", name="🏠 Para mi hogar").click()
    customer_says(chat, "Daniela Flores")
    expect(chat.locator(".msg--bot").last).to_contain_text("celular")
    greetings = chat.locator(".msg--bot", has_text="Soy el asistente").count()

    chat.reload()
    expect(chat.locator(".msg--me", has_text="Daniela Flores")).to_be_visible()
    expect(chat.locator(".msg--bot").last).to_contain_text("celular")
    assert chat.locator(".msg--bot", has_text="Soy el asistente").count() == greetings  # not greeted again
    customer_says(chat, "71234567")
    expect(chat.locator(".msg--bot").last).to_contain_text("correo")  # on from where the customer was
    context.close()


def test_solicitudes_search_detail_and_a_warning_for_a_ci_with_other_requests(
    browser: Browser, stack: Stack, backend: httpx.Client
) -> None:
    customer = Customer(backend)
    ci = str(6_100_000 + uuid.uuid4().int % 800_000)
    first = order_number_in(postpaid_sale(customer, "Marco Antezana", ci))
    headers = login(backend)
    [order] = [o for o in backend.get("/api/orders", headers=headers, params={"limit": 500}).json()["data"]
               if o["number"] == first]  # fmt: skip
    annulled = backend.post(f"/api/orders/{order['id']}/annul", json={"reason": "Cambió de domicilio"}, headers=headers)
    assert annulled.status_code == 200, annulled.text
    again = backend.post(f"/api/orders/{order['id']}/reenter", headers=headers)
    assert again.status_code == 201, again.text

    page = console_of(browser, stack, ADMIN_EMAIL, ADMIN_PASSWORD)
    page.goto(f"{stack.backend_url}/console/orders")
    page.get_by_label("Buscar").fill(ci)
    page.get_by_role("button", name="Filtrar").click()
    expect(page.locator("#orders tbody tr")).to_have_count(2)
    expect(page.locator("#orders")).to_contain_text("2 solicitudes con este CI")
    expect(page.locator("#orders")).to_contain_text("Web chat")
    page.get_by_role("link", name=first).click()
    expect(page.locator("h1")).to_contain_text(first)
    expect(page.locator("#other-requests")).to_contain_text("otras solicitudes")
    expect(page.locator("main")).to_contain_text("Marco Antezana")
    expect(page.locator("main")).to_contain_text("Historial de estados")
    shoot(page, "console-order-detail")
    page.context.close()


def test_admins_edit_users_reset_passwords_and_read_it_in_the_audit(
    browser: Browser, stack: Stack, executive: tuple[str, str], backend: httpx.Client
) -> None:
    email = executive[0]
    page = console_of(browser, stack, ADMIN_EMAIL, ADMIN_PASSWORD)
    page.goto(f"{stack.backend_url}/console/users")
    row = page.locator("#users tr", has_text=email)
    row.get_by_label(re.compile("Rol de")).select_option("supervisor")
    row.get_by_label(re.compile("Ciudades de")).fill("Cochabamba, Quillacollo")
    row.get_by_role("button", name="Guardar").click()
    expect(page.locator("#users tr", has_text=email).get_by_label(re.compile("Ciudades de"))).to_have_value(
        "Cochabamba, Quillacollo"
    )
    page.once("dialog", lambda dialog: dialog.accept("una-clave-nueva-2026"))
    page.locator("#users tr", has_text=email).get_by_role("button", name="Nueva contraseña…").click()
    expect(page.locator("#users")).to_be_visible()
    login(backend, email, "una-clave-nueva-2026")  # the new password works

    page.goto(f"{stack.backend_url}/console/audit?action=user.update")
    expect(page.locator("#audit")).to_contain_text("password_changed: True")
    expect(page.locator("#audit")).to_contain_text("cities")
    page.context.close()


def test_console_errors_are_styled_pages_in_spanish(browser: Browser, stack: Stack, backend: httpx.Client) -> None:
    email = f"cobranzas.{uuid.uuid4().hex[:6]}@venta.bo"
    body = {"email": email, "full_name": "Pablo Cruz", "password": PASSWORD, "role": "collections"}
    assert backend.post("/api/users", json=body, headers=login(backend)).status_code == 201
    page = console_of(browser, stack, email)
    response = page.goto(f"{stack.backend_url}/console/users")
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_have_text("Sin acceso")
    expect(page.get_by_role("link", name="Volver a la consola")).to_be_visible()
    response = page.goto(f"{stack.backend_url}/console/orders/999999999")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("No encontrado")
    api = backend.get("/api/orders/999999999", headers=login(backend))
    assert api.status_code == 404 and "detail" in api.json()  # API callers keep JSON
    page.context.close()
