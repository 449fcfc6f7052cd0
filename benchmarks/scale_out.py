"""Production's shape on PostgreSQL + Redis: the same load with 1 and with 2 replicas of Rasa and the backend.

    .venv/bin/python -m benchmarks.scale_out [--customers 16] [--replicas 1 2]

For each replica count, starts the stack on a throwaway PostgreSQL cluster (its sales database and Rasa's SQL
tracker store) and Redis (Rasa's lock store): R Rasa replicas, R web processes that only accept, store and answer,
one background worker, one action server. Then:

- **web chat**: N customers buy at once, spread over the web processes; turns/s and latency percentiles;
- **WhatsApp**: N customers send a burst through the web processes in turn; answered, out of order, duplicated;
- **CPU per turn** of each kind of process, and what it implies (an idle-time model): one process uses at most one
  core, so R replicas of a kind serve at most R / (its CPU per turn) turns a second, and C cores serve at most
  C / (all CPU per turn). On these 2 cores one replica of each already fills both cores, so measured throughput
  cannot double; the model says what 2 replicas give where cores are not the limit.
"""

import argparse
import asyncio
import re
import tempfile
from collections import defaultdict

from benchmarks.load import (
    APP_SECRET,
    ROOT,
    Figures,
    SaleCustomer,
    WhatsAppFigures,
    bench_env,
    cpu_seconds,
    login,
    run_customers,
    webchat_sender,
    whatsapp_burst,
)
from launcher.rasa import train_model
from launcher.stack import Stack, free_port
from tests.helpers.fakes import FakeGraphApi
from tests.helpers.servers import PostgresServer, postgres, redis


def kind(name: str) -> str:
    """`rasa-2` → `rasa`, `backend-2` → `backend`."""
    return re.sub(r"-\d+$", "", name)


async def webchat_load(stack: Stack, customers: int, run_id: str) -> Figures:
    """`customers` sales at once, each on one of the web processes in turn; one set of figures for all."""
    groups = [
        run_customers(
            Figures(f"web {index}"),
            url,
            [SaleCustomer(n) for n in range(index, customers, len(stack.backend_urls))],
            webchat_sender(f"{run_id}-{index}"),
        )
        for index, url in enumerate(stack.backend_urls)
    ]
    parts = await asyncio.gather(*groups)
    total = Figures(f"{len(stack.backend_urls)} replica(s), {customers} at once")
    for part in parts:
        total.latencies += part.latencies
        total.errors += part.errors
        total.completed += part.completed
        total.customers += part.customers
        total.seconds = max(total.seconds, part.seconds)
    return total


def measure(
    server: PostgresServer, redis_url: str, graph: FakeGraphApi, replicas: int, customers: int
) -> tuple[Figures, WhatsAppFigures]:
    log_dir = ROOT / "var" / "benchmarks" / f"logs-scale-{replicas}"
    with tempfile.TemporaryDirectory() as folder:
        stack = Stack(
            database_url=server.database(),
            tracker_store_url=server.database(),
            lock_store_url=f"{redis_url}/{replicas}",
            rasa_replicas=replicas,
            web_processes=replicas,
            workers=1,
            backend_port=free_port(),
            rasa_port=free_port(),
            actions_port=free_port(),
            log_dir=log_dir,
            extra_env={**bench_env(graph, folder), "WORKER_POLL_SECONDS": "0.2"},
        )
        with stack.running():
            print(f"{replicas} replica(s): {customers} web chat customers buying at once…", flush=True)
            before = cpu_seconds(stack.processes)
            figures = asyncio.run(webchat_load(stack, customers, f"scale{replicas}"))
            after = cpu_seconds(stack.processes)
            per_kind: dict[str, float] = defaultdict(float)
            for name in after:
                per_kind[kind(name)] += (after[name] - before[name]) / max(len(figures.latencies), 1)
            figures.cpu_per_turn = dict(per_kind)
            print(f"{replicas} replica(s): {customers} WhatsApp customers writing at once…", flush=True)
            staff = login(stack.backend_url)
            burst = asyncio.run(
                whatsapp_burst(stack.backend_urls, graph, customers, app_secret=APP_SECRET, staff_headers=staff)
            )
    return figures, burst


def modelled(cpu: dict[str, float], replicas: int, cores: int) -> tuple[float, str]:
    """Turns/s that `replicas` of Rasa and the backend can serve on `cores` (one action server), and the limit."""
    count = {"rasa": replicas, "backend": replicas, "actions": 1, "worker": 1}
    limits = {name: count.get(name, 1) / seconds for name, seconds in cpu.items() if seconds > 0}
    limits["cores"] = cores / sum(cpu.values())
    limit = min(limits, key=limits.__getitem__)
    return limits[limit], limit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=16)
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    train_model(ROOT / "models", output=open(ROOT / "var" / "benchmarks" / "train.log", "w"))  # noqa: SIM115
    results = []
    with postgres() as server, redis() as redis_server, FakeGraphApi().running() as graph:
        for replicas in args.replicas:
            results.append((replicas, *measure(server, redis_server.url, graph, replicas, args.customers)))
    print()
    base = results[0][1].turns_per_second
    for _replicas, figures, burst in results:
        print(figures.line())
        print(f"{'':26} throughput {figures.turns_per_second / base:.2f}× the first   {burst.line()}")
        spent = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in figures.cpu_per_turn.items())
        print(f"{'':26} CPU per turn: {spent}")
    cpu = results[0][1].cpu_per_turn
    print("\nIdle-time model from the CPU per turn of the first run (one process uses at most one core):")
    for cores in (2, 4, 8):
        one, one_limit = modelled(cpu, 1, cores)
        two, two_limit = modelled(cpu, 2, cores)
        print(
            f"  {cores} cores: 1 replica {one:5.1f} turns/s (limit: {one_limit}), "
            f"2 replicas {two:5.1f} turns/s (limit: {two_limit}) → {two / one:.2f}×"
        )


if __name__ == "__main__":
    main()
