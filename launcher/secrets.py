"""The secrets the parts share: from the environment, else generated once and kept in `var/`."""

import os
import secrets
from pathlib import Path

from launcher.paths import VAR

SHARED = ("SECRET_KEY", "ASSISTANT_TOKEN", "RASA_TOKEN", "ACTION_SERVER_TOKEN")

# Settings that are secrets: each child process gets only those it uses.
SECRETS = {
    *SHARED, "PAYMENT_PROVIDER_SECRET", "ADMIN_PASSWORD",
    "WHATSAPP_ACCESS_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN", "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET", "SMTP_PASSWORD", "METRICS_TOKEN", "DATABASE_URL", "RASA_TRACKER_STORE_URL",
    "RASA_LOCK_STORE_URL", "SPEECH_TO_TEXT_TOKEN",
}  # fmt: skip


def local_secrets(path: Path = VAR / "secrets.env") -> dict[str, str]:
    """SECRET_KEY, ASSISTANT_TOKEN, RASA_TOKEN and ACTION_SERVER_TOKEN from the environment, else generated once
    and kept in `path`."""
    stored: dict[str, str] = {}
    if path.exists():
        stored = dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    values = {name: os.environ.get(name) or stored.get(name) or secrets.token_urlsafe(32) for name in SHARED}
    if values != {k: stored.get(k) for k in values}:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
        path.chmod(0o600)
    return values
