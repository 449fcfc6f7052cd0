"""The web process: `venta-web` (the API, the staff console, the web chat and the channels' webhooks).

    venta-web [--host 127.0.0.1] [--port 8000]

Listens on loopback unless `--host` says otherwise (production's image listens behind its proxy). Any number of
web processes may serve together; with `RUN_WORKER=false` they leave the background work to `venta-worker`.
Behind a proxy, `TRUSTED_PROXIES` names it: the client's address is then read from its X-Forwarded-For (the
nearest address no trusted proxy holds), and a header from anyone else is ignored.
"""

import argparse
import os
import sys

import uvicorn

from backend.app import create_app
from backend.config import Settings
from backend.memory import keep_loaded_objects

# How long a thread may keep the interpreter while others wait (Python's default is 5 ms). Each database call
# of a request gives it up and asks for it again; a webhook's short write makes a few of them, so under load it
# would wait up to this long each time behind the worker's longer transactions.
SWITCH_INTERVAL_SECONDS = 0.001


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args()
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    settings = Settings()
    trusted = settings.TRUSTED_PROXIES.strip()
    app = create_app(settings)
    keep_loaded_objects()
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        proxy_headers=bool(trusted),  # X-Forwarded-For believed only from the proxies named
        forwarded_allow_ips=trusted or None,
    )


if __name__ == "__main__":
    main()
