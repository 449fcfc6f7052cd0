"""Many customers at once: whole sales on web chat against a bare Rasa moodbot, and a WhatsApp burst.

    .venv/bin/python -m benchmarks.load [--customers 16 64] [--mode webchat|whatsapp|all]

Starts the product as `make run` does (SQLite, one backend, Rasa, actions) on free ports, with WhatsApp on
against a Graph API stand-in on loopback, and a `rasa init` moodbot (trained once into var/benchmarks/).

- **webchat**: N customers at once, each an adaptive Spanish customer who answers what the assistant asks,
  from "hola" to a registered request (SOL-…), over `POST /webchat/messages`. Right after, the same N customers
  chat with the bare moodbot over Rasa's REST channel, twice: for as many turns as their sales took, and for
  BASELINE_TURNS (14, what a sale took when the bar of 0.7× was set). Rasa's cost per turn grows with the
  conversation, so the first ratio moves whenever sales get shorter or longer; the second compares every
  version of the product with the same moodbot. Printed: turns/s, p50/p95/p99 turn latency, errors (non-200,
  timeouts, conversations that did not reach their end), both ratios, the slowest `/health` answer seen
  while the customers chatted, and the CPU a turn took in each process. A shared machine's speed moves by
  half within minutes: each moodbot leg runs right after the product's, and the CPU of a turn in all the
  product's processes against the moodbot's is the figure that moves least with it.
- **whatsapp**: N customers each send a burst of messages through signed webhook posts, all at once.
  Printed: acknowledgement p50/p99, and how many messages were answered, in order.
"""

import argparse
import asyncio
import hashlib
import hmac
import itertools
import json
import multiprocessing
import os
import random
import subprocess
import tempfile
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import AsyncExitStack, ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from launcher.paths import RASA, ROOT
from launcher.process import ManagedProcess
from launcher.rasa import train_model
from launcher.stack import Stack, free_port
from tests.helpers.fakes import ACCESS_TOKEN, PHONE_NUMBER_ID, FakeGraphApi

MOODBOT = ROOT / "var" / "benchmarks" / "moodbot"
BASELINE_TURNS = 14  # a sale's length when the throughput bar was set against the moodbot
TURN_TIMEOUT = 60.0  # a turn slower than this counts as a hang
MAX_TURNS = 30  # a sale not done by then is stuck
ADMIN_EMAIL, ADMIN_PASSWORD = "bench-admin@venta.local", "bench-admin-password"
APP_SECRET, VERIFY_TOKEN = "bench-app-secret", "bench-verify-token"
COVERED_PIN = {"latitude": -17.3935, "longitude": -66.1570}  # Centro, Cochabamba


# Customers ------------------------------------------------------------------------------------------


