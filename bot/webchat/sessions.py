"""Web chat sessions: what binds a `sender_id` to the browser that started its conversation.

The session token is an HMAC of the sender id under the backend's secret, so it needs no storage and cannot be
made up by someone who only knows the id. The page gets it with every reply (`"session"`) and as an HttpOnly
cookie named after the sender; every later message, file and event stream of a sender whose conversation exists
must present it (the cookie, or the `X-Webchat-Session` header), or is refused with 403 and reaches no one.
"""

import base64
import hashlib
import hmac

from fastapi import HTTPException, Request, Response, status
from sqlalchemy.orm import Session, sessionmaker

from backend.conversations import service as conversation_service
from backend.database import run_in_transaction

HEADER = "X-Webchat-Session"
COOKIE_PATH = "/webchat"
COOKIE_DAYS = 90
REFUSED = "This conversation belongs to another web chat session"


def token_for(secret: str, sender_id: str) -> str:
    """The session token of `sender_id`."""
    digest = hmac.new(secret.encode(), f"webchat:{sender_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def cookie_name(sender_id: str) -> str:
    """One cookie per sender, so that a browser (or a test client) with several conversations keeps each."""
    return "vd_chat_" + hashlib.sha256(sender_id.encode()).hexdigest()[:16]


async def require_session(
    request: Request, sender_id: str, *, may_start: bool, secret: str, sessions: sessionmaker[Session]
) -> str:
    """The sender's token, when the request presents it, or when it starts a new conversation (`may_start`)."""
    expected = token_for(secret, sender_id)
    presented = request.headers.get(HEADER) or request.cookies.get(cookie_name(sender_id)) or ""
    if hmac.compare_digest(presented.encode(), expected.encode()):
        return expected
    if may_start:
        conversation_id = f"webchat:{sender_id}"
        exists = await run_in_transaction(
            sessions,
            lambda db: conversation_service.get_by_conversation_id(db=db, conversation_id=conversation_id) is not None,
        )
        if not exists:
            return expected
    raise HTTPException(status.HTTP_403_FORBIDDEN, REFUSED)


def remember(response: Response, sender_id: str, token: str, *, secure: bool) -> None:
    """Keep the token in the browser: HttpOnly, SameSite, Secure unless on plain-HTTP development."""
    response.set_cookie(
        cookie_name(sender_id),
        token,
        max_age=COOKIE_DAYS * 24 * 3600,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=secure,
    )
