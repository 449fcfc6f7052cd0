"""Rasa as the launcher runs it: its endpoints (with the shared stores of production) and its training."""

import os
import subprocess
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import yaml
from sqlalchemy.engine import make_url

from launcher.paths import LEARNED_NLU, RASA, ROOT, VAR

DURABLE_TRACKERS = f"sqlite:///{VAR / 'rasa-trackers.db'}"  # `make run`: a Rasa restart keeps every conversation


def rasa_endpoints(target: Path, tracker_store_url: str = "", lock_store_url: str = "") -> Path:
    """endpoints.yml plus the shared tracker store (SQL) and lock store (Redis) that replicas need.

    `tracker_store_url` is a database URL (`postgresql://user:password@host:5432/rasa`), `lock_store_url` a
    Redis one (`redis://host:6379/1`); Rasa keeps trackers in memory and locks per process without them.
    """
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text()) or {}
    if tracker_store_url:
        url = make_url(tracker_store_url)
        url = url.set(drivername=url.get_backend_name())  # Rasa's own driver (psycopg2), not ours
        endpoints["tracker_store"] = {"type": "SQL", "url": url.render_as_string(hide_password=False)}
    if lock_store_url:
        redis = urlsplit(lock_store_url)
        endpoints["lock_store"] = {
            "type": "redis",
            "url": redis.hostname or "127.0.0.1",
            "port": redis.port or 6379,
            "db": int(redis.path.strip("/") or 1),
            **({"password": redis.password} if redis.password else {}),
            "key_prefix": "venta",
        }
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    return target


def train_model(models_dir: Path, output: IO[str] | None = None, learned: Path = LEARNED_NLU) -> None:
    """Train the Rasa model, with what was learned from conversations, unless the latest one was trained on the
    same data and config."""
    data = ["--data", "data", str(learned)] if learned.exists() else []
    subprocess.run(
        [str(RASA), "train", *data, "--out", str(models_dir), "--num-threads", "2"],
        cwd=ROOT,
        check=True,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
    )
