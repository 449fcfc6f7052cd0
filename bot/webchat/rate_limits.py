"""How fast one web chat customer, and one address, may write: each message costs an assistant turn, so a flood
from one place must not push real customers out. Counted in this process (each web process counts its own)."""

import time
from collections import deque

from fastapi import Request
from fastapi.responses import JSONResponse

from backend.deps import client_address

WINDOW_SECONDS = 60.0
SLOW_DOWN = "Estás enviando mensajes muy rápido 🙈. Espera un momento y vuelve a escribirme, por favor."


class RateLimiter:
    """At most `per_minute` hits per key in any 60 seconds."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._hits: dict[str, deque[float]] = {}

    def allow(self, key: str, now: float | None = None) -> bool:
        """Count a hit for `key`, unless it is over its limit."""
        now = time.monotonic() if now is None else now
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - WINDOW_SECONDS:
            hits.popleft()
        if len(hits) >= self.per_minute:
            return False
        hits.append(now)
        if len(self._hits) > 50_000:  # forget the keys that went quiet
            self._hits = {k: v for k, v in self._hits.items() if v and v[-1] > now - WINDOW_SECONDS}
        return True


class WebchatLimits:
    """The limits of the public web chat: per sender and per address."""

    def __init__(self, per_sender: int, per_address: int) -> None:
        self.senders, self.addresses = RateLimiter(per_sender), RateLimiter(per_address)

    def refusal(self, request: Request, sender_id: str) -> JSONResponse | None:
        """429, with a message the page shows, when this customer or address writes too fast; else None."""
        if self.addresses.allow(client_address(request)) and self.senders.allow(sender_id):
            return None
        body = {"detail": "Too many messages", "messages": [{"text": SLOW_DOWN, "buttons": []}]}
        return JSONResponse(body, status_code=429, headers={"Retry-After": "30"})
