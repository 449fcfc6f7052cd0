"""Web chat: the page customers open, and `POST /webchat/messages`."""

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from pydantic import BaseModel, Field, model_validator
from sqlalchemy.orm import Session

from backend.conversations import service as conversation_service
from backend.conversations.models import MessageStatus
from backend.database import transaction
from bot.gateway import Gateway
from bot.inbox import accept, record_replies
from bot.messages import ButtonPress, InboundMessage, Location, OutboundMessage

STATIC = Path(__file__).parent / "static"
ASSETS = {"webchat.js": "text/javascript", "webchat.css": "text/css"}
STREAM_POLL_SECONDS = 1.0

router = APIRouter(tags=["webchat"])


class WebchatMessage(BaseModel):
    """A message typed, pressed or shared on the web chat page."""

    sender_id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.\-]+$")
    message_id: str | None = Field(default=None, max_length=100, pattern=r"^[A-Za-z0-9_.\-]+$")
    text: str | None = Field(default=None, max_length=4096)
    button_title: str | None = Field(default=None, max_length=200, description="the title of the pressed button")
    location: Location | None = None

    @model_validator(mode="after")
    def _text_or_location(self) -> "WebchatMessage":
        if self.text is not None:
            self.text = self.text.strip()
        if not self.text and self.location is None:
            raise ValueError("send a non-empty text or a location")
        return self


class WebchatReply(BaseModel):
    messages: list[OutboundMessage]


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
    sender_id: Annotated[str, Query(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.\-]+$")],
) -> StreamingResponse:
    """Server-sent events with what reaches the customer outside an answer: an executive's messages, or the
    assistant's when it takes the conversation back."""
    sessions = request.app.state.session_factory
    conversation_id = f"webchat:{sender_id}"

    async def events() -> AsyncIterator[str]:
        yield "retry: 2000\n\n"
        for tick in itertools.count():
            if await request.is_disconnected():
                return
            with transaction(sessions) as db:
                messages = conversation_service.take_pending_for(db=db, conversation_id=conversation_id)
                payloads = [{"author": m.author, **m.content} for m in messages]
            for payload in payloads:
                yield f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"
            if tick % 15 == 14:
                yield ": keep-alive\n\n"
            await asyncio.sleep(STREAM_POLL_SECONDS)

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


@router.get("/webchat/{asset}", include_in_schema=False)
def chat_asset(asset: str) -> FileResponse:
    """The page's script and style sheet."""
    if asset not in ASSETS:
        raise HTTPException(404, "Not Found")
    return FileResponse(STATIC / asset, media_type=ASSETS[asset])


@router.post("/webchat/messages", response_model=WebchatReply)
async def post_message(message: WebchatMessage, request: Request, gateway: GatewayDep) -> JSONResponse:
    """Send the customer's message to the assistant and return its replies (the same ones if sent again)."""
    inbound = InboundMessage(
        channel="webchat",
        user_id=message.sender_id,
        message_id=message.message_id,
        text=message.text,
        location=message.location,
        pressed=ButtonPress(ref=message.text or "", title=message.button_title) if message.button_title else None,
    )
    sessions = request.app.state.session_factory
    with transaction(sessions) as db:
        row = accept(db=db, message=inbound, status=MessageStatus.PROCESSING)
        if row is None:
            return JSONResponse(WebchatReply(messages=earlier_replies(db, inbound)).model_dump())
        row_id = row.id
    replies, answered = await gateway.handle(inbound)
    with transaction(sessions) as db:
        record_replies(db=db, inbound_id=row_id, replies=replies, answered=answered, status=MessageStatus.SENT)
    body = WebchatReply(messages=replies).model_dump()
    return JSONResponse(body, status_code=200 if answered else 503)


def earlier_replies(db: Session, inbound: InboundMessage) -> list[OutboundMessage]:
    """What was answered to a message sent before with the same id."""
    assert inbound.message_id is not None
    earlier = conversation_service.find_by_external_id(db=db, channel="webchat", external_id=inbound.message_id)
    replies = conversation_service.replies_to(db=db, message=earlier) if earlier else []
    return [OutboundMessage.model_validate(reply.content) for reply in replies]
