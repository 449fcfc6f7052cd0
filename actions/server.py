"""The action server, private: rasa-sdk's app on ACTIONS_HOST (127.0.0.1 unless set), refusing every call that does
not carry the ACTION_SERVER_TOKEN Rasa sends (`?token=`, from `action_endpoint.token`), except `/health`.

    python -m actions.server --port 5055      (what the launcher starts)

rasa-sdk itself listens on every address and asks nothing: anyone who reached it could make the back office act
for any conversation with the assistant's token.

It keeps its connections to the back office open between calls (`actions/connections.py`), and what it loaded to
start out of the garbage collector's walks (`backend/memory.py`).
"""

import argparse
import hmac
import logging
import os
import sys

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions import connections
from backend.memory import keep_loaded_objects

OPEN_PATHS = {"/health"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    token = os.environ.get("ACTION_SERVER_TOKEN", "")
    if not token:
        sys.exit("ACTION_SERVER_TOKEN must be set: the action server refuses to run open")
    utils.configure_colored_logging("INFO")
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    app = create_app("actions", cors_origins=[])
    app.register_listener(connections.open_pool, "before_server_start")
    app.register_listener(keep_loaded_objects, "after_server_start")
    app.register_listener(connections.close_pool, "after_server_stop")

    @app.middleware("request")
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        given = (request.args.get("token") or "").encode()
        if not hmac.compare_digest(given, token.encode()):
            return response.json({"error": "A valid token is required"}, status=401)
        return None

    app.run(host=os.environ.get("ACTIONS_HOST", "127.0.0.1"), port=args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
