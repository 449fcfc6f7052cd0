"""The action server, Rasa and the backend (and, in production's shape, replicas and workers) as one stack of
child processes on this machine: started, watched, started again when one stops. The tests and benchmarks
start the same stack on free ports."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

from launcher.paths import MODELS, RASA_PYTHON, ROOT, VAR
from launcher.process import ManagedProcess
from launcher.rasa import rasa_endpoints
from launcher.secrets import SECRETS, local_secrets

RESTART_MAX_DELAY = 60.0
RESTART_FORGIVEN_AFTER = 60.0  # seconds a restarted part must run before its back-off starts afresh


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Stack:
    """The action server, Rasa and the backend, as child processes.

    The embedded default is one of each, the backend running the background work too. For production's shape,
    `rasa_replicas` Rasa servers share a SQL tracker store and a Redis lock store, and `web_processes` backends
    that only accept, store and answer stand beside `workers` background processes (`venta-worker`).
    """

    database_url: str = "sqlite:///var/venta.db"
    backend_port: int = 8000
    rasa_port: int = 5005
    actions_port: int = 5055
    models_dir: Path = MODELS
    log_dir: Path = VAR / "logs"
    extra_env: dict[str, str] = field(default_factory=dict)
    backend_to_console: bool = False
    rasa_replicas: int = 1
    web_processes: int = 1
    workers: int = 0
    tracker_store_url: str = ""
    lock_store_url: str = ""
    processes: list[ManagedProcess] = field(default_factory=list)
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
                [sys.executable, "-m", "backend.web", "--host", "127.0.0.1", "--port", str(port)],
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

    def start_rasa(self, index: int, port: int, endpoints: Path, env: dict[str, str]) -> ManagedProcess:
        """Start Rasa replica `index` on `port`."""
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

    def start_worker(self, index: int, env: dict[str, str] | None = None) -> ManagedProcess:
        """Start background process `index` (`venta-worker`)."""
        command = [sys.executable, "-m", "backend.worker"]
        return self.spawn(f"worker-{index + 1}", command, env or self._env_of("backend"))

    def _env_of(self, name: str) -> dict[str, str]:
        return self.process(name).env

    def stop(self) -> None:
        """Stop every child process."""
        for process in self.processes:
            process.interrupt()
        for process in self.processes:
            process.wait(timeout=15)
        self.processes.clear()

    @contextmanager
    def running(self) -> Iterator["Stack"]:
        """The started stack, stopped on the way out."""
        try:
            self.start()
            yield self
        finally:
            self.stop()

    def process(self, name: str) -> ManagedProcess:
        return next(process for process in self.processes if process.name == name)

    def kill(self, name: str) -> None:
        """Kill part `name` at once (SIGKILL), as a crash would."""
        self.process(name).kill()

    def restart(self, name: str) -> ManagedProcess:
        """Start part `name` again, as it was started."""
        process = self.process(name)
        process.kill()
        process.start(append=True)
        return process

    def supervise(self, output: IO[str] = sys.stderr) -> None:
        """Start again, with back-off, each part that stopped: one crash never takes the whole product down.

        A part that keeps crashing waits longer each time (1 s doubling to a minute); one that then runs for a
        minute starts counting afresh."""
        now = time.monotonic()
        for process in self.processes:
            if process.running:
                if now - process.started > RESTART_FORGIVEN_AFTER:
                    self._restarts.pop(process.name, None)
                continue
            restarts, due = self._restarts.get(process.name, (0, None))
            if due is None:
                delay = min(2.0**restarts, RESTART_MAX_DELAY)
                print(
                    f"{process.name} stopped (exit code {process.exit_code}); starting it again in {delay:.0f} s",
                    file=output,
                )
                self._restarts[process.name] = (restarts, now + delay)
            elif now >= due:
                self.restart(process.name)
                print(f"{process.name} started again (pid {process.pid})", file=output)
                self._restarts[process.name] = (restarts + 1, None)

    def spawn(self, name: str, command: list[str], env: dict[str, str], to_console: bool = False) -> ManagedProcess:
        """Start part `name`, its output in `<log_dir>/<name>.log` (or on the console)."""
        process = ManagedProcess(name, command, env, log=None if to_console else self.log_dir / f"{name}.log")
        process.start()
        self.processes.append(process)
        return process

    def wait_for(self, url: str, timeout: float = 240) -> None:
        """Wait until `url` answers (a part started again, say); raises if a part stops meanwhile."""
        self._wait_for(url, time.monotonic() + timeout)

    def _wait_for(self, url: str, deadline: float) -> None:
        while time.monotonic() < deadline:
            for process in self.processes:
                if not process.running:
                    raise RuntimeError(f"{process.name} exited early; see {self.log_dir}/{process.name}.log")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"{url} did not answer in time; logs are in {self.log_dir}")
