"""Web chat: the page customers open, and `POST /webchat/messages`."""

import asyncio
import itertools
import json
import uuid
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from pydantic import BaseModel, Field, model_validator
from sqlalchemy.orm import Session

from backend.config import Settings
from backend.conversations import queue as message_queue
from backend.conversations import service as conversation_service
from backend.conversations.messages import Attachment, ButtonPress, InboundMessage, Location
from backend.conversations.models import Author
from backend.database import run_in_transaction
from backend.deps import ReadSessions, Sessions, SettingsDep
from backend.documents.storage import MAX_BYTES
from bot.deps import RuntimeDep, WebchatLimitsDep
from bot.notices import WAIT_NOTICE
from bot.runtime import ChannelRuntime
from bot.webchat.answers import (
    LOOK_SECONDS,
    LOOK_SECONDS_WITH_OWN_WORKER,
    Replies,
    awaited_since,
    settled,
    shown,
    take_answer,
    wait_for,
)
from bot.webchat.channel import WebchatChannel
from bot.webchat.sessions import remember, require_session

STATIC = Path(__file__).parent / "static"
ASSETS = {"webchat.js": "text/javascript", "webchat.css": "text/css"}
STREAM_POLL_SECONDS = 1.0
SAFE_ID = r"^[A-Za-z0-9_.\-]+$"
HISTORY_MESSAGES = 200  # the latest ones, when the page is opened again

router = APIRouter(tags=["webchat"])


class WebchatMessage(BaseModel):
    """A message typed, pressed or shared on the web chat page."""

    sender_id: str = Field(min_length=1, max_length=128, pattern=SAFE_ID)
    message_id: str | None = Field(default=None, max_length=100, pattern=SAFE_ID)
    text: str | None = Field(default=None, max_length=4096, description="what the customer typed: read as words")
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


@router.get("/", include_in_schema=False)
def chat_page() -> FileResponse:
    """The web chat page."""
    return FileResponse(STATIC / "index.html", media_type="text/html")


@router.get("/webchat/stream", include_in_schema=False)
async def stream(
    request: Request,
    sessions: Sessions,
    settings: SettingsDep,
    sender_id: Annotated[str, Query(min_length=1, max_length=128, pattern=SAFE_ID)],
) -> StreamingResponse:
    """Server-sent events with what reaches the customer outside an answer: an executive's messages, the
    assistant's when it takes the conversation back, or an answer its request stopped waiting for. Only for the
    session's own browser."""
    await require_session(request, sender_id, may_start=False, secret=settings.SECRET_KEY, sessions=sessions)
    conversation_id = f"webchat:{sender_id}"

    def take_pending(db: Session) -> list[dict]:
        awaited = awaited_since(settings.WEBCHAT_ANSWER_WAIT_SECONDS)
        messages = message_queue.take_pending_for(db=db, conversation_id=conversation_id, unless_awaited_since=awaited)
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
    sessions: ReadSessions,
    settings: SettingsDep,
    sender_id: Annotated[str, Query(min_length=1, max_length=128, pattern=SAFE_ID)],
) -> dict:
    """The conversation so far, for the session's own browser when the page is opened again: what the customer
    sent and what they were told (replies still on their way come on the event stream). Only the latest message
    keeps its buttons: the customer answered the others."""
    await require_session(request, sender_id, may_start=False, secret=settings.SECRET_KEY, sessions=sessions)
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

    return {"messages": await run_in_transaction(sessions, told)}


@router.get("/webchat/{asset}", include_in_schema=False)
def chat_asset(asset: str) -> FileResponse:
    """The page's script and style sheet."""
    if asset not in ASSETS:
        raise HTTPException(404, "Not Found")
    return FileResponse(STATIC / asset, media_type=ASSETS[asset])


@router.post("/webchat/messages", response_model=WebchatReply)
async def post_message(
    message: WebchatMessage,
    request: Request,
    runtime: RuntimeDep,
    limits: WebchatLimitsDep,
    sessions: Sessions,
    read_sessions: ReadSessions,
    settings: SettingsDep,
) -> JSONResponse:
    """Send the customer's message to the assistant and return its replies (the same ones if sent again)."""
    session = await require_session(
        request, message.sender_id, may_start=True, secret=settings.SECRET_KEY, sessions=read_sessions
    )
    if (refused := limits.refusal(request, message.sender_id)) is not None:
        return refused
    inbound = InboundMessage(
        channel="webchat",
        user_id=message.sender_id,
        message_id=delivery_id(message.sender_id, message.message_id),
        text=message.text,
        location=message.location,
        pressed=ButtonPress(ref=message.pressed, title=message.button_title or "") if message.pressed else None,
        referral_code=message.referral_code,
    )
    answer = await kept_and_answered(
        inbound,
        runtime,
        sessions,
        read_sessions,
        settings.WEBCHAT_ANSWER_WAIT_SECONDS,
        given_id=bool(message.message_id),
    )
    return in_session(*answer, settings, message.sender_id, session)


