"""The channel-neutral message shape shared by web chat, WhatsApp and Telegram."""

from pydantic import BaseModel, Field


class Location(BaseModel):
    """A point the customer shared."""

    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class InboundMessage(BaseModel):
    """What a customer sent on any channel."""

    channel: str
    user_id: str
    text: str | None = None
    location: Location | None = None

    @property
    def conversation_id(self) -> str:
        """One conversation per (channel, user)."""
        return f"{self.channel}:{self.user_id}"


class Button(BaseModel):
    """A quick reply: the title is shown, the payload is sent back when pressed."""

    title: str
    payload: str


class OutboundMessage(BaseModel):
    """What the assistant (or an executive) says back."""

    text: str = ""
    buttons: list[Button] = Field(default_factory=list)
