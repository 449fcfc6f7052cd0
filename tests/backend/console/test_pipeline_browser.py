"""Lead follow-up and the supervisor reports in a real browser (Debian's Chromium driven by Playwright): an
executive registers and works a lead; a supervisor reads the reports, their charts and CSV, and hands out a
referral code."""

import random
import re
import uuid
from datetime import date, timedelta

import httpx
import pytest
from playwright.sync_api import Browser, expect

from launcher.stack import Stack
from tests.helpers.browser import log_in, shoot

pytestmark = pytest.mark.assistant
PASSWORD = "clave-de-prueba-2026"
expect.set_options(timeout=20_000)


def new_staff(backend: httpx.Client, headers: dict[str, str], name: str, role: str, **extra: object) -> str:
    email = f"{name.split()[0].lower()}.{uuid.uuid4().hex[:6]}@venta.bo"
    body = {"email": email, "full_name": name, "password": PASSWORD, "role": role, **extra}
    assert backend.post("/api/users", json=body, headers=headers).status_code == 201
    return email


def test_an_executive_registers_and_works_a_lead_and_a_supervisor_reads_the_reports(
    browser: Browser, stack: Stack, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    executive = new_staff(backend, staff_headers, "Rosa Vidal", "executive", cities=["Cochabamba"])
    supervisor = new_staff(backend, staff_headers, "Marco Supervisor", "supervisor")
    customer = f"Elena Quispe {uuid.uuid4().hex[:4]}"

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-BO")
    page = context.new_page()
    log_in(page, stack.backend_url, executive, PASSWORD)
    page.goto(f"{stack.backend_url}/console/leads")
    form = page.locator("#new-lead")
    form.get_by_label("Nombre completo").fill(customer)
    form.get_by_label("Celular").fill(f"+5917{random.randint(1000000, 9999999)}")
    form.get_by_label("Dirección").fill("Av. Heroínas 120")
    form.get_by_role("button", name="Registrar").click()
    row = page.locator("#leads tr", has_text=customer)
    expect(row.locator(".lead-stage")).to_have_text("Nuevo")
    expect(row).to_contain_text("Fuente física")
    row.get_by_role("button", name="📵 No contestó").click()
    row = page.locator("#leads tr", has_text=customer)
    expect(row.locator(".lead-stage")).to_have_text("No contesta")
    row.get_by_label("Nueva etapa").select_option(label="En proceso")
    row.get_by_role("button", name="Mover").click()
    expect(page.locator("#leads tr", has_text=customer).locator(".lead-stage")).to_have_text("En proceso")
    row = page.locator("#leads tr", has_text=customer)
    # From En proceso the console offers no Perdido: that needs No contesta, five attempts and two days.
    assert row.get_by_label("Nueva etapa").locator("option", has_text="Perdido").count() == 0
    row.get_by_label("Plan a cotizar").select_option(label="Fibra Hogar 80")
    row.get_by_role("button", name="Enviar cotización").click()
    expect(page.locator("#leads tr", has_text=customer).locator(".lead-stage")).to_have_text("Informado")
    shoot(page, "console-leads")
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="es-BO")
    page = context.new_page()
    log_in(page, stack.backend_url, supervisor, PASSWORD)
    start = (date.today() - timedelta(days=30)).isoformat()
    page.goto(f"{stack.backend_url}/console/reports/sales?start={start}")
    expect(page.get_by_role("heading", name="Informe de ventas digitales")).to_be_visible()
    funnel = page.locator("section", has_text="Embudo de conversión").locator("svg.chart rect")
    expect(funnel).to_have_count(4)
    by_channel = page.locator("table", has=page.locator("th", has_text="Cotizaciones")).first
    expect(by_channel).to_contain_text("Fuente física")
    expect(page.locator("#daily-sales")).to_contain_text("Rosa Vidal")
    shoot(page, "console-reports")
    with page.expect_download() as download:
        page.get_by_role("link", name="⬇ Descargar CSV").click()
    exported = download.value.path().read_text(encoding="utf-8")
    assert exported.startswith("\ufeffSección;Clave;Leads;Cotizaciones;Solicitudes;Ventas")
    assert re.search(r"^Canal;field;1;", exported, re.MULTILINE) or "Canal;field;" in exported

    page.get_by_role("link", name="No atendidas").click()
    expect(page.get_by_role("heading", name="Solicitudes no atendidas")).to_be_visible()
    page.get_by_role("link", name="KPI mensual").click()
    expect(page.locator("#kpi-status")).to_contain_text(re.compile("APROBADO|OBSERVADO|SIN BASE"))
    expect(page.locator("svg.chart rect")).to_have_count(12)

    page.get_by_role("link", name="Referidos").click()
    form = page.locator("#new-referrer")
    form.get_by_label("Nombre").fill("Tienda Los Pinos")
    form.get_by_role("button", name="Crear código").click()
    expect(page.locator("#referrers tr", has_text="Tienda Los Pinos")).to_contain_text(re.compile(r"REF-[A-Z0-9]{6}"))

    page.goto(f"{stack.backend_url}/console/leads")
    expect(page.locator("#leads tr", has_text=customer)).to_contain_text("Rosa Vidal")
    context.close()
