"""Record a conversation's tracker as Rasa keeps it, for the action tests (`recorded/<name>.json`).

    .venv/bin/python -m tests.actions.trackers.record NAME SENDER_ID [--rasa http://127.0.0.1:5005]

Play the conversation first (on the web chat of `make run`, say); the token is read from var/secrets.env.
"""

import argparse
import json
from pathlib import Path

import httpx
from launcher.secrets import local_secrets

RECORDED = Path(__file__).parent / "recorded"
KEPT = ("sender_id", "slots", "latest_message", "events", "paused", "followup_action", "active_loop",
        "latest_action_name")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name")
    parser.add_argument("sender_id")
    parser.add_argument("--rasa", default="http://127.0.0.1:5005")
    args = parser.parse_args()
    token = local_secrets()["RASA_TOKEN"]
    response = httpx.get(f"{args.rasa}/conversations/{args.sender_id}/tracker", params={"token": token}, timeout=30)
    response.raise_for_status()
    state = {key: value for key, value in response.json().items() if key in KEPT}
    state["sender_id"] = f"recorded-{args.name}"
    RECORDED.mkdir(exist_ok=True)
    (RECORDED / f"{args.name}.json").write_text(json.dumps(state, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