class SaleCustomer:
    """A home customer who answers what the assistant asks, pressing the buttons it offers, until the request
    is registered. The answers vary a little from customer to customer, as people's do; `benchmarks.conversations`
    gives them other words and other endings."""

    def __init__(self, number: int) -> None:
        rng = random.Random(number)
        first = rng.choice(["Ana", "Luis", "Carla", "Jorge", "Sofía", "Marco", "Elena", "Rodrigo"])
        last = rng.choice(["Gutiérrez", "Quispe", "Méndez", "Rojas", "Vargas", "Camacho", "Salazar", "Flores"])
        self.name = f"{first} {last}"
        self.phone = f"7{rng.randrange(10**7):07d}"
        self.email = f"{first.lower().replace('í', 'i')}.{number}@gmail.com"
        self.ci = f"{rng.randrange(10**6, 10**7)} CB"
        self.usage = rng.choice(["para estudiar y hacer tareas", "para ver series", "para trabajar desde casa"])
        self.hours = rng.choice(["en las noches", "todo el día", "en las tardes"])
        self.people = rng.choice(["somos 3", "4 personas", "2"])
        self.opener = "hola"
        self.kind: dict[str, Any] = {"button": "🏠 Para mi hogar"}
        self.company = "Distribuidora Andina SRL"
        self.place: dict[str, Any] = {"location": COVERED_PIN}
        self.reference = "casa amarilla frente a la plaza"
        self.payment: dict[str, Any] = {"button": "Postpago"}
        self.ends_with = ("sol-",)  # what the assistant says once this customer is done
        self.done = False
        self.asked: list[str] = []  # the questions answered, in order (one asked twice was not understood)
        self.heard: list[str] = []  # what the assistant said, turn by turn

    def first(self) -> dict[str, Any]:
        return {"text": self.opener}

    def answer(self, reply: str, buttons: list[dict[str, str]]) -> dict[str, Any] | None:
        """The customer's next message after reading `reply`; None once done."""
        self.heard.append(reply)
        said = reply.lower()
        if any(ending in said for ending in self.ends_with):
            self.done = True
            return None
        paying = self.payment.get("text") or str(self.payment.get("button", "")).lower()
        for question, answer in (
            ("tu nombre completo, tu celular y tu correo", {"text": f"{self.name}, {self.phone}, {self.email}"}),
            (
                "carnet de identidad (ci), con complemento y extensión si los tiene, y cómo",
                {"text": f"{self.ci}, {paying}"},
            ),
            ("revisemos tu solicitud", {"button": "Acepto"}),
            ("cómo prefieres pagar", self.payment),
            ("te recomiendo", {"button": "¡Lo quiero!"}),
            ("carnet", {"text": self.ci}),
            ("en qué horario y cuántas personas", {"text": f"{self.usage}, {self.hours}, {self.people}"}),
            ("y una referencia para el técnico", self.place_with_reference()),
            ("referencia", {"text": self.reference}),
            ("avisemos", {"text": "sí, avísenme"}),
            ("ubicación", self.place),
            ("dirección", self.place),
            ("personas", {"text": self.people}),
            ("horario", {"text": self.hours}),
            ("para qué", {"text": self.usage}),
            ("correo", {"text": self.email}),
            ("celular", {"text": self.phone}),
            ("nombre de tu empresa", {"text": self.company}),
            ("nombre", {"text": self.name}),
            ("hogar", self.kind),
        ):
            if question in said:
                self.asked.append(question)
                return self._message(answer, buttons)
        self.asked.append("?")
        return {"text": "sí"}

    def place_with_reference(self) -> dict[str, Any]:
        """A written address with the reference after it; a pin is shared alone (the reference is asked next)."""
        if "text" in self.place:
            return {"text": f"{self.place['text']}, {self.reference}"}
        return self.place

    @staticmethod
    def _message(answer: dict[str, Any], buttons: list[dict[str, str]]) -> dict[str, Any]:
        """The answer as sent: a button is pressed when offered, else its title is typed."""
        if "button" not in answer:
            return answer
        button = next((b for b in buttons if b["title"] == answer["button"]), None)
        if button is None:
            return {"text": answer["button"]}
        return {"pressed": button["ref"], "button_title": button["title"]}


def worded(customer: "SaleCustomer", number: int, wordings: dict[str, list[Any]]) -> "SaleCustomer":
    """`customer` saying each answer the `number`-th way of its list (`{"name": NAMES, "phone": PHONES, …}`)."""
    for answer, ways in wordings.items():
        setattr(customer, answer, ways[number % len(ways)])
    return customer


class MoodCustomer:
    """A moodbot user: as many turns as a sale takes, answering what the moodbot asks."""

    def __init__(self, turns: int) -> None:
        self.left = turns
        self.done = False
        self._moods = itertools.cycle(["I am sad", "great", "very good", "unhappy"])

    def first(self) -> dict[str, Any]:
        self.left -= 1
        return {"text": "hello"}

    def answer(self, reply: str, _buttons: list[dict[str, str]]) -> dict[str, Any] | None:
        if self.left <= 0:
            self.done = True
            return None
        self.left -= 1
        said = reply.lower()
        if "did that help" in said:
            return {"text": "yes"}
        if "how are you" in said:
            return {"text": next(self._moods)}
        return {"text": random.choice(["hi", "good morning", "bye"])}


