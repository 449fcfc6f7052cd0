"""Shared fixtures: an app on a real SQLite file, and the whole stack started once per session."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, sync_playwright
from sqlalchemy.orm import Session, sessionmaker

from backend.app import create_app
from backend.config import Settings
from backend.database import make_engine, make_session_factory
from backend.migrations import upgrade_schema
from launcher.paths import ROOT
from launcher.rasa import train_model
from launcher.stack import Stack, free_port
from tests.helpers.basics import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    ASSISTANT_TOKEN,
    PAYMENT_PROVIDER_SECRET,
    TELEGRAM_WEBHOOK_SECRET,
    WHATSAPP_APP_SECRET,
    WHATSAPP_VERIFY_TOKEN,
    login,
)
from tests.helpers.fakes import (
    ACCESS_TOKEN,
    BOT_TOKEN,
    PHONE_NUMBER_ID,
    SPEECH_TOKEN,
    FakeBotApi,
    FakeGraphApi,
    FakeSpeechToText,
)
from tests.helpers.mailbox import Mailbox
from tests.helpers.servers import PostgresServer, RedisServer, postgres, redis

T = TypeVar("T")
# The actions on recorded trackers run in the Rasa environment (`make test` runs them first).
collect_ignore = ["actions/trackers"]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL cluster for the session; each test that asks gets a database of its own."""
    with postgres() as server:
        yield server


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    with redis() as server:
        yield server


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database: a SQLite file; tests marked `both_engines` run again on a PostgreSQL one."""
    if getattr(request, "param", "sqlite") == "postgresql":
        return request.getfixturevalue("postgres_server").database()
    return f"sqlite:///{tmp_path / 'venta.db'}"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked `both_engines` that use a database run once on SQLite and once on PostgreSQL."""
    if not metafunc.definition.get_closest_marker("both_engines"):
        return
    if "database_url" in metafunc.fixturenames:
        metafunc.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
    if "stack" in metafunc.fixturenames:
        metafunc.parametrize("stack", ["embedded", "scaled"], indirect=True, scope="session")


@pytest.fixture
def sessions(database_url: str) -> sessionmaker[Session]:
    """Sessions on that database, brought to the newest schema."""
    engine = make_engine(database_url)
    upgrade_schema(engine)
    return make_session_factory(engine)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        DATABASE_URL=database_url,
        SECRET_KEY="test-secret-key-that-is-long-enough-for-hs256",
        ASSISTANT_TOKEN=ASSISTANT_TOKEN,
        ADMIN_EMAIL=ADMIN_EMAIL,
        ADMIN_PASSWORD=ADMIN_PASSWORD,
        RASA_URL="http://127.0.0.1:9",
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def assistant_headers() -> dict[str, str]:
    return {"X-Assistant-Token": ASSISTANT_TOKEN}


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The real model, trained from data/, domain.yml and config.yml unless already up to date."""
    models = ROOT / "models"
    log_dir = ROOT / "var" / "test-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / "train.log", "w") as log:
        train_model(models, output=log)
    return models


@pytest.fixture(scope="session")
def graph_api() -> Iterator[FakeGraphApi]:
    """Meta's Graph API, played on loopback."""
    with FakeGraphApi().running() as fake:
        yield fake


@pytest.fixture(scope="session")
def bot_api() -> Iterator[FakeBotApi]:
    """Telegram's Bot API, played on loopback."""
    with FakeBotApi().running() as fake:
        yield fake


@pytest.fixture(scope="session")
def speech() -> Iterator[FakeSpeechToText]:
    """The operator's speech-to-text service, played on loopback."""
    with FakeSpeechToText().running() as fake:
        yield fake


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    """An SMTP server on loopback that keeps every e-mail it receives."""
    with Mailbox().running() as box:
        yield box


@pytest.fixture(scope="session")
def stack(
    request: pytest.FixtureRequest,
    trained_model: Path,
    tmp_path_factory: pytest.TempPathFactory,
    graph_api: FakeGraphApi,
    bot_api: FakeBotApi,
    speech: FakeSpeechToText,
    mailbox: Mailbox,
) -> Iterator[Stack]:
    """Rasa, the action server and the backend, on free ports with a fresh database, WhatsApp and Telegram on.

    "embedded" (the default): one of each on SQLite, as `make run` starts them. "scaled" (tests marked
    `both_engines` run on both): production's shape on PostgreSQL — two Rasa replicas sharing a SQL tracker store
    and a Redis lock store, two web processes and two background workers.
    """
    shape = getattr(request, "param", "embedded")
    folder = tmp_path_factory.mktemp(f"stack-{shape}")
    shaped: dict[str, Any] = {
        "database_url": f"sqlite:///{folder / 'venta.db'}",
        "tracker_store_url": f"sqlite:///{folder / 'rasa-trackers.db'}",  # durable, as `make run` keeps them
    }
    if shape == "scaled":
        postgres_server = request.getfixturevalue("postgres_server")
        shaped = {
            "database_url": postgres_server.database(),
            "tracker_store_url": postgres_server.database(),
            "lock_store_url": f"{request.getfixturevalue('redis_server').url}/1",
            "rasa_replicas": 2,
            "web_processes": 2,
            "workers": 2,
        }
    running = Stack(
        backend_port=free_port(),
        rasa_port=free_port(),
        actions_port=free_port(),
        models_dir=trained_model,
        log_dir=ROOT / "var" / "test-logs" / shape,
        extra_env={
            "ADMIN_EMAIL": ADMIN_EMAIL,
            "ADMIN_PASSWORD": ADMIN_PASSWORD,
            "SEED_DEMO_DATA": "true",
            "DOCUMENTS_DIR": str(folder / "documents"),
            "LEARNED_NLU_FILE": str(folder / "learned-nlu.yml"),
            "WEBCHAT_MESSAGES_PER_MINUTE_PER_ADDRESS": "100000",  # every test customer writes from loopback
            "WEBCHAT_MESSAGES_PER_MINUTE": "120",  # test customers answer as fast as the assistant does
            "MODELS_DIR": str(folder / "models"),
            "WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN,
            "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
            "WHATSAPP_APP_SECRET": WHATSAPP_APP_SECRET,
            "WHATSAPP_VERIFY_TOKEN": WHATSAPP_VERIFY_TOKEN,
            "WHATSAPP_GRAPH_URL": graph_api.graph_url,
            "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
            "TELEGRAM_MODE": "webhook",
            "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_WEBHOOK_SECRET,
            "TELEGRAM_API_URL": bot_api.url,
            "SPEECH_TO_TEXT_URL": speech.url,
            "SPEECH_TO_TEXT_TOKEN": SPEECH_TOKEN,
            "SEND_RETRY_BASE_SECONDS": "0.5",
            "WORKER_POLL_SECONDS": "0.2",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(mailbox.port),
            "SMTP_STARTTLS": "false",
            "PAYMENT_PROVIDER_SECRET": PAYMENT_PROVIDER_SECRET,
            "ASSISTANT_TOKEN": ASSISTANT_TOKEN,
        },
        **shaped,
    )
    with running.running():
        yield running


@pytest.fixture(scope="session")
def backend(stack: Stack) -> Iterator[httpx.Client]:
    """An HTTP client of the running backend."""
    with httpx.Client(base_url=stack.backend_url, timeout=60) as http:
        yield http


@pytest.fixture(scope="session")
def staff_headers(backend: httpx.Client) -> dict[str, str]:
    return login(backend)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
        yield launched
        launched.close()
