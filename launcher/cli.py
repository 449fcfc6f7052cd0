"""`venta run` (what `make run` does): trains the model if needed, starts the action server, Rasa and the
backend, and serves the web chat; Ctrl-C stops everything. `venta train` only trains."""

import argparse
import os
import signal
import sys
import time
import webbrowser

from backend.config import Settings
from launcher.paths import MODELS
from launcher.rasa import DURABLE_TRACKERS, train_model
from launcher.stack import Stack


def channel_summary(settings: Settings) -> str:
    """Which channels customers can use with these settings, as the run command prints it."""
    whatsapp = "on, webhook /webhooks/whatsapp" if settings.whatsapp_enabled else "off (set the WHATSAPP_* settings)"
    telegram = (
        f"on, {settings.TELEGRAM_MODE}"
        + (", webhook /webhooks/telegram" if settings.TELEGRAM_MODE == "webhook" else "")
        if settings.telegram_enabled
        else "off (set TELEGRAM_BOT_TOKEN)"
    )
    return f"  Channels:  web chat on · WhatsApp {whatsapp} · Telegram {telegram}\n"


def run() -> None:
    """Train if needed, start everything, print the web chat address and keep every part up until Ctrl-C."""
    print("Training the assistant's model if data/, domain.yml or config.yml changed…", flush=True)
    train_model(MODELS)
    port = int(os.environ.get("PORT", "8000"))
    stack = Stack(
        database_url=os.environ.get("DATABASE_URL", "sqlite:///var/venta.db"),
        backend_port=port,
        backend_to_console=True,
        tracker_store_url=os.environ.get("RASA_TRACKER_STORE_URL", DURABLE_TRACKERS),
        lock_store_url=os.environ.get("RASA_LOCK_STORE_URL", ""),
    )
    print("Starting the action server, Rasa and the backend…", flush=True)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop the children on SIGTERM too
    try:
        stack.start()
        url = f"http://localhost:{port}/"
        print(
            f"\n  Web chat:  {url}\n  API docs:  {url}docs\n{channel_summary(Settings())}"
            f"  Logs:      {stack.log_dir}\n  Press Ctrl-C to stop.\n",
            flush=True,
        )
        if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform == "darwin":
            webbrowser.open(url)
        while True:
            stack.supervise()
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["run", "train"])
    if parser.parse_args().command == "train":
        train_model(MODELS)
    else:
        run()


if __name__ == "__main__":
    main()
