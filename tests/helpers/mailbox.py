"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the invoice e-mails."""

import email
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller

from launcher.stack import free_port


class Mailbox:
    """Every message delivered to the server, parsed."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802 (aiosmtpd)
        message = email.message_from_bytes(envelope.content, policy=default)  # type: ignore[attr-defined]
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    @contextmanager
    def running(self) -> Iterator["Mailbox"]:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        try:
            yield self
        finally:
            self._controller.stop()

    @contextmanager
    def down(self) -> Iterator[None]:
        """The mail server stopped (connections refused) until the block ends."""
        self._controller.stop()
        try:
            yield
        finally:
            self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
            self._controller.start()

    def wait_for(self, matches: Callable[[EmailMessage], bool], timeout: float = 20) -> EmailMessage:
        """The first message that `matches`, waiting for it to arrive."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                found = next((m for m in self.messages if matches(m)), None)
            if found is not None:
                return found
            time.sleep(0.1)
        raise AssertionError(f"No such e-mail among {[m['Subject'] for m in self.messages]}")
