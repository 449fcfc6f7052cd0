"""What most tests use: the test settings' secrets, a staff login, a photo, today in La Paz, a coroutine run
apart from the browser's loop."""

import asyncio
import io
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import httpx
from fastapi.testclient import TestClient
from PIL import Image

from backend.config import Settings

T = TypeVar("T")
ASSISTANT_TOKEN = "test-assistant-token"
ADMIN_EMAIL = "admin@test.bo"
ADMIN_PASSWORD = "admin-test-password"
WHATSAPP_APP_SECRET = "test-whatsapp-app-secret"
WHATSAPP_VERIFY_TOKEN = "test-verify-token"
TELEGRAM_WEBHOOK_SECRET = "test-telegram-secret_0123"
PAYMENT_PROVIDER_SECRET = "test-payment-provider-secret"


def run_apart(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` on an event loop of its own thread (the browser tests keep theirs running on this one)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def photo(width: int = 64, height: int = 48, image_format: str = "JPEG") -> bytes:
    """A real image, as a phone would send it."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 60, 40)).save(out, format=image_format)
    return out.getvalue()


def la_paz_today() -> date:
    """Today where the business is (its deposits and invoices are dated in La Paz time, not the machine's)."""
    return datetime.now(ZoneInfo(Settings.model_fields["BUSINESS_TIMEZONE"].default)).date()


def login(http: httpx.Client | TestClient, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> dict[str, str]:
    """Bearer headers for a staff user."""
    response = http.post("/api/auth/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
