"""Web chat: the page customers open, and `POST /webchat/messages`."""

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from pydantic import BaseModel, Field, model_validator
from sqlalchemy.orm import Session

from backend.conversations import service as conversation_service
from backend.conversations.messages import Attachment, ButtonPress, InboundMessage, Location
from backend.conversations.models import Author, Message, MessageStatus
from backend.database import run_in_transaction
from backend.documents import service as document_service
from backend.documents.storage import MAX_BYTES, DocumentStorage, RejectedFile
from bot.channels import button_ref
from bot.gateway import WAIT_NOTICE, Answer, Gateway
from bot.inbox import accept, payload_of, record_replies
from bot.webchat.sessions import remember, require_session
from bot.worker import file_problem_reply

STATIC = Path(__file__).parent / "static"
ASSETS = {"webchat.js": "text/javascript", "webchat.css": "text/css"}
STREAM_POLL_SECONDS = 1.0
WEBCHAT_RETRY_SECONDS = 2.0  # a message the assistant could not answer is tried again this soon, then backing off
SAFE_ID = r"^[A-Za-z0-9_.\-]+$"
HISTORY_MESSAGES = 200  # the latest ones, when the page is opened again

router = APIRouter(tags=["webchat"])


class WebchatMessage(BaseModel):
    """A message typed, pressed or shared on the web chat page."""

    sender_id: str = Field(min_length=1, max_length=128, pattern=SAFE_ID)
    message_id: str | None = Field(default=None, max_length=100, pattern=SAFE_ID)
    text: str | None = Field(default=None, max_length=4096, description="what the customer typed: words only")
    pressed: str | None = Field(
        default=None, pattern=r"^b:\d{1,18}:\d{1,3}$", description="the `ref` of the button the customer pressed"
    )
    button_title: str | None = Field(default=None, max_length=200, description="the title of the pressed button")
    location: Location | None = None
    referral_code: str | None = Field(default=None, max_length=20, description="the `ref` of the page's link")

    @model_validator(mode="after")
    def _text_or_location(self) -> "WebchatMessage":
        if self.text is not None:
            self.text = self.text.strip()
        if not self.text and self.location is None and self.pressed is None:
            raise ValueError("send a non-empty text, a pressed button or a location")
        return self


class ShownButton(BaseModel):
    title: str
    ref: str = Field(description="sent back as `pressed` when the customer presses it")


class ShownMessage(BaseModel):
    text: str
    buttons: list[ShownButton]


class WebchatReply(BaseModel):
    messages: list[ShownMessage]
    session: str = Field(description="the conversation's session: sent back as the `X-Webchat-Session` header")


def get_gateway(request: Request) -> Gateway:
    return request.app.state.gateway


GatewayDep = Annotated[Gateway, Depends(get_gateway)]


@router.get("/", include_in_schema=False)
def chat_page() -> FileResponse:
    """The web chat page."""
    return FileResponse(STATIC / "index.html", media_type="text/html")


@router.get("/webchat/stream", include_in_schema=False)
async def stream(
    request: Request,
    sender_id: Annotated[str, Query(min_length=1, max_length=128, pattern=SAFE_ID)],
) -> StreamingResponse:
    """Server-sent events with what reaches the customer outside an answer: an executive's messages, or the
    assistant's when it takes the conversation back. Only for the session's own browser."""
    await require_session(request, sender_id, may_start=False)
    sessions = request.app.state.session_factory
    conversation_id = f"webchat:{sender_id}"

    def take_pending(db: Session) -> list[dict]:
        messages = conversation_service.take_pending_for(db=db, conversation_id=conversation_id)
        return [{"author": m.author, **shown(m.content, m.id)} for m in messages]

    async def events() -> AsyncIterator[str]:
        yield "retry: 2000\n\n"
        for tick in itertools.count():
            if await request.is_disconnected():
                return
            for payload in await run_in_transaction(sessions, take_pending):
                yield f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"
            if tick % 15 == 14:
                yield ": keep-alive\n\n"
            await asyncio.sleep(STREAM_POLL_SECONDS)

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