# Figures --------------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """The `p`-th percentile of `values` (nearest rank); NaN when there are none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@dataclass
class Figures:
    """What one phase measured."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    completed: int = 0
    customers: int = 0
    seconds: float = 0.0
    health_worst: float = 0.0
    health_failures: int = 0
    cpu_per_turn: dict[str, float] = field(default_factory=dict)

    @property
    def turns_per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p)

    def line(self) -> str:
        return (
            f"{self.name:<26} {len(self.latencies):>6} turns {self.turns_per_second:7.1f} turns/s   "
            f"p50 {self.percentile(50) * 1000:6.0f} ms  p95 {self.percentile(95) * 1000:6.0f} ms  "
            f"p99 {self.percentile(99) * 1000:6.0f} ms   errors {len(self.errors)}   "
            f"completed {self.completed}/{self.customers}"
        )


async def chat(
    figures: Figures,
    customer: SaleCustomer | MoodCustomer,
    send: Callable[[dict[str, Any]], Awaitable[tuple[str, list[dict[str, str]]]]],
) -> None:
    """Play one customer's conversation, timing each turn."""
    message: dict[str, Any] | None = customer.first()
    for _ in range(MAX_TURNS):
        if message is None:
            break
        started = time.perf_counter()
        try:
            reply, buttons = await asyncio.wait_for(send(message), TURN_TIMEOUT)
        except Exception as error:  # noqa: BLE001 (every failure is counted, none ends the run)
            figures.errors.append(f"{type(error).__name__}: {error}"[:200])
            return
        figures.latencies.append(time.perf_counter() - started)
        message = customer.answer(reply, buttons)
    if customer.done:
        figures.completed += 1
    else:
        figures.errors.append(f"conversation did not end within {MAX_TURNS} turns")


async def watch_health(http: httpx.AsyncClient, figures: Figures, stop: asyncio.Event) -> None:
    """Ask `/health` four times a second while the customers chat; keep the slowest answer."""
    while not stop.is_set():
        started = time.perf_counter()
        try:
            response = await http.get("/health", timeout=5)
            if response.status_code != 200:
                figures.health_failures += 1
        except httpx.HTTPError:
            figures.health_failures += 1
        figures.health_worst = max(figures.health_worst, time.perf_counter() - started)
        await asyncio.sleep(0.25)


async def run_customers(
    figures: Figures,
    base_url: str,
    customers: list[SaleCustomer] | list[MoodCustomer],
    send_with: Callable[[httpx.AsyncClient, int], Callable[[dict[str, Any]], Awaitable[Any]]],
    watch: bool = True,
) -> Figures:
    """Every customer at once, with `/health` watched throughout when `watch`."""
    figures.customers = len(customers)
    limits = httpx.Limits(max_connections=len(customers) + 4, max_keepalive_connections=len(customers) + 4)
    async with httpx.AsyncClient(base_url=base_url, timeout=TURN_TIMEOUT, limits=limits) as http:
        stop = asyncio.Event()
        watcher = asyncio.create_task(watch_health(http, figures, stop)) if watch else None
        started = time.perf_counter()
        await asyncio.gather(*(chat(figures, c, send_with(http, i)) for i, c in enumerate(customers)))
        figures.seconds = time.perf_counter() - started
        stop.set()
        if watcher is not None:
            await watcher
    return figures


def webchat_sender(run_id: str) -> Callable[[httpx.AsyncClient, int], Callable[[dict[str, Any]], Awaitable[Any]]]:
    def sender(http: httpx.AsyncClient, number: int) -> Callable[[dict[str, Any]], Awaitable[Any]]:
        async def send(body: dict[str, Any]) -> tuple[str, list[dict[str, str]]]:
            response = await http.post("/webchat/messages", json={"sender_id": f"load-{run_id}-{number}", **body})
            if response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code}: {response.text[:120]}")
            messages = response.json()["messages"]
            return "\n".join(m["text"] for m in messages), [b for m in messages for b in m["buttons"]]

        return send

    return sender


