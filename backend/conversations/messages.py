"""The channel-neutral message shape shared by web chat, WhatsApp and Telegram."""

from enum import StrEnum

from pydantic import BaseModel, Field


class Location(BaseModel):
    """A point the customer shared."""

    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class Attachment(BaseModel):
    """A photo or file the customer sent, still on the channel's servers until downloaded."""

    media_id: str
    mime_type: str | None = None
    filename: str | None = None
    caption: str | None = None


class ButtonPress(BaseModel):
    """A quick reply the customer pressed: the reference the channel sent back, and its title."""

    ref: str
    title: str = ""


class InboundMessage(BaseModel):
    """What a customer sent on any channel."""

    channel: str
    user_id: str
    message_id: str | None = None
    text: str | None = None
    location: Location | None = None
    contact_phone: str | None = None
    attachment: Attachment | None = None
    voice: Attachment | None = Field(default=None, description="a voice note; `text` is what it says, once heard")
    pressed: ButtonPress | None = None
    unsupported: str | None = Field(default=None, description="the channel's name of a type the assistant cannot read")
    phone: str | None = Field(default=None, description="the customer's own number, when the channel tells it")
    profile_name: str | None = None
    ack_token: str | None = Field(default=None, description="what the channel wants acknowledged (a button press)")
    referral_code: str | None = Field(default=None, description="a referral code the channel brought (a link's ref)")

    @property
    def conversation_id(self) -> str:
        """One conversation per (channel, user)."""
        return f"{self.channel}:{self.user_id}"

    def describe(self) -> str:
        """The message as one line of a transcript."""
        if self.pressed is not None:
            return self.pressed.title or self.text or ""
        if self.location is not None:
            return f"📍 Ubicación ({self.location.latitude:.5f}, {self.location.longitude:.5f})"
        if self.contact_phone:
            return f"📇 Contacto: {self.contact_phone}"
        if self.voice is not None:
            return f"🎤 «{self.text}»" if self.text else "🎤 Nota de voz"
        if self.attachment is not None:
            name = self.attachment.filename or self.attachment.mime_type or "archivo"
            return f"📎 {name}" + (f" — {self.attachment.caption}" if self.attachment.caption else "")
        if self.unsupported:
            return f"[{self.unsupported}]"
        return self.text or ""


class Button(BaseModel):
    """A quick reply: the title is shown, the payload is sent back when pressed."""

    title: str
    payload: str


class Notice(StrEnum):
    """What the back office tells a customer unasked. On WhatsApp, once the customer has not written for a day,
    only a template approved for its kind may carry it."""

    VISIT_REMINDER = "visit_reminder"
    VISIT_CHANGED = "visit_changed"
    PAYMENT = "payment"
    LEAD_FOLLOW_UP = "lead_follow_up"
    STAFF_REPLY = "staff_reply"
    COVERAGE_ARRIVED = "coverage_arrived"


class SharedFile(BaseModel):
    """A file staff send to the customer: where the channel fetches it, its name and type."""

    url: str
    filename: str
    mime_type: str

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")


class OutboundMessage(BaseModel):
    """What the assistant (or an executive) says back, or a notice of the back office."""

    text: str = ""
    buttons: list[Button] = Field(default_factory=list)
    notice: Notice | None = None
    sender: str | None = Field(default=None, description="the first name of the member of staff who wrote it")
    file: SharedFile | None = None

    def describe(self) -> str:
        """The message as one line of a transcript."""
        return self.text or (f"📎 {self.file.filename}" if self.file else "")

    def signed(self, *, bold: bool = False) -> str:
        """The text as the customer reads it: a member of staff's message starts with their name."""
        if not self.sender or not self.text:
            return self.text
        name = f"*{self.sender}*" if bold else self.sender
        return f"{name}: {self.text}"