@router.get("/webchat/history", include_in_schema=False)
async def history(
    request: Request,
    sender_id: Annotated[str, Query(min_length=1, max_length=128, pattern=SAFE_ID)],
) -> dict:
    """The conversation so far, for the session's own browser when the page is opened again: what the customer
    sent and what they were told (replies still on their way come on the event stream). Only the latest message
    keeps its buttons: the customer answered the others."""
    await require_session(request, sender_id, may_start=False)
    conversation_id = f"webchat:{sender_id}"

    def told(db: Session) -> list[dict]:
        messages = conversation_service.history_of(db=db, conversation_id=conversation_id, limit=HISTORY_MESSAGES)
        shown_messages = []
        for index, message in enumerate(messages):
            if message.author == Author.CUSTOMER:
                shown_messages.append({"author": "customer", "text": message.text, "buttons": []})
                continue
            entry = {"author": message.author, **shown(message.content, message.id)}
            if index != len(messages) - 1:
                entry["buttons"] = []
            shown_messages.append(entry)
        return shown_messages

    return {"messages": await run_in_transaction(request.app.state.read_session_factory, told)}


@router.get("/webchat/{asset}", include_in_schema=False)
def chat_asset(asset: str) -> FileResponse:
    """The page's script and style sheet."""
    if asset not in ASSETS:
        raise HTTPException(404, "Not Found")
    return FileResponse(STATIC / asset, media_type=ASSETS[asset])


@router.post("/webchat/messages", response_model=WebchatReply)
async def post_message(message: WebchatMessage, request: Request, gateway: GatewayDep) -> JSONResponse:
    """Send the customer's message to the assistant and return its replies (the same ones if sent again)."""
    session = await require_session(request, message.sender_id, may_start=True)
    if (refused := request.app.state.webchat_limits.refusal(request, message.sender_id)) is not None:
        return refused
    inbound = InboundMessage(
        channel="webchat",
        user_id=message.sender_id,
        message_id=delivery_id(message.sender_id, message.message_id),
        text=typed(message.text),
        location=message.location,
        pressed=ButtonPress(ref=message.pressed, title=message.button_title or "") if message.pressed else None,
        referral_code=message.referral_code,
    )
    return in_session(*await answer(inbound, request, gateway), request, message.sender_id, session)


@router.post("/webchat/files", response_model=WebchatReply, max_body_size=MAX_BYTES + 64 * 1024)
async def post_file(
    request: Request,
    gateway: GatewayDep,
    file: UploadFile,
    sender_id: Annotated[str, Form(min_length=1, max_length=128, pattern=SAFE_ID)],
    message_id: Annotated[str | None, Form(max_length=100, pattern=SAFE_ID)] = None,
    caption: Annotated[str | None, Form(max_length=1024)] = None,
) -> JSONResponse:
    """A photo or PDF the customer uploads (an ID, a payment receipt): stored, then told to the assistant."""
    session = await require_session(request, sender_id, may_start=True)
    if (refused := request.app.state.webchat_limits.refusal(request, sender_id)) is not None:
        return refused
    data = await file.read(MAX_BYTES + 1)
    inbound = InboundMessage(
        channel="webchat",
        user_id=sender_id,
        message_id=delivery_id(sender_id, message_id),
        attachment=Attachment(
            media_id="upload", mime_type=file.content_type, filename=file.filename, caption=caption or None
        ),
    )
    storage = DocumentStorage(Path(request.app.state.settings.DOCUMENTS_DIR))

    def keep(db: Session, row: Message) -> str | None:
        try:
            document = document_service.store(
                db=db,
                storage=storage,
                conversation_pk=row.conversation_pk,
                data=data,
                filename=file.filename,
                caption=caption,
            )
        except RejectedFile as rejection:
            return str(rejection)
        row.document_id = document.id
        return None

    return in_session(*await answer(inbound, request, gateway, keep=keep), request, sender_id, session)


