"""Many customers at once on the running stack: nobody waits forever, the backend keeps answering.

The regression guard of the freeze where one busy evening stopped the whole sales channel; the figures
themselves come from `benchmarks/load.py`.
"""

import httpx
import pytest

from benchmarks.load import BURST, Figures, SaleCustomer, run_customers, webchat_sender, whatsapp_burst
from launcher.stack import Stack
from tests.helpers.basics import WHATSAPP_APP_SECRET, run_apart
from tests.helpers.fakes import FakeGraphApi

pytestmark = [pytest.mark.assistant, pytest.mark.both_engines]

CUSTOMERS = 8


def test_eight_web_chat_sales_at_once_all_reach_their_request(
    stack: Stack, backend: httpx.Client, staff_headers: dict[str, str]
) -> None:
    customers = [SaleCustomer(number) for number in range(CUSTOMERS)]
    sender = webchat_sender("stack-test")
    figures = run_apart(run_customers(Figures("web chat"), stack.backend_url, customers, sender))
    assert figures.errors == []
    assert figures.completed == CUSTOMERS
    assert figures.health_failures == 0 and figures.health_worst < 5  # generous: a loaded CI machine
    leads = backend.get("/api/leads", headers=staff_headers, params={"limit": 500}).json()["data"]
    orders = backend.get("/api/orders", headers=staff_headers, params={"limit": 500}).json()["data"]
    with_order = {lead["conversation_id"] for lead in leads if any(o["lead_id"] == lead["id"] for o in orders)}
    assert {f"webchat:load-stack-test-{number}" for number in range(CUSTOMERS)} <= with_order


def test_eight_whatsapp_customers_writing_at_once_are_all_answered_in_order(
    stack: Stack, graph_api: FakeGraphApi, staff_headers: dict[str, str]
) -> None:
    burst = whatsapp_burst(
        stack.backend_url,
        graph_api,
        CUSTOMERS,
        app_secret=WHATSAPP_APP_SECRET,
        staff_headers=staff_headers,
        timeout=180,
    )
    figures = run_apart(burst)
    assert figures.refused == 0
    assert figures.sent == figures.answered == CUSTOMERS * len(BURST)
    assert figures.out_of_order == 0
