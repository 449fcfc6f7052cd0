"""Web chat: the page customers open, and `POST /webchat/messages`."""

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field, model_validator

from bot.gateway import Gateway
from bot.messages import InboundMessage, Location, OutboundMessage

STATIC = Path(__file__).parent / "static"
ASSETS = {"webchat.js": "text/javascript", "webchat.css": "text/css"}

router = APIRouter(tags=["webchat"])


class WebchatMessage(BaseModel):
    """A message typed, pressed or shared on the web chat page."""

    sender_id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.\-]+$")
    text: str | None = Field(default=None, max_length=4096)
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


@router.get("/webchat/{asset}", include_in_schema=False)
def chat_asset(asset: str) -> FileResponse:
    """The page's script and style sheet."""
    if asset not in ASSETS:
        raise HTTPException(404, "Not Found")
    return FileResponse(STATIC / asset, media_type=ASSETS[asset])


@router.post("/webchat/messages", response_model=WebchatReply)
async def post_message(message: WebchatMessage, gateway: GatewayDep) -> JSONResponse:
    """Send the customer's message to the assistant and return its replies."""
    inbound = InboundMessage(
        channel="webchat", user_id=message.sender_id, text=message.text, location=message.location
    )
    replies, answered = await gateway.handle(inbound)
    body = WebchatReply(messages=replies).model_dump()
    return JSONResponse(body, status_code=200 if answered else 503)