async def answer(
    inbound: InboundMessage,
    request: Request,
    gateway: Gateway,
    keep: Callable[[Session, Message], str | None] | None = None,
) -> tuple[list[dict], int]:
    """Store the message once, let the assistant answer it, store and return the replies (and the status code).

    `keep` stores what came with the message; the reason it could not be kept is answered instead. When the
    assistant cannot answer now, the message waits (202, with a notice): the worker answers it once the assistant
    is back and the answer arrives on the event stream. A message sent while an earlier one waits queues behind it.
    """
    sessions = request.app.state.session_factory

    def store(db: Session) -> tuple[int | None, bool, str | None, list[dict] | None]:
        if inbound.pressed is not None:  # what the button offered to this customer stands for, or its title
            inbound.text = payload_of(db, inbound)
        conversation = conversation_service.get_by_conversation_id(db=db, conversation_id=inbound.conversation_id)
        queued = (  # an executive reads every message at once; the assistant answers them in order
            conversation is not None
            and not conversation.is_taken_over
            and conversation_service.has_waiting(db=db, conversation_pk=conversation.id)
        )
        row = accept(db=db, message=inbound, status=MessageStatus.RECEIVED if queued else MessageStatus.PROCESSING)
        if row is None:
            return None, False, None, earlier_replies(db, inbound)
        problem = keep(db, row) if keep is not None else None
        return row.id, row.conversation.is_taken_over, problem, ([] if queued else None)

    row_id, taken_over, problem, known = await run_in_transaction(sessions, store)
    if row_id is None:  # sent before: the same replies
        return known or [], 200
    if known is not None:  # queued behind a message that waits: answered on the event stream, in order
        request.app.state.outbox.wake()
        return [], 202
    if problem is not None:
        answer = Answer([file_problem_reply(problem)])
    else:
        answer = await gateway.handle(inbound, taken_over=taken_over)
    if not answer.answered:
        await run_in_transaction(sessions, lambda db: wait_for_the_assistant(db, row_id, answer.problem))
        request.app.state.outbox.wake()
        return [shown(WAIT_NOTICE.model_dump(mode="json"))], 202

    def record(db: Session) -> list[dict]:
        rows = record_replies(db=db, inbound_id=row_id, answer=answer, status=MessageStatus.SENT)
        return [shown(row.content, row.id) for row in rows]

    return await run_in_transaction(sessions, record), 200


def delivery_id(sender_id: str, message_id: str | None) -> str | None:
    """The page's message id, within its sender: one customer's ids never match another's."""
    return f"{sender_id}/{message_id}" if message_id else None


def typed(text: str | None) -> str | None:
    """What the customer typed is words, never a command to the assistant (`/intent{…}` is how Rasa reads one)."""
    return text.strip().lstrip("/").strip() if text is not None else None


def shown(content: dict, message_id: int | None = None) -> dict:
    """What the page gets of a stored message: its text, and its buttons by title and reference (what a button
    stands for stays on the server, so a customer can only press what was offered)."""
    buttons = content.get("buttons") or []
    assert message_id is not None or not buttons
    file = content.get("file")
    return {
        "text": content.get("text") or "",
        "buttons": [{"title": b["title"], "ref": f"{button_ref(message_id or 0)}:{i}"} for i, b in enumerate(buttons)],
        **({"sender": content["sender"]} if content.get("sender") else {}),
        **({"file": {k: file[k] for k in ("url", "filename", "mime_type")}} if file else {}),
    }


def in_session(messages: list[dict], status_code: int, request: Request, sender_id: str, session: str) -> JSONResponse:
    """The replies with the conversation's session, in the body and as the browser's cookie."""
    response = JSONResponse({"messages": messages, "session": session}, status_code=status_code)
    remember(response, request, sender_id, session)
    return response


def wait_for_the_assistant(db: Session, row_id: int, problem: str) -> None:
    """The message waits for the worker, which tries again shortly; the notice the customer got is kept."""
    row = db.get_one(Message, row_id)
    conversation_service.postpone(db=db, message=row, error=problem, delay=timedelta(seconds=WEBCHAT_RETRY_SECONDS))
    conversation_service.record_outbound(
        db=db,
        conversation=row.conversation,
        text=WAIT_NOTICE.text,
        content=WAIT_NOTICE.model_dump(mode="json"),
        reply_to=row,
        status=MessageStatus.SENT,
    )


def earlier_replies(db: Session, inbound: InboundMessage) -> list[dict]:
    """What was answered to a message sent before with the same id."""
    assert inbound.message_id is not None
    earlier = conversation_service.find_by_external_id(db=db, channel="webchat", external_id=inbound.message_id)
    replies = conversation_service.replies_to(db=db, message=earlier) if earlier else []
    return [shown(reply.content, reply.id) for reply in replies]
