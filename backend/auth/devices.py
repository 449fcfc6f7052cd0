"""Known devices: a browser that logged into an account keeps a signed cookie naming it, so that a stranger's
failures never slow that browser down."""

import hashlib
import hmac
import secrets
from collections.abc import Callable

from fastapi import Request, Response

from backend.auth.models import User
from backend.config import Settings

COOKIE_PREFIX = "venta_device_"
LIFETIME_SECONDS = 180 * 24 * 3600


def cookie_name(user_id: int) -> str:
    return f"{COOKIE_PREFIX}{user_id}"


def _signature(user_id: int, nonce: str, secret_key: str) -> str:
    message = f"device:{user_id}:{nonce}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def new_device_token(user_id: int, secret_key: str) -> str:
    """A value for the device cookie of `user_id`."""
    nonce = secrets.token_urlsafe(16)
    return f"{nonce}.{_signature(user_id, nonce, secret_key)}"


def is_known_device(user_id: int, token: str | None, secret_key: str) -> bool:
    """Whether `token` is a device cookie this backend signed for `user_id`."""
    nonce, _, signature = (token or "").partition(".")
    return bool(nonce and signature) and hmac.compare_digest(signature, _signature(user_id, nonce, secret_key))


def known_device_of(request: Request, settings: Settings) -> Callable[[int], bool]:
    """Whether the request's browser keeps the device cookie of a user (by id)."""
    return lambda user_id: is_known_device(user_id, request.cookies.get(cookie_name(user_id)), settings.SECRET_KEY)


def remember_device(response: Response, user: User, settings: Settings) -> None:
    """The browser that logged in becomes a known device of the account."""
    response.set_cookie(
        cookie_name(user.id),
        new_device_token(user.id, settings.SECRET_KEY),
        max_age=LIFETIME_SECONDS,
        httponly=True,
        samesite="strict",
        secure=settings.ENVIRONMENT == "production",
        path="/",
    )
