"""Throwaway PostgreSQL and Redis servers on free loopback ports, for the tests that run on the production engines.

`make test` installs Debian's `postgresql` and `redis-server`. PostgreSQL refuses to run as root, so as root the
cluster is made and run by the `postgres` user, in a folder it owns.
"""

import glob
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from launcher.stack import free_port


def postgres_bin() -> Path | None:
    """The folder of Debian's newest PostgreSQL server programs."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PostgresServer:
    """A cluster in a temporary folder; `database()` makes a fresh, empty database on it."""

    def __init__(self, bin_dir: Path) -> None:
        self.port = free_port()
        self._bin = bin_dir
        self._folder = Path(tempfile.mkdtemp(prefix="venta-pg-"))
        self._data = self._folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self._folder, "postgres", "postgres")
        self._url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"

    def start(self) -> None:
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT}
        subprocess.run(
            _as_postgres([str(self._bin / "initdb"), "-D", str(self._data), "-A", "trust", "-U", "postgres"]),
            check=True,
            **quiet,
        )
        options = f"-p {self.port} -k {self._folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
        subprocess.run(
            _as_postgres([str(self._bin / "pg_ctl"), "-D", str(self._data), "-o", options, "-w", "start"]),
            check=True,
            **quiet,
        )

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([str(self._bin / "pg_ctl"), "-D", str(self._data), "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        shutil.rmtree(self._folder, ignore_errors=True)

    def database(self) -> str:
        """The URL of a new, empty database."""
        name = f"venta_{uuid.uuid4().hex[:12]}"
        engine = create_engine(f"{self._url}/postgres", isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return f"{self._url}/{name}"


@contextmanager
def postgres() -> Iterator[PostgresServer]:
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed: `make test` installs Debian's postgresql")
    server = PostgresServer(bin_dir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


class RedisServer:
    """A Redis server that keeps nothing on disk."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}"
        self._folder = tempfile.mkdtemp(prefix="venta-redis-")
        self._process: subprocess.Popen | None = None

    def start(self, timeout: float = 10) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self._process = subprocess.Popen(
            [*command, "--dir", self._folder], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ping = subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True)
            if ping.stdout.strip() == "PONG":
                return
            time.sleep(0.1)
        raise TimeoutError("redis-server did not start")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
        shutil.rmtree(self._folder, ignore_errors=True)


@contextmanager
def redis() -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        raise RuntimeError("Redis is not installed: `make test` installs Debian's redis-server")
    server = RedisServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()
