"""Soak under faults: customers keep writing on WhatsApp while a random part of the product is killed (kill -9)
every few seconds and started again, as `make run` does; then every message must have been answered once, in order.

    .venv/bin/python -m benchmarks.faults [--conversations 200] [--every 20]

Starts the product as `make run` does (SQLite, Rasa's SQL tracker store, one backend with its worker) with
WhatsApp against a Graph API stand-in. Each conversation sends five messages as its own webhook deliveries, a
customer typing; a delivery the backend does not take (it is down) is delivered again later, as Meta does. One of
Rasa, the action server and the backend is killed every `--every` seconds. Printed: messages sent, answered,
lost (never answered), duplicated (answered twice or sent twice: each one is named) and out of order, and the kills.
"""

import argparse
import asyncio
import hashlib
import hmac
import random
import tempfile
import threading
import time

import httpx

from benchmarks.load import (
    APP_SECRET,
    BURST,
    SaleCustomer,
    bench_env,
    duplicates,
    in_order,
    login,
    notification,
)
from launcher.paths import ROOT
from launcher.rasa import train_model
from launcher.stack import Stack, free_port
from tests.helpers.fakes import FakeGraphApi

VICTIMS = ("rasa", "actions", "backend")
ARRIVALS_SECONDS = 120


async def customer(http: httpx.AsyncClient, wa_id: str, person: SaleCustomer, redelivered: list[int]) -> None:
    """Write the burst, each message delivered until the backend takes it (Meta retries for days)."""
    await asyncio.sleep(random.uniform(0, ARRIVALS_SECONDS))  # customers arrive over the first two minutes
    for index, text in enumerate(BURST):
        body = notification(wa_id, person, f"wamid.SOAK{wa_id}{index}", text)
        signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
        while True:
            try:
                response = await http.post(
                    "/webhooks/whatsapp",
                    content=body,
                    headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature},
                )
                if response.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            redelivered[0] += 1
            await asyncio.sleep(2)
        await asyncio.sleep(random.uniform(1, 6))  # typing the next line


def killer(stack: Stack, every: float, stop: threading.Event, kills: list[str]) -> None:
    """Kill a random part every `every` seconds; start whatever stopped again (what `make run` does)."""
    next_kill = time.monotonic() + every
    while not stop.is_set():
        stack.supervise(output=open("/dev/null", "w"))  # noqa: SIM115
        if time.monotonic() >= next_kill:
            victim = random.choice(VICTIMS)
            if stack.process(victim).running:
                stack.kill(victim)
                kills.append(victim)
            next_kill = time.monotonic() + every
        time.sleep(0.2)


async def settle(
    backend_url: str, graph: FakeGraphApi, wa_ids: list[str], timeout: float
) -> tuple[int, int, list[str], int]:
    """(answered, lost, the answers given twice, out of order) once every conversation has settled or `timeout`
    passed."""
    staff = login(backend_url)
    answered = disordered = 0
    dupes: list[str] = []
    pending = set(wa_ids)
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=backend_url, timeout=30) as http:
        while pending and time.monotonic() < deadline:
            for wa_id in list(pending):
                try:
                    response = await http.get(f"/api/conversations/whatsapp:{wa_id}/messages", headers=staff)
                except httpx.HTTPError:
                    continue
                messages = response.json()["messages"] if response.status_code == 200 else []
                inbound = [m for m in messages if m["direction"] == "inbound"]
                outbound = [m for m in messages if m["direction"] == "outbound"]
                done = len(inbound) == len(BURST) and all(m["status"] in ("handled", "failed") for m in inbound)
                if done and all(m["status"] in ("sent", "delivered", "read", "failed") for m in outbound):
                    pending.discard(wa_id)
                    answered += sum(
                        m["status"] == "handled" and any(r["reply_to_id"] == m["id"] for r in outbound) for m in inbound
                    )
                    dupes += [f"{wa_id}: {d}" for d in duplicates(inbound, outbound, graph.sent_to(wa_id))]
                    disordered += not in_order(outbound, graph.sent_to(wa_id))
            await asyncio.sleep(2)
    lost = len(wa_ids) * len(BURST) - answered
    return answered, lost, dupes, disordered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--every", type=float, default=20.0)
    args = parser.parse_args()
    log_dir = ROOT / "var" / "benchmarks" / "logs-faults"
    log_dir.mkdir(parents=True, exist_ok=True)
    train_model(ROOT / "models", output=(log_dir / "train.log").open("w"))
    with FakeGraphApi().running() as graph, tempfile.TemporaryDirectory() as folder:
        stack = Stack(
            database_url=f"sqlite:///{folder}/venta.db",
            tracker_store_url=f"sqlite:///{folder}/rasa-trackers.db",
            backend_port=free_port(),
            rasa_port=free_port(),
            actions_port=free_port(),
            log_dir=log_dir,
            extra_env={**bench_env(graph, folder), "SEND_RETRY_BASE_SECONDS": "1", "SEND_MAX_ATTEMPTS": "12"},
        )
        base = int(time.time() * 1000) % 10**6
        wa_ids = [f"5917{base + n:07d}"[-11:] for n in range(args.conversations)]
        people = [SaleCustomer(5000 + n) for n in range(args.conversations)]
        kills: list[str] = []
        redelivered = [0]
        with stack.running():
            stop = threading.Event()
            chaos = threading.Thread(target=killer, args=(stack, args.every, stop, kills), daemon=True)
            started = time.monotonic()
            chaos.start()
            print(f"{args.conversations} conversations, a part killed every {args.every:.0f} s…", flush=True)

            async def everyone() -> None:
                limits = httpx.Limits(max_connections=64)
                async with httpx.AsyncClient(base_url=stack.backend_url, timeout=10, limits=limits) as http:
                    await asyncio.gather(
                        *(customer(http, w, p, redelivered) for w, p in zip(wa_ids, people, strict=True))
                    )

            asyncio.run(everyone())
            print(
                f"All messages delivered after {time.monotonic() - started:.0f} s; waiting for the answers…", flush=True
            )
            stop.set()
            chaos.join()
            while not all(p.running for p in stack.processes):  # the last kill, started again
                stack.supervise(output=open("/dev/null", "w"))  # noqa: SIM115
                time.sleep(0.2)
            time.sleep(5)
            answered, lost, dupes, disordered = asyncio.run(settle(stack.backend_url, graph, wa_ids, timeout=900))
    sent = args.conversations * len(BURST)
    print(
        f"\nsent {sent}, answered {answered}, lost {lost}, duplicated {len(dupes)}, out of order {disordered}; "
        f"{len(kills)} kills ({', '.join(f'{v} ×{kills.count(v)}' for v in VICTIMS)}), "
        f"{redelivered[0]} webhook deliveries refused and delivered again"
    )
    for duplicate in dupes:
        print(f"  duplicated: {duplicate}")


if __name__ == "__main__":
    main()