def rasa_sender(run_id: str) -> Callable[[httpx.AsyncClient, int], Callable[[dict[str, Any]], Awaitable[Any]]]:
    def sender(http: httpx.AsyncClient, number: int) -> Callable[[dict[str, Any]], Awaitable[Any]]:
        async def send(body: dict[str, Any]) -> tuple[str, list[dict[str, str]]]:
            payload = {"sender": f"mood-{run_id}-{number}", "message": body["text"]}
            response = await http.post("/webhooks/rest/webhook", json=payload)
            if response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code}: {response.text[:120]}")
            return "\n".join(m.get("text", "") for m in response.json()), []

        return send

    return sender


# WhatsApp -------------------------------------------------------------------------------------------

BURST = ["hola", "quiero internet para mi casa", "me llamo {name}", "{phone}", "{email}"]


@dataclass
class WhatsAppFigures:
    customers: int
    acks: list[float] = field(default_factory=list)
    refused: int = 0
    sent: int = 0
    answered: int = 0
    out_of_order: int = 0
    duplicated: int = 0
    seconds_to_answer_all: float = 0.0

    def line(self) -> str:
        p50, p99, worst = (percentile(self.acks, p) * 1000 for p in (50, 99, 100))
        return (
            f"WhatsApp, {self.customers} customers: {self.sent} messages, acknowledged p50 {p50:.0f} ms, "
            f"p99 {p99:.0f} ms, max {worst:.0f} ms, refused {self.refused}; "
            f"answered {self.answered}/{self.sent} in {self.seconds_to_answer_all:.1f} s, "
            f"out of order {self.out_of_order}, duplicated {self.duplicated}"
        )


class WebhookConnection:
    """One keep-alive HTTP/1.1 connection posting JSON, as Meta's webhook client keeps one: a few bytes written
    and read per call, so that the figures measure the backend rather than a heavy client sharing its CPU."""

    def __init__(self, base_url: str, path: str) -> None:
        address = httpx.URL(base_url)
        self._host, self._port, self._path = address.host, address.port, path
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def __aenter__(self) -> "WebhookConnection":
        self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._writer is not None
        self._writer.close()

    async def post(self, body: bytes, headers: dict[str, str]) -> int:
        """POST `body`; the response's status code."""
        assert self._reader is not None and self._writer is not None
        lines = [f"POST {self._path} HTTP/1.1", f"Host: {self._host}", "Content-Type: application/json"]
        lines += [f"Content-Length: {len(body)}", *(f"{name}: {value}" for name, value in headers.items())]
        self._writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        status = int((await self._reader.readline()).split()[1])
        length = 0
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        await self._reader.readexactly(length)
        return status


def notification(wa_id: str, person: SaleCustomer, message_id: str, text: str) -> bytes:
    """The body Meta posts to the webhook for one text message of `person` (`text` may name their details)."""
    message = {
        "from": wa_id,
        "id": message_id,
        "timestamp": str(int(time.time())),
        "type": "text",
        "text": {"body": text.format(name=person.name, phone=person.phone, email=person.email)},
    }
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": person.name}, "wa_id": wa_id}],
        "messages": [message],
    }
    changes = [{"value": value, "field": "messages"}]
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": changes}]}).encode()


