"""The online payment provider, behind one small interface; the sandbox is the provider served locally."""

import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, Protocol

from backend.config import Settings

SIGNATURE_HEADER = "X-Sandbox-Signature"
NOTIFICATION_MAX_AGE_SECONDS = 300  # a signed notification older than this is a replay


class ForgedNotification(Exception):
    """A notification whose signature does not match: not from the provider."""


@dataclass(frozen=True)
class ProviderEvent:
    """What the provider says happened to a checkout."""

    reference: str
    outcome: Literal["approved", "declined"]
    reason: str | None = None


class PaymentProvider(Protocol):
    """An online payment provider: a checkout page per payment and signed notifications back."""

    def new_reference(self) -> str: ...

    def checkout_url(self, base_url: str, reference: str) -> str: ...

    def read_notification(self, body: bytes, headers: dict[str, str]) -> ProviderEvent: ...


class SandboxProvider:
    """The local sandbox: `/sandbox/pay/{reference}` approves or declines, then notifies with an HMAC signature."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode()

    def new_reference(self) -> str:
        return "SBX-" + secrets.token_hex(10).upper()

    def checkout_url(self, base_url: str, reference: str) -> str:
        return f"{base_url.rstrip('/')}/sandbox/pay/{reference}"

    def sign(self, body: bytes) -> str:
        return "sha256=" + hmac.new(self._secret, body, hashlib.sha256).hexdigest()

    def notification(self, reference: str, amount_bs: Decimal, outcome: str, reason: str | None) -> bytes:
        """The body the sandbox posts back to the merchant, stamped with when it was sent."""
        event = {
            "reference": reference,
            "amount": str(amount_bs),
            "status": outcome,
            "reason": reason,
            "sent_at": int(time.time()),
        }
        return json.dumps(event, separators=(",", ":")).encode()

    def read_notification(self, body: bytes, headers: dict[str, str]) -> ProviderEvent:
        given = headers.get(SIGNATURE_HEADER.lower(), "")
        if not hmac.compare_digest(given.encode(), self.sign(body).encode()):
            raise ForgedNotification("The notification signature does not match")
        try:
            event = json.loads(body)
            outcome = event["status"]
            if outcome not in ("approved", "declined"):
                raise ValueError(outcome)
            age = time.time() - float(event["sent_at"])
            if not -NOTIFICATION_MAX_AGE_SECONDS < age < NOTIFICATION_MAX_AGE_SECONDS:
                raise ForgedNotification("A stale notification (sent long ago, or replayed)")
            return ProviderEvent(reference=str(event["reference"]), outcome=outcome, reason=event.get("reason"))
        except (ValueError, KeyError, TypeError) as error:
            raise ForgedNotification(f"Unreadable notification: {error}") from error


def provider_of(settings: Settings) -> SandboxProvider:
    """The configured provider."""
    return SandboxProvider(settings.PAYMENT_PROVIDER_SECRET)
