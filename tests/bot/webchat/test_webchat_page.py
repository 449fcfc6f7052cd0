"""The web chat page on a phone: nothing of the composer is cut off, nothing scrolls sideways."""

import pytest
from playwright.sync_api import Browser, expect

from launcher.stack import Stack

pytestmark = pytest.mark.assistant


@pytest.mark.parametrize("width", [360, 390])
def test_the_chat_fits_a_phone(browser: Browser, stack: Stack, width: int) -> None:
    phone = browser.new_context(viewport={"width": width, "height": 780}, locale="es-BO")
    page = phone.new_page()
    page.goto(f"{stack.backend_url}/")
    expect(page.locator(".msg--bot").first).to_contain_text("Hola")
    send = page.get_by_role("button", name="Enviar").bounding_box()
    assert send is not None and send["x"] >= 0 and send["x"] + send["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    phone.close()
