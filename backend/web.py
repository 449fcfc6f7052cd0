"""The web process: `venta-web` (the API, the staff console, the web chat and the channels' webhooks).

    venta-web [--host 127.0.0.1] [--port 8000] [--access-log]

Listens on loopback unless `--host` says otherwise (production's image listens behind its proxy, which keeps the
access log: this process writes one line per request too only with `--access-log`). Any number of
web processes may serve together; with `RUN_WORKER=false` they leave the background work to `venta-worker`.
Behind a proxy, `TRUSTED_PROXIES` names it: the client's address is then read from its X-Forwarded-For (the
nearest address no trusted proxy holds), and a header from anyone else is ignored.
"""

import argparse
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI

from backend.app import create_app
from backend.config import Settings
from backend.memory import keep_loaded_objects

# How long a thread may keep the interpreter while others wait (Python's default is 5 ms). Each database call
# of a request gives it up and asks for it again; a webhook's short write makes a few of them, so under load it
# would wait up to this long each time behind the worker's longer transactions.
SWITCH_INTERVAL_SECONDS = 0.001


def kept_once_started(app: FastAPI) -> FastAPI:
    """`app`, whose start-up ends by leaving what it loaded (the schema's mappings, the libraries, the channels'
    clients) out of the garbage collector's walks."""
    start_up = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        async with start_up(app) as state:
            keep_loaded_objects()
            yield state

    app.router.lifespan_context = lifespan
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--access-log", action="store_true", help="write a line for every request")
    args = parser.parse_args()
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    settings = Settings()
    trusted = settings.TRUSTED_PROXIES.strip()
    uvicorn.run(
        kept_once_started(create_app(settings)),
        host=args.host,
        port=args.port,
        proxy_headers=bool(trusted),  # X-Forwarded-For believed only from the proxies named
        forwarded_allow_ips=trusted or None,
        access_log=args.access_log,  # a fifth of a webhook's cost, written by the proxy anyway
    )


if __name__ == "__main__":
    main()