def post_burst(backend_urls: list[str], wa_ids: list[str], app_secret: str) -> tuple[list[float], int]:
    """Every customer of `wa_ids` sends the burst at once (each message as its own delivery, to the web processes
    of `backend_urls` in turn): how long each post waited for its answer, and how many were refused. Run in a
    process of its own: the Graph API stand-in answers the product's replies on threads of the benchmark's, which
    would otherwise delay reading the acknowledgements and count as the backend's time."""
    people = [SaleCustomer(1000 + n) for n in range(len(wa_ids))]
    acks: list[float] = []
    refused = 0

    async def deliver(connection: WebhookConnection, wa_id: str, person: SaleCustomer, index: int, text: str) -> None:
        nonlocal refused
        body = notification(wa_id, person, f"wamid.LOAD{wa_id}{index}", text)
        signature = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
        started = time.perf_counter()
        try:
            ok = await connection.post(body, {"X-Hub-Signature-256": "sha256=" + signature}) == 200
        except (OSError, asyncio.IncompleteReadError, ValueError):
            ok = False
        acks.append(time.perf_counter() - started)
        refused += not ok

    async def customer(number: int, wa_id: str, person: SaleCustomer) -> None:
        async with AsyncExitStack() as stack:
            connections = [
                await stack.enter_async_context(WebhookConnection(url, "/webhooks/whatsapp")) for url in backend_urls
            ]
            for index, text in enumerate(BURST):
                await deliver(connections[(number + index) % len(connections)], wa_id, person, index, text)
                await asyncio.sleep(random.uniform(0.05, 0.3))  # typing the next line

    async def everyone() -> None:
        await asyncio.gather(
            *(customer(n, wa_id, person) for n, (wa_id, person) in enumerate(zip(wa_ids, people, strict=True)))
        )

    asyncio.run(everyone())
    return acks, refused


async def whatsapp_burst(
    backend_url: str | list[str],
    graph: FakeGraphApi,
    customers: int,
    *,
    app_secret: str,
    staff_headers: dict[str, str],
    timeout: float = 600,
) -> WhatsAppFigures:
    """Every customer sends the burst at once (`post_burst`, in a process of its own); then every message must be
    answered once, and each conversation's replies must reach WhatsApp in the order of the messages they answer."""
    backend_urls = [backend_url] if isinstance(backend_url, str) else backend_url
    figures = WhatsAppFigures(customers)
    base = int(time.time() * 1000)
    wa_ids = [f"5917{base % 10**7 + n:07d}"[-11:] for n in range(customers)]
    limits = httpx.Limits(max_connections=customers + 4)
    loop = asyncio.get_running_loop()
    async with httpx.AsyncClient(base_url=backend_urls[0], timeout=30, limits=limits) as http:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as poster:
            await loop.run_in_executor(poster, time.time)  # started before the burst: its start is not timed
            started = time.perf_counter()
            figures.acks, figures.refused = await loop.run_in_executor(
                poster, post_burst, backend_urls, wa_ids, app_secret
            )
        figures.sent = len(figures.acks)
        deadline = time.monotonic() + timeout
        pending = set(wa_ids)
        while pending and time.monotonic() < deadline:
            for wa_id in list(pending):
                try:
                    transcript = await http.get(f"/api/conversations/whatsapp:{wa_id}/messages", headers=staff_headers)
                except httpx.HTTPError:
                    continue
                messages = transcript.json()["messages"] if transcript.status_code == 200 else []
                inbound = [m for m in messages if m["direction"] == "inbound"]
                outbound = [m for m in messages if m["direction"] == "outbound"]
                settled = len(inbound) == len(BURST) and all(m["status"] in ("handled", "failed") for m in inbound)
                if settled and all(m["status"] in ("sent", "delivered", "read", "failed") for m in outbound):
                    pending.discard(wa_id)
                    figures.answered += sum(
                        m["status"] == "handled" and any(r["reply_to_id"] == m["id"] for r in outbound) for m in inbound
                    )
                    figures.out_of_order += not in_order(outbound, graph.sent_to(wa_id))
                    figures.duplicated += duplicated(inbound, outbound, graph.sent_to(wa_id))
            await asyncio.sleep(1)
        figures.seconds_to_answer_all = time.perf_counter() - started
    return figures


def duplicates(
    inbound: list[dict[str, Any]], outbound: list[dict[str, Any]], received: list[dict[str, Any]]
) -> list[str]:
    """Answers given twice, each said in a line: a message answered again (its replies repeated), or a reply
    WhatsApp got a copy of that the backend never recorded as sent (sent again after it stopped mid-send)."""
    found = []
    for message in inbound:
        texts = [m["text"] for m in outbound if m["reply_to_id"] == message["id"]]
        half = len(texts) // 2
        if half and len(texts) % 2 == 0 and texts[:half] == texts[half:]:
            found.append(f"{message['text']!r} answered twice: {texts[:half]}")
    recorded = {m["external_id"] for m in outbound if m["external_id"]}
    for copy in (r for r in received if r["id"] not in recorded):
        found.append(f"a reply reached WhatsApp again, its first copy never recorded as sent: {copy}")
    return found


