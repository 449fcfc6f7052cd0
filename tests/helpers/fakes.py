"""Local stand-ins for Meta's Graph API and Telegram's Bot API: real HTTP servers on loopback that
record what the product sends, serve media, and can be told to fail."""

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

ACCESS_TOKEN = "test-graph-token"
PHONE_NUMBER_ID = "106540352242922"
BOT_TOKEN = "123456:TEST-bot-token"
SPEECH_TOKEN = "test-speech-token"


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str = "application/json"


def json_reply(status: int, body: Any) -> Reply:
    return Reply(status, json.dumps(body).encode())


class FakeServer:
    """A threaded HTTP server whose requests are answered by `route(method, path, body, headers)`."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: list[dict[str, Any]] = []  # what was accepted, in order
        self.refused: list[dict[str, Any]] = []  # what was answered with an injected failure
        self.failures: list[Reply] = []
        self.media: dict[str, tuple[bytes, str]] = {}
        self.ids = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._answer("GET")

            def do_POST(self) -> None:
                self._answer("POST")

            def _answer(self, method: str) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                reply = fake.route(method, unquote(urlsplit(self.path).path), raw, dict(self.headers))
                self.send_response(reply.status)
                self.send_header("content-type", reply.content_type)
                self.send_header("content-length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @contextmanager
    def running(self) -> Iterator["FakeServer"]:
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()

    def fail_next_sends(self, *replies: Reply) -> None:
        """Answer the next sends with these failures, in order."""
        with self.lock:
            self.failures.extend(replies)

    def add_media(self, media_id: str, data: bytes, mime_type: str) -> None:
        self.media[media_id] = (data, mime_type)

    def route(self, method: str, path: str, raw: bytes, headers: dict[str, str]) -> Reply:
        raise NotImplementedError

    def _accept_send(self, record: dict[str, Any], success: Callable[[], Reply]) -> Reply:
        with self.lock:
            if self.failures:
                self.refused.append(record)
                return self.failures.pop(0)
            self.sent.append(record)
            return success()

    def wait_for(self, predicate: Callable[[list[dict[str, Any]]], bool], timeout: float = 90) -> list[dict[str, Any]]:
        """Wait until `predicate(sent)` holds; the sent records."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                sent = list(self.sent)
            if predicate(sent):
                return sent
            time.sleep(0.1)
        raise AssertionError(f"Timed out; sent so far: {self.sent[-5:]}")


