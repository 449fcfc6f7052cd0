"""How the parts depend on each other: the sales domain never reaches into the channel layer, the assistant's image
holds every back-office module the assistant uses, and Rasa refuses to run in production with state that a restart
or a second replica would lose."""

import ast
import os
import subprocess
from pathlib import Path

from launcher.paths import RASA_PYTHON, ROOT

# Where the product is put together from both layers: the web app, the background work and its process.
COMPOSITION_ROOTS = {"app.py", "background.py", "worker.py"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def test_the_backends_features_queue_messages_without_importing_the_channels() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in imported_modules(path) if m == "bot" or m.startswith("bot."))
        for path in (ROOT / "backend").rglob("*.py")
        if not (path.parent == ROOT / "backend" and path.name in COMPOSITION_ROOTS)
    }
    assert {path: modules for path, modules in offenders.items() if modules} == {}


def calls_to(path: Path, name: str) -> list[int]:
    """The lines of `path` that call a function or method called `name`."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (getattr(node.func, "attr", None) == name or getattr(node.func, "id", None) == name)
    ]


def product_modules() -> list[Path]:
    return [path for package in ("backend", "bot") for path in (ROOT / package).rglob("*.py")]


def test_nothing_reaches_a_customer_but_through_the_outbox() -> None:
    writers = {str(path.relative_to(ROOT)): calls_to(path, "record_outbound") for path in product_modules()}
    assert {path for path, lines in writers.items() if lines} == {"bot/outbox.py"}


def test_no_feature_wakes_the_worker_itself() -> None:
    """The outbox and the intake wake it once their transaction committed; a feature never does."""
    wakers = {str(path.relative_to(ROOT)): calls_to(path, "wake") for path in product_modules()}
    assert {path: lines for path, lines in wakers.items() if lines} == {}


def test_the_assistants_image_copies_every_back_office_module_the_assistant_imports() -> None:
    imported = {
        module
        for path in (ROOT / "actions").rglob("*.py")
        for module in imported_modules(path)
        if module.startswith("backend.")
    }
    copies = next(line for line in (ROOT / "deploy" / "rasa.Dockerfile").read_text().splitlines() if "backend/" in line)
    copied = {word.removesuffix(".py").replace("/", ".") for word in copies.split() if word.endswith(".py")}
    assert imported and imported <= copied


def test_rasa_refuses_to_run_in_production_with_trackers_or_locks_in_memory(tmp_path: Path) -> None:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("action_endpoint:\n  url: http://127.0.0.1:5055/webhook\n")
    started = subprocess.run(
        [str(RASA_PYTHON), "-m", "actions.rasa_server", "run", "--endpoints", str(endpoints)],
        cwd=ROOT,
        env={**os.environ, "ENVIRONMENT": "production"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode != 0
    assert "tracker store and a lock store" in started.stderr
    assert "RASA_TRACKER_STORE_URL" in started.stderr