def duplicated(inbound: list[dict[str, Any]], outbound: list[dict[str, Any]], received: list[dict[str, Any]]) -> int:
    """How many answers were given twice (`duplicates`)."""
    return len(duplicates(inbound, outbound, received))


def in_order(outbound: list[dict[str, Any]], received: list[dict[str, Any]]) -> bool:
    """Whether WhatsApp received the replies in the order of the messages they answer."""
    answering = {m["external_id"]: m["reply_to_id"] for m in outbound if m["external_id"] and m["reply_to_id"]}
    sequence = [answering[r["id"]] for r in received if r["id"] in answering]
    return sequence == sorted(sequence)


# Running --------------------------------------------------------------------------------------------


def moodbot_model() -> Path:
    """`rasa init`'s moodbot, created and trained once."""
    models = MOODBOT / "models"
    if not list(models.glob("*.tar.gz")):
        MOODBOT.mkdir(parents=True, exist_ok=True)
        print("Creating and training the moodbot (once)…", flush=True)
        subprocess.run(
            [str(RASA), "init", "--no-prompt", "--init-dir", str(MOODBOT)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
        )
    return models


def start_moodbot(port: int, log: Path) -> subprocess.Popen:
    command = [str(RASA), "run", "--model", str(moodbot_model()), "--port", str(port), "-i", "127.0.0.1"]
    process = subprocess.Popen(
        command,
        cwd=MOODBOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                # the first message loads lazily: warm up once so it is not counted
                httpx.post(
                    f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                    json={"sender": "warm-up", "message": "hi"},
                    timeout=60,
                )
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.kill()
    raise TimeoutError(f"The moodbot did not start; see {log}")


def cpu_seconds(processes: list[ManagedProcess]) -> dict[str, float]:
    """CPU time each process (with its children) has used so far, by name."""
    return {process.name: process_cpu_seconds(process.pid) for process in processes}


def process_cpu_seconds(pid: int) -> float:
    """CPU time process `pid` (with its children) has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


# Every simulated customer writes from this machine's one address, as fast as the assistant answers.
UNLIMITED_WEBCHAT = {"WEBCHAT_MESSAGES_PER_MINUTE": "100000", "WEBCHAT_MESSAGES_PER_MINUTE_PER_ADDRESS": "100000"}


def bench_env(graph: FakeGraphApi, folder: str) -> dict[str, str]:
    """The settings every benchmark stack runs with: its staff account, its documents, WhatsApp on `graph`."""
    return {
        "ADMIN_EMAIL": ADMIN_EMAIL,
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "DOCUMENTS_DIR": f"{folder}/documents",
        "WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN,
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "WHATSAPP_APP_SECRET": APP_SECRET,
        "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
        "WHATSAPP_GRAPH_URL": graph.graph_url,
        **UNLIMITED_WEBCHAT,
    }


def login(backend_url: str) -> dict[str, str]:
    form = {"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    token = httpx.post(f"{backend_url}/api/auth/token", data=form, timeout=30).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def print_comparison(product: Figures, moodbots: list[Figures]) -> None:
    print(product.line())
    for moodbot in moodbots:
        print(moodbot.line())
        throughput = product.turns_per_second / moodbot.turns_per_second if moodbot.turns_per_second else float("nan")
        p95 = product.percentile(95) / moodbot.percentile(95)
        print(
            f"{'':26} ratio to the {moodbot.name}: throughput {throughput:.2f}× (target ≥ 0.7), "
            f"p95 {p95:.2f}× (target ≤ 3)"
        )
    print(f"{'':26} /health: slowest {product.health_worst * 1000:.0f} ms, failed {product.health_failures}")
    if product.cpu_per_turn:
        spent = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in product.cpu_per_turn.items())
        print(f"{'':26} CPU per turn: {spent}")
        total = sum(product.cpu_per_turn.values())
        for moodbot in moodbots:
            if moodbot.cpu_per_turn:
                mood = sum(moodbot.cpu_per_turn.values())
                print(
                    f"{'':26} CPU per turn in all processes: {total * 1000:.0f} ms; {moodbot.name}: "
                    f"{mood * 1000:.0f} ms ({total / mood:.2f}×)"
                )
    for error in sorted(set(product.errors))[:5]:
        print(f"{'':26} error: {error}")


def moodbot_legs(product: Figures, moodbot: subprocess.Popen, port: int, run_id: str) -> list[Figures]:
    """The product's customers talking to the moodbot: for as many turns as their sales took, and for 14."""
    legs = []
    same = max(1, round(len(product.latencies) / max(product.customers, 1)))
    for turns in sorted({same, BASELINE_TURNS}):
        mood = Figures(f"moodbot, {turns} turns")
        customers = [MoodCustomer(turns) for _ in range(product.customers)]
        sender = rasa_sender(f"{run_id}-{product.customers}-{turns}")
        cpu_before = process_cpu_seconds(moodbot.pid)
        asyncio.run(run_customers(mood, f"http://127.0.0.1:{port}", customers, sender, watch=False))
        mood.cpu_per_turn = {"rasa": (process_cpu_seconds(moodbot.pid) - cpu_before) / max(len(mood.latencies), 1)}
        legs.append(mood)
    return legs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--mode", choices=["webchat", "whatsapp", "all"], default="all")
    args = parser.parse_args()
    log_dir = ROOT / "var" / "benchmarks" / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    webchat = args.mode in ("webchat", "all")
    train_model(ROOT / "models", output=(log_dir / "train.log").open("w"))
    with ExitStack() as running, FakeGraphApi().running() as graph, tempfile.TemporaryDirectory() as folder:
        if webchat:  # up beside the product, so that each of its legs runs right after the product's
            mood_port = free_port()
            moodbot = start_moodbot(mood_port, log_dir / "moodbot.log")
            running.callback(moodbot.wait, timeout=30)
            running.callback(moodbot.terminate)
        stack = Stack(
            database_url=f"sqlite:///{folder}/venta.db",
            tracker_store_url=f"sqlite:///{folder}/rasa-trackers.db",  # as `make run` keeps them
            backend_port=free_port(),
            rasa_port=free_port(),
            actions_port=free_port(),
            log_dir=log_dir,
            extra_env=bench_env(graph, folder),
        )
        run_id = f"{int(time.time())}"
        results: list[tuple[Figures, list[Figures]]] = []
        whatsapp: list[WhatsAppFigures] = []
        with stack.running():
            for n in args.customers:
                if webchat:
                    print(f"Web chat: {n} customers buying at once, then talking to the moodbot…", flush=True)
                    customers = [SaleCustomer(i) for i in range(n)]
                    cpu_before = cpu_seconds(stack.processes)
                    product = asyncio.run(
                        run_customers(
                            Figures(f"Venta Digital, {n} at once"), stack.backend_url, customers,
                            webchat_sender(f"{run_id}-{n}"),
                        )
                    )  # fmt: skip
                    cpu_after = cpu_seconds(stack.processes)
                    product.cpu_per_turn = {
                        name: (cpu_after[name] - cpu_before[name]) / max(len(product.latencies), 1)
                        for name in cpu_after
                    }
                    results.append((product, moodbot_legs(product, moodbot, mood_port, run_id)))
                if args.mode in ("whatsapp", "all"):
                    print(f"WhatsApp: {n} customers writing at once…", flush=True)
                    staff = login(stack.backend_url)
                    burst = whatsapp_burst(stack.backend_url, graph, n, app_secret=APP_SECRET, staff_headers=staff)
                    whatsapp.append(asyncio.run(burst))
    print()
    for product, moods in results:
        print_comparison(product, moods)
    for figures in whatsapp:
        print(figures.line())


if __name__ == "__main__":
    main()