class FakeGraphApi(FakeServer):
    """`POST /{version}/{phone-number-id}/messages`, `GET /{version}/{media-id}` and the media download URL."""

    version = "v21.0"

    @property
    def graph_url(self) -> str:
        return f"{self.url}/{self.version}"

    def route(self, method: str, path: str, raw: bytes, headers: dict[str, str]) -> Reply:
        if headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
            return json_reply(
                401, {"error": {"message": "Invalid OAuth access token", "type": "OAuthException", "code": 190}}
            )
        parts = path.strip("/").split("/")
        if method == "POST" and parts == [self.version, PHONE_NUMBER_ID, "messages"]:
            body = json.loads(raw)
            wamid = f"wamid.TEST{next(self.ids):08d}"
            record = {"id": wamid, **body}
            return self._accept_send(
                record,
                lambda: json_reply(
                    200,
                    {
                        "messaging_product": "whatsapp",
                        "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                        "messages": [{"id": wamid}],
                    },
                ),
            )
        if method == "GET" and len(parts) == 2 and parts[0] == self.version and parts[1] in self.media:
            data, mime_type = self.media[parts[1]]
            return json_reply(
                200,
                {
                    "messaging_product": "whatsapp",
                    "url": f"{self.url}/media-download/{parts[1]}",
                    "mime_type": mime_type,
                    "sha256": "unused",
                    "file_size": len(data),
                    "id": parts[1],
                },
            )
        if method == "GET" and len(parts) == 2 and parts[0] == "media-download" and parts[1] in self.media:
            data, mime_type = self.media[parts[1]]
            return Reply(200, data, mime_type)
        return json_reply(404, {"error": {"message": "Unsupported request", "code": 100}})

    def sent_to(self, wa_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return [record for record in self.sent if record["to"] == wa_id]


class FakeBotApi(FakeServer):
    """The Bot API methods the product calls, under `/bot<token>/` and `/file/bot<token>/`."""

    def __init__(self) -> None:
        super().__init__()
        self.updates: list[dict[str, Any]] = []

    def queue_update(self, update: dict[str, Any]) -> None:
        """An update for `getUpdates` to hand out (until confirmed by a higher offset)."""
        with self.lock:
            self.updates.append(update)

    def route(self, method: str, path: str, raw: bytes, headers: dict[str, str]) -> Reply:
        prefix, file_prefix = f"/bot{BOT_TOKEN}/", f"/file/bot{BOT_TOKEN}/"
        if path.startswith(file_prefix):
            file_path = path[len(file_prefix) :]
            for file_id, (data, mime_type) in self.media.items():
                if file_path == f"files/{file_id}":
                    return Reply(200, data, mime_type)
            return json_reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        if not path.startswith(prefix):
            return json_reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        name, params = path[len(prefix) :], read_params(raw, headers)
        if name == "getMe":
            return ok({"id": 123456, "is_bot": True, "first_name": "Venta Digital", "username": "venta_test_bot"})
        if name in ("answerCallbackQuery", "setWebhook", "deleteWebhook"):
            return ok(True)
        if name == "getFile" and params.get("file_id") in self.media:
            file_id = params["file_id"]
            return ok(
                {
                    "file_id": file_id,
                    "file_unique_id": f"u{file_id}",
                    "file_size": len(self.media[file_id][0]),
                    "file_path": f"files/{file_id}",
                }
            )
        if name == "getUpdates":
            with self.lock:
                offset = int(params.get("offset") or 0)
                self.updates = [update for update in self.updates if update["update_id"] >= offset]
                pending = list(self.updates)
            if not pending:
                time.sleep(0.2)  # a short long-poll
            return ok(pending)
        if name == "sendMessage":
            message_id = next(self.ids)
            record = {"message_id": message_id, **params}
            return self._accept_send(
                record,
                lambda: ok(
                    {
                        "message_id": message_id,
                        "date": int(time.time()),
                        "chat": {"id": int(params["chat_id"]), "type": "private"},
                        "text": params["text"],
                        **({"reply_markup": params["reply_markup"]} if "reply_markup" in params else {}),
                    }
                ),
            )
        if name in ("sendPhoto", "sendDocument"):  # staff files, which Telegram fetches from their link
            message_id = next(self.ids)
            record = {"message_id": message_id, "method": name, **params}
            chat = {"id": int(params["chat_id"]), "type": "private"}
            return self._accept_send(
                record,
                lambda: ok(
                    {"message_id": message_id, "date": int(time.time()), "chat": chat, "caption": params.get("caption")}
                ),
            )
        return json_reply(400, {"ok": False, "error_code": 400, "description": f"Bad Request: unknown method {name}"})

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        with self.lock:
            return [record for record in self.sent if int(record["chat_id"]) == chat_id]


def ok(result: Any) -> Reply:
    return json_reply(200, {"ok": True, "result": result})


def read_params(raw: bytes, headers: dict[str, str]) -> dict[str, Any]:
    """Bot API parameters, sent as JSON or as a form whose values are JSON-encoded."""
    if not raw:
        return {}
    if "json" in headers.get("Content-Type", headers.get("content-type", "")):
        return json.loads(raw)
    params = {}
    for key, values in parse_qs(raw.decode()).items():
        if key == "text":  # strings are sent as they are
            params[key] = values[0]
            continue
        try:
            params[key] = json.loads(values[0])
        except ValueError:
            params[key] = values[0]
    return params


class FakeSpeechToText(FakeServer):
    """The operator's speech-to-text service, played on loopback: it hears the voice notes it was told about
    (by their bytes) and nothing else."""

    def __init__(self) -> None:
        super().__init__()
        self.sayings: dict[bytes, str] = {}

    def will_hear(self, audio: bytes, text: str) -> None:
        self.sayings[audio] = text

    def route(self, method: str, path: str, raw: bytes, headers: dict[str, str]) -> Reply:
        if method != "POST" or headers.get("Authorization") != f"Bearer {SPEECH_TOKEN}":
            return json_reply(401, {"detail": "not allowed"})
        with self.lock:
            self.sent.append({"content_type": headers.get("Content-Type"), "size": len(raw)})
        return json_reply(200, {"text": self.sayings.get(raw, "")})
