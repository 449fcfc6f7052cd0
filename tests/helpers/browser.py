"""The console and the web chat page in Chromium."""

import os
from pathlib import Path

from playwright.sync_api import Page

from launcher.paths import VAR

# Where the browser tests keep what they saw: var/ (untracked); `docs/screenshots.py` points it at docs/.
SCREENSHOTS = Path(os.environ.get("VENTA_SCREENSHOTS_DIR") or VAR / "screenshots")


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def customer_says(chat: Page, text: str) -> None:
    chat.locator("#text").fill(text)
    chat.locator("#text").press("Enter")


def log_in(page: Page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/console/login")
    page.get_by_label("Correo").fill(email)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Ingresar").click()
