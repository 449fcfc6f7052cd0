"""The billing system over HTTP: `GET {base}/customers/{ci}` and `PUT {base}/sales/{number}`, with a bearer token.

GET  /customers/4567891%20CB → 200 {"debt_bs": "150.00", "debt_since": "2026-05-01"} | 404 (not a customer)
PUT  /sales/SOL-000123       → 200/201 {"reference": "SF-99812"}   (Idempotency-Key: SOL-000123)
"""

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from urllib.parse import quote

import httpx

from backend.billing_system.port import BillingSystemUnavailable, Sale, Standing

TIMEOUT_SECONDS = 10.0


class HttpBillingSystem:
    def __init__(self, base_url: str, token: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"), headers={"Authorization": f"Bearer {token}"}, timeout=timeout
        )

    async def standing(self, id_number: str) -> Standing:
        response = await self._call("GET", f"/customers/{quote(id_number, safe='')}")
        if response.status_code == 404:
            return Standing(existing_customer=False)
        body = response.json()
        since = body.get("debt_since")
        return Standing(
            existing_customer=True,
            debt_bs=Decimal(str(body.get("debt_bs") or "0")),
            debt_since=date.fromisoformat(since) if since else None,
        )

    async def hand_over(self, sale: Sale) -> str:
        payload = {key: str(value) if isinstance(value, Decimal) else value for key, value in asdict(sale).items()}
        response = await self._call(
            "PUT", f"/sales/{quote(sale.number, safe='')}", json=payload, headers={"Idempotency-Key": sale.number}
        )
        if response.status_code == 404:
            raise BillingSystemUnavailable(f"PUT sales/{sale.number}: the billing system has no such endpoint")
        return str(response.json().get("reference") or sale.number)

    async def _call(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        try:
            response = await self._client.request(method, path, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as error:
            raise BillingSystemUnavailable(f"{method} {path}: {error!r}") from error
        if response.status_code >= 400 and response.status_code != 404:
            raise BillingSystemUnavailable(f"{method} {path}: HTTP {response.status_code} {response.text[:200]}")
        return response

    async def close(self) -> None:
        await self._client.aclose()