@router.post("/webchat/files", response_model=WebchatReply, max_body_size=MAX_BYTES + 64 * 1024)
async def post_file(
    request: Request,
    runtime: RuntimeDep,
    limits: WebchatLimitsDep,
    sessions: Sessions,
    read_sessions: ReadSessions,
    settings: SettingsDep,
    file: UploadFile,
    sender_id: Annotated[str, Form(min_length=1, max_length=128, pattern=SAFE_ID)],
    message_id: Annotated[str | None, Form(max_length=100, pattern=SAFE_ID)] = None,
    caption: Annotated[str | None, Form(max_length=1024)] = None,
) -> JSONResponse:
    """A photo or PDF the customer uploads (an ID, a payment receipt): kept by the worker, then told to the
    assistant."""
    session = await require_session(
        request, sender_id, may_start=True, secret=settings.SECRET_KEY, sessions=read_sessions
    )
    if (refused := limits.refusal(request, sender_id)) is not None:
        return refused
    data = await file.read(MAX_BYTES + 1)
    channel = runtime.channels["webchat"]
    assert isinstance(channel, WebchatChannel)
    inbound = InboundMessage(
        channel="webchat",
        user_id=sender_id,
        message_id=delivery_id(sender_id, message_id),
        attachment=Attachment(
            media_id=await asyncio.to_thread(channel.receive_upload, data),
            mime_type=file.content_type,
            filename=file.filename,
            caption=caption or None,
        ),
    )
    answer = await kept_and_answered(
        inbound, runtime, sessions, read_sessions, settings.WEBCHAT_ANSWER_WAIT_SECONDS, given_id=bool(message_id)
    )
    return in_session(*answer, settings, sender_id, session)


async def kept_and_answered(
    inbound: InboundMessage,
    runtime: ChannelRuntime,
    sessions: Sessions,
    read_sessions: ReadSessions,
    wait: float,
    *,
    given_id: bool,
) -> tuple[list[dict], int]:
    """Keep the message as every channel's are, wait for the worker's answer and return it (200).

    When the assistant cannot answer now, or the answer takes longer than `wait` seconds, the request answers
    202 with a notice and the answer arrives on the event stream; so does the answer to a message that queues
    behind one waiting for the assistant. A message sent again (the same `message_id`) gets the same replies.
    """
    delivery_id = inbound.message_id
    assert delivery_id is not None
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    own_worker = runtime.wakeup.bound  # it tells this process's requests when it settled their message
    look_every = LOOK_SECONDS_WITH_OWN_WORKER if own_worker else LOOK_SECONDS

    async def taken(again: bool) -> tuple[Replies, bool] | None:
        if (
            not own_worker
            and await run_in_transaction(read_sessions, partial(settled, delivery_id=delivery_id)) is None
        ):
            return None  # another process's worker has not settled it: looked at without taking the write lock
        return await run_in_transaction(sessions, partial(take_answer, delivery_id=delivery_id, again=again))

    with runtime.answer_waits.watch(delivery_id) as waiting:
        again = given_id and await run_in_transaction(read_sessions, partial(known, delivery_id=delivery_id))
        if not again:
            await runtime.intake.keep("webchat", [inbound])
            await wait_for(waiting.told, min(wait, look_every))
        while (answer := await waiting.answer(lambda everything: taken(again or everything))) is None:
            left = deadline - loop.time()
            if left <= 0 and waiting.promised is None:
                return [shown(WAIT_NOTICE.model_dump(mode="json"))], 202
            await wait_for(waiting.told, min(left, look_every))
    replies, whole = answer
    return [shown(content, reply_id) for reply_id, content in replies], 200 if whole else 202


def known(db: Session, *, delivery_id: str) -> bool:
    """Whether the message was received before (a request sent again)."""
    return conversation_service.find_by_external_id(db=db, channel="webchat", external_id=delivery_id) is not None


def delivery_id(sender_id: str, message_id: str | None) -> str:
    """The page's message id, within its sender: one customer's ids never match another's (one is made up for
    a message sent without)."""
    return f"{sender_id}/{message_id or 'm-' + uuid.uuid4().hex}"


def in_session(
    messages: list[dict], status_code: int, settings: Settings, sender_id: str, session: str
) -> JSONResponse:
    """The replies with the conversation's session, in the body and as the browser's cookie."""
    response = JSONResponse({"messages": messages, "session": session}, status_code=status_code)
    remember(response, sender_id, session, secure=settings.ENVIRONMENT == "production")
    return response
