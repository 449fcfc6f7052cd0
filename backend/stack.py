"""Runs the whole product on one machine: trains the model if needed, starts the action server,
Rasa and the backend, and serves the web chat.

    python -m backend.stack run     (what `make run` does; Ctrl-C stops everything)

The tests start the same stack on free ports through `Stack`.
"""

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx
import yaml

from backend.config import Settings

ROOT = Path(__file__).resolve().parent.parent
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
VAR = ROOT / "var"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def local_secrets(path: Path = VAR / "secrets.env") -> dict[str, str]:
    """SECRET_KEY and ASSISTANT_TOKEN from the environment, else generated once and kept in var/."""
    stored: dict[str, str] = {}
    if path.exists():
        stored = dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    values = {
        name: os.environ.get(name) or stored.get(name) or secrets.token_urlsafe(32)
        for name in ("SECRET_KEY", "ASSISTANT_TOKEN")
    }
    if values != {k: stored.get(k) for k in values}:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
        path.chmod(0o600)
    return values


def rasa_endpoints(target: Path) -> Path:
    """endpoints.yml plus the production tracker and lock stores when settings name them."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text()) or {}
    tracker_url = os.environ.get("RASA_TRACKER_STORE_URL")
    if tracker_url:
        endpoints["tracker_store"] = {"type": "sql", "url": tracker_url}
    lock_url = os.environ.get("RASA_LOCK_STORE_URL")
    if lock_url:
        endpoints["lock_store"] = {"type": "redis", "url": lock_url}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    return target


def train_model(models_dir: Path, output: IO[str] | None = None) -> None:
    """Train the Rasa model unless the latest one was trained on the same data and config."""
    subprocess.run(
        [str(RASA), "train", "--out", str(models_dir), "--num-threads", "2"],
        cwd=ROOT,
        check=True,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
    )


@dataclass
class Stack:
    """The action server, Rasa and the backend, as child processes."""

    database_url: str = "sqlite:///var/venta.db"
    backend_port: int = 8000
    rasa_port: int = 5005
    actions_port: int = 5055
    models_dir: Path = ROOT / "models"
    log_dir: Path = VAR / "logs"
    extra_env: dict[str, str] = field(default_factory=dict)
    backend_to_console: bool = False
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def backend_url(self) -> str:
        return f"http://127.0.0.1:{self.backend_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def start(self, timeout: float = 240) -> None:
        """Start everything and wait until each part answers."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **local_secrets(), "TF_CPP_MIN_LOG_LEVEL": "2", **self.extra_env}
        env.update(
            DATABASE_URL=self.database_url,
            BACKEND_URL=self.backend_url,
            RASA_URL=self.rasa_url,
            ACTION_SERVER_URL=f"http://127.0.0.1:{self.actions_port}/webhook",
        )
        endpoints = rasa_endpoints(self.log_dir / "endpoints.yml")
        self._spawn(
            "actions", [str(RASA), "run", "actions", "--actions", "actions", "--port", str(self.actions_port)], env
        )
        self._spawn(
            "rasa",
            [
                str(RASA_PYTHON),
                "-m",
                "actions.rasa_server",
                "run",
                "--enable-api",
                "--model",
                str(self.models_dir),
                "--port",
                str(self.rasa_port),
                "--endpoints",
                str(endpoints),
                "--credentials",
                "credentials.yml",
            ],
            env,
        )
        self._spawn(
            "backend",
            [
                sys.executable,
                "-m",
                "uvicorn",
                "backend.app:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.backend_port),
            ],
            env,
            to_console=self.backend_to_console,
        )
        deadline = time.monotonic() + timeout
        for url in (
            f"http://127.0.0.1:{self.actions_port}/health",
            f"{self.backend_url}/health",
            f"{self.rasa_url}/status",
        ):
            self._wait_for(url, deadline)

    def stop(self) -> None:
        """Stop every child process."""
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    @contextmanager
    def running(self) -> Iterator["Stack"]:
        """The started stack, stopped on the way out."""
        try:
            self.start()
            yield self
        finally:
            self.stop()

    def _spawn(self, name: str, command: list[str], env: dict[str, str], to_console: bool = False) -> None:
        log = None if to_console else open(self.log_dir / f"{name}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT if log else None)
        process.name = name  # type: ignore[attr-defined]
        self.processes.append(process)

    def _wait_for(self, url: str, deadline: float) -> None:
        while time.monotonic() < deadline:
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"{process.name} exited early; see {self.log_dir}/{process.name}.log")  # type: ignore[attr-defined]
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"{url} did not answer in time; logs are in {self.log_dir}")


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
    """Train if needed, start everything, print the web chat address and wait for Ctrl-C."""
    print("Training the assistant's model if data/, domain.yml or config.yml changed…", flush=True)
    train_model(ROOT / "models")
    port = int(os.environ.get("PORT", "8000"))
    stack = Stack(
        database_url=os.environ.get("DATABASE_URL", "sqlite:///var/venta.db"),
        backend_port=port,
        backend_to_console=True,
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
        while all(process.poll() is None for process in stack.processes):
            time.sleep(1)
        print("A part of the stack stopped; see the logs above and in var/logs.", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["run", "train"])
    args = parser.parse_args()
    if args.command == "train":
        train_model(ROOT / "models")
    else:
        run()


if __name__ == "__main__":
    main()
