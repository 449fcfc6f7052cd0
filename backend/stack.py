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
from urllib.parse import urlsplit

import httpx
import yaml
from sqlalchemy.engine import make_url

from backend.config import Settings

ROOT = Path(__file__).resolve().parent.parent
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
VAR = ROOT / "var"
DURABLE_TRACKERS = f"sqlite:///{VAR / 'rasa-trackers.db'}"  # `make run`: a Rasa restart keeps every conversation
RESTART_MAX_DELAY = 60.0
RESTART_FORGIVEN_AFTER = 60.0  # seconds a restarted part must run before its back-off starts afresh


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Settings that are secrets: each child process gets only those it uses.
SECRETS = {
    "SECRET_KEY", "ASSISTANT_TOKEN", "RASA_TOKEN", "ACTION_SERVER_TOKEN", "PAYMENT_PROVIDER_SECRET", "ADMIN_PASSWORD",
    "WHATSAPP_ACCESS_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN", "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET", "SMTP_PASSWORD", "METRICS_TOKEN", "DATABASE_URL", "RASA_TRACKER_STORE_URL",
    "RASA_LOCK_STORE_URL",
}  # fmt: skip


def local_secrets(path: Path = VAR / "secrets.env") -> dict[str, str]:
    """SECRET_KEY, ASSISTANT_TOKEN, RASA_TOKEN and ACTION_SERVER_TOKEN from the environment, else generated once and
    kept in var/."""
    stored: dict[str, str] = {}
    if path.exists():
        stored = dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    values = {
        name: os.environ.get(name) or stored.get(name) or secrets.token_urlsafe(32)
        for name in ("SECRET_KEY", "ASSISTANT_TOKEN", "RASA_TOKEN", "ACTION_SERVER_TOKEN")
    }
    if values != {k: stored.get(k) for k in values}:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
        path.chmod(0o600)
    return values


def rasa_endpoints(target: Path, tracker_store_url: str = "", lock_store_url: str = "") -> Path:
    """endpoints.yml plus the shared tracker store (SQL) and lock store (Redis) that replicas need.

    `tracker_store_url` is a database URL (`postgresql://user:password@host:5432/rasa`), `lock_store_url` a
    Redis one (`redis://host:6379/1`); Rasa keeps trackers in memory and locks per process without them.
    """
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text()) or {}
    if tracker_store_url:
        url = make_url(tracker_store_url)
        url = url.set(drivername=url.get_backend_name())  # Rasa's own driver (psycopg2), not ours
        endpoints["tracker_store"] = {"type": "SQL", "url": url.render_as_string(hide_password=False)}
    if lock_store_url:
        redis = urlsplit(lock_store_url)
        endpoints["lock_store"] = {
            "type": "redis",
            "url": redis.hostname or "127.0.0.1",
            "port": redis.port or 6379,
            "db": int(redis.path.strip("/") or 1),
            **({"password": redis.password} if redis.password else {}),
            "key_prefix": "venta",
        }
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    return target


LEARNED_NLU = VAR / "learned-nlu.yml"  # examples supervisors confirmed in the console (`backend.learning`)


def train_model(models_dir: Path, output: IO[str] | None = None, learned: Path = LEARNED_NLU) -> None:
    """Train the Rasa model, with what was learned from conversations, unless the latest one was trained on the
    same data and config."""
    data = ["--data", "data", str(learned)] if learned.exists() else []
    subprocess.run(
        [str(RASA), "train", *data, "--out", str(models_dir), "--num-threads", "2"],
        cwd=ROOT,
        check=True,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
    )


