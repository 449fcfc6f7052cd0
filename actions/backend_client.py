"""Thin client of the back office's HTTP API, the only way actions touch the sales domain."""

from __future__ import annotations

import logging
import os
from datetime import datetime
from typing import Any
from urllib.parse import quote

import aiohttp

from actions import connections

logger = logging.getLogger(__name__)


class BackendError(Exception):
    """The back office did not answer, or refused the request."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class BackendClient:
    """Calls to the back office, authenticated with the shared assistant token."""

    def __init__(self, base_url: str | None = None, token: str | None = None) -> None:
        self.base_url = (base_url or os.environ.get("BACKEND_URL", "http://localhost:8000")).rstrip("/")
        self.token = token if token is not None else os.environ.get("ASSISTANT_TOKEN", "")

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"X-Assistant-Token": self.token}
        timeout = aiohttp.ClientTimeout(total=15)
        try:
            async with connections.session(timeout=timeout, headers=headers) as session:
                async with session.request(method, self.base_url + path, **kwargs) as response:
                    body = await response.json(content_type=None)
                    if response.status >= 400:
                        raise BackendError(f"{method} {path}: {response.status} {body}", response.status)
                    return body
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise BackendError(f"{method} {path}: {error}") from error

    async def capture_lead(self, conversation_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """Create or update the conversation's lead."""
        return await self._request("PUT", f"/api/assistant/leads/{quote(conversation_id, safe='')}", json=data)

    async def lead(self, conversation_id: str) -> dict[str, Any]:
        """What the back office knows of the conversation's lead."""
        return await self._request("GET", f"/api/assistant/leads/{quote(conversation_id, safe='')}")

    async def close_unattended(
        self, conversation_id: str, reason: str, detail: str | None, notify_on_coverage: bool = False
    ) -> dict[str, Any]:
        """Record that the request cannot be attended."""
        body = {"reason": reason, "detail": detail, "notify_on_coverage": notify_on_coverage}
        path = f"/api/assistant/leads/{quote(conversation_id, safe='')}/unattended"
        return await self._request("POST", path, json=body)

    async def standing(self, conversation_id: str, id_number: str) -> dict[str, Any]:
        """What the billing system says of this CI (customer, debt), recorded on the lead."""
        path = f"/api/assistant/leads/{quote(conversation_id, safe='')}/standing"
        return await self._request("POST", path, json={"id_number": id_number})

    async def create_order(self, data: dict[str, Any]) -> dict[str, Any]:
        """Register the confirmed request."""
        return await self._request("POST", "/api/assistant/orders", json=data)

    async def request_human(self, conversation_id: str) -> dict[str, Any]:
        """Flag the conversation for a sales executive; whether they are at work now, and when they will be."""
        path = f"/api/assistant/conversations/{quote(conversation_id, safe='')}/human-request"
        return await self._request("POST", path)

    async def visit_openings(
        self, conversation_id: str, skip: int = 0, wished: tuple[datetime, datetime] | None = None
    ) -> dict[str, Any]:
        """The next installation times for the conversation's sold order (within the `wished` window if given)."""
        path = f"/api/assistant/conversations/{quote(conversation_id, safe='')}/visit-openings"
        params = {"skip": str(skip)}
        if wished is not None:
            params.update(wished_from=wished[0].isoformat(), wished_until=wished[1].isoformat())
        return await self._request("GET", path, params=params)

    async def book_visit(self, conversation_id: str, starts_at: str) -> dict[str, Any]:
        """Book (or move the booked visit to) `starts_at`."""
        path = f"/api/assistant/conversations/{quote(conversation_id, safe='')}/visit"
        return await self._request("PUT", path, json={"starts_at": starts_at})

    async def cancel_visit(self, conversation_id: str) -> dict[str, Any]:
        """Cancel the booked visit."""
        return await self._request("DELETE", f"/api/assistant/conversations/{quote(conversation_id, safe='')}/visit")

    async def payment(self, conversation_id: str) -> dict[str, Any]:
        """How the payment of the conversation's prepaid order stands."""
        return await self._request("GET", self._payment_path(conversation_id))

    async def choose_payment(self, conversation_id: str, option: str) -> dict[str, Any]:
        """Pay by "transfer" or "online"."""
        return await self._request("PUT", self._payment_path(conversation_id), json={"option": option})

    async def attach_receipt(self, conversation_id: str) -> dict[str, Any]:
        """The file just sent is the transfer's receipt."""
        return await self._request("POST", self._payment_path(conversation_id) + "/receipt")

    async def submit_receipt(self, conversation_id: str, deposit_number: str) -> dict[str, Any]:
        """Send the receipt and its deposit number to collections."""
        path = self._payment_path(conversation_id) + "/submission"
        return await self._request("POST", path, json={"deposit_number": deposit_number})

    @staticmethod
    def _payment_path(conversation_id: str) -> str:
        return f"/api/assistant/conversations/{quote(conversation_id, safe='')}/payment"

    async def check_coverage(self, **query: Any) -> dict[str, Any]:
        """Coverage of a point (latitude, longitude) or of an address text."""
        return await self._request("POST", "/api/coverage/check", json=query)

    async def zones(self) -> list[dict[str, Any]]:
        """The zones with coverage."""
        return await self._request("GET", "/api/coverage/zones")

    async def plans(self) -> list[dict[str, Any]]:
        """Active plans, cheapest first."""
        return (await self._request("GET", "/api/plans"))["data"]

    async def recommend(self, **query: Any) -> dict[str, Any]:
        """The plan that fits the household."""
        params = {key: str(value) for key, value in query.items() if value is not None}
        return await self._request("GET", "/api/plans/recommendation", params=params)
