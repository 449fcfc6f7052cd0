"""One part of the product running as a child process, and how it is started again."""

import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from launcher.paths import ROOT


@dataclass
class ManagedProcess:
    """A part of the product (Rasa, the action server, a backend, a worker): its command, its environment, and
    the child process running it, its output in `log` (or on the console)."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path | None = None
    popen: subprocess.Popen | None = field(default=None, repr=False)
    started: float = 0.0

    def start(self, *, append: bool = False) -> None:
        """Start it (again); its log is appended to when it starts again."""
        output = open(self.log, "a" if append else "w") if self.log else None  # noqa: SIM115 (the child keeps it)
        self.popen = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT if output else None
        )
        self.started = time.monotonic()

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    @property
    def exit_code(self) -> int | None:
        """None while it runs."""
        return self.popen.poll() if self.popen is not None else None

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def interrupt(self) -> None:
        """Ask it to stop, as Ctrl-C does."""
        if self.running:
            assert self.popen is not None
            self.popen.send_signal(signal.SIGINT)

    def wait(self, timeout: float) -> None:
        """Wait until it stopped; killed when it does not within `timeout` seconds."""
        if self.popen is None:
            return
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """Stop it at once (SIGKILL), as a crash would."""
        if self.popen is not None and self.popen.poll() is None:
            self.popen.kill()
            self.popen.wait(timeout=30)