@dataclass
class Stack:
    """The action server, Rasa and the backend, as child processes.

    The embedded default is one of each, the backend running the background work too. For production's shape,
    `rasa_replicas` Rasa servers share a SQL tracker store and a Redis lock store, and `web_processes` backends
    that only accept, store and answer stand beside `workers` background processes (`backend.worker`).
    """

    database_url: str = "sqlite:///var/venta.db"
    backend_port: int = 8000
    rasa_port: int = 5005
    actions_port: int = 5055
    models_dir: Path = ROOT / "models"
    log_dir: Path = VAR / "logs"
    extra_env: dict[str, str] = field(default_factory=dict)
    backend_to_console: bool = False
    rasa_replicas: int = 1
    web_processes: int = 1
    workers: int = 0
    tracker_store_url: str = ""
    lock_store_url: str = ""
    processes: list[subprocess.Popen] = field(default_factory=list)
    _restarts: dict[str, tuple[int, float | None]] = field(default_factory=dict)  # name: (restarts, when next)

    def __post_init__(self) -> None:
        self.rasa_token = ""  # set at start, from the secrets
        self.backend_ports = [self.backend_port] + [free_port() for _ in range(self.web_processes - 1)]
        self.rasa_ports = [self.rasa_port] + [free_port() for _ in range(self.rasa_replicas - 1)]

    @property
    def backend_url(self) -> str:
        return self.backend_urls[0]

    @property
    def backend_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.backend_ports]

    @property
    def rasa_url(self) -> str:
        return self.rasa_urls[0]

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.rasa_ports]

    def start(self, timeout: float = 240) -> None:
        """Start everything and wait until each part answers."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **local_secrets(), "TF_CPP_MIN_LOG_LEVEL": "2", **self.extra_env}
        env.update(
            DATABASE_URL=self.database_url,
            BACKEND_URL=self.backend_url,
            RASA_URL=",".join(self.rasa_urls),
            ACTION_SERVER_URL=f"http://127.0.0.1:{self.actions_port}/webhook",
        )
        self.rasa_token = env["RASA_TOKEN"]
        public = {name: value for name, value in env.items() if name not in SECRETS}
        actions_env = {
            **public,
            "ASSISTANT_TOKEN": env["ASSISTANT_TOKEN"],
            "ACTION_SERVER_TOKEN": env["ACTION_SERVER_TOKEN"],
        }
        rasa_env = {**public, "ACTION_SERVER_TOKEN": env["ACTION_SERVER_TOKEN"]}
        env.pop("ACTION_SERVER_TOKEN")  # the backend never calls the action server
        endpoints = rasa_endpoints(self.log_dir / "endpoints.yml", self.tracker_store_url, self.lock_store_url)
        self.spawn("actions", [str(RASA_PYTHON), "-m", "actions.server", "--port", str(self.actions_port)], actions_env)
        for index, port in enumerate(self.rasa_ports):
            self.start_rasa(index, port, endpoints, rasa_env)
        if self.workers or self.web_processes > 1:  # the schema first, once, before any of them serves
            subprocess.run([sys.executable, "-m", "backend.migrations"], cwd=ROOT, env=env, check=True)
        web_env = {**env, "RUN_WORKER": "false"} if self.workers else env
        for index, port in enumerate(self.backend_ports):
            self.spawn(
                "backend" if index == 0 else f"backend-{index + 1}",
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "backend.app:create_app",
                    "--factory",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ],
                web_env,
                to_console=self.backend_to_console and index == 0,
            )
        for index in range(self.workers):
            self.start_worker(index, env)
        deadline = time.monotonic() + timeout
        for url in (
            f"http://127.0.0.1:{self.actions_port}/health",
            *(f"{url}/health" for url in self.backend_urls),
            *(f"{url}/status?token={self.rasa_token}" for url in self.rasa_urls),
        ):
            self._wait_for(url, deadline)

    def start_rasa(self, index: int, port: int, endpoints: Path, env: dict[str, str]) -> subprocess.Popen:
        """Start Rasa replica `index` on `port` (again, after it stopped)."""
        command = [
            str(RASA_PYTHON),
            "-m",
            "actions.rasa_server",
            "run",
            "--enable-api",
            "--interface",
            "127.0.0.1",
            f"--auth-token={self.rasa_token}",  # a token may start with "-", which argparse would take for an option
            "--model",
            str(self.models_dir),
            "--port",
            str(port),
            "--endpoints",
            str(endpoints),
            "--credentials",
            "credentials.yml",
        ]
        return self.spawn("rasa" if index == 0 else f"rasa-{index + 1}", command, env)

    def start_worker(self, index: int, env: dict[str, str] | None = None) -> subprocess.Popen:
        """Start background process `index` (`backend.worker`)."""
        env = env or self._env_of("backend")
        return self.spawn(f"worker-{index + 1}", [sys.executable, "-m", "backend.worker"], env)

    def _env_of(self, name: str) -> dict[str, str]:
        return self.process(name).env  # type: ignore[attr-defined]

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

    def process(self, name: str) -> subprocess.Popen:
        return next(p for p in self.processes if p.name == name)  # type: ignore[attr-defined]

    def kill(self, name: str) -> None:
        """Kill part `name` at once (SIGKILL), as a crash would."""
        process = self.process(name)
        process.kill()
        process.wait(timeout=30)

    def restart(self, name: str) -> subprocess.Popen:
        """Start part `name` again, as it was started."""
        old = self.process(name)
        if old.poll() is None:
            old.kill()
            old.wait(timeout=30)
        self.processes.remove(old)
        return self.spawn(name, old.args, old.env, to_console=old.to_console)  # type: ignore[attr-defined, arg-type]

    def supervise(self, output: IO[str] = sys.stderr) -> None:
        """Start again, with back-off, each part that stopped: one crash never takes the whole product down.

        A part that keeps crashing waits longer each time (1 s doubling to a minute); one that then runs for a
        minute starts counting afresh."""
        now = time.monotonic()
        for process in list(self.processes):
            name = process.name  # type: ignore[attr-defined]
            if process.poll() is None:
                if now - process.started > RESTART_FORGIVEN_AFTER:  # type: ignore[attr-defined]
                    self._restarts.pop(name, None)
                continue
            restarts, due = self._restarts.get(name, (0, None))
            if due is None:
                delay = min(2.0**restarts, RESTART_MAX_DELAY)
                print(
                    f"{name} stopped (exit code {process.returncode}); starting it again in {delay:.0f} s", file=output
                )
                self._restarts[name] = (restarts, now + delay)
            elif now >= due:
                again = self.restart(name)
                print(f"{name} started again (pid {again.pid})", file=output)
                self._restarts[name] = (restarts + 1, None)

    def spawn(self, name: str, command: list[str], env: dict[str, str], to_console: bool = False) -> subprocess.Popen:
        """Start part `name` (its output in `<log_dir>/<name>.log`, appended to when it starts again)."""
        again = any(process.name == name for process in self.processes) or name in self._restarts  # type: ignore[attr-defined]
        log = None if to_console else open(self.log_dir / f"{name}.log", "a" if again else "w")  # noqa: SIM115
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT if log else None)
        process.name = name  # type: ignore[attr-defined]
        process.env = env  # type: ignore[attr-defined]
        process.to_console = to_console  # type: ignore[attr-defined]
        process.started = time.monotonic()  # type: ignore[attr-defined]
        self.processes.append(process)
        return process

    def wait_for(self, url: str, timeout: float = 240) -> None:
        """Wait until `url` answers (a part started again, say); raises if a part stops meanwhile."""
        self._wait_for(url, time.monotonic() + timeout)

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
    args = parser.parse_args()
    if args.command == "train":
        train_model(ROOT / "models")
    else:
        run()


if __name__ == "__main__":
    main()
