"""Meta signs every webhook POST with the app secret (`X-Hub-Signature-256`)."""

import hashlib
import hmac


def sign(body: bytes, app_secret: str) -> str:
    """The header value Meta sends for `body`."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def is_signed(body: bytes, header: str | None, app_secret: str) -> bool:
    """Whether `header` is the signature of exactly these bytes, compared in constant time."""
    if not header or not app_secret:
        return False
    return hmac.compare_digest(header.strip().encode(), sign(body, app_secret).encode())
