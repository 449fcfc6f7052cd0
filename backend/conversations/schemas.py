"""Shapes of the conversation API."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from backend.conversations.models import Author, Direction, MessageStatus


class StaffSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    full_name: str


class ConversationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    conversation_id: str
    channel: str
    display_name: str | None
    customer_name: str | None
    phone: str | None
    stage_label: str | None
    is_business: bool
    wants_human: bool
    is_stuck: bool
    is_taken_over: bool
    assigned_to: StaffSummary | None
    taken_over_at: datetime | None
    created_at: datetime
    last_message_at: datetime


class ConversationsPublic(BaseModel):
    data: list[ConversationPublic]
    count: int


class MessagePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    direction: Direction
    author: Author
    text: str
    content: dict[str, Any]
    external_id: str | None
    status: MessageStatus
    attempts: int
    error: str | None
    document_id: int | None
    reply_to_id: int | None
    created_at: datetime


class TranscriptPublic(BaseModel):
    conversation: ConversationPublic
    messages: list[MessagePublic]


class StaffMessage(BaseModel):
    """What an executive writes to the customer."""

    text: str = Field(min_length=1, max_length=4000)


class NoteCreate(BaseModel):
    """A note for the team on a conversation."""

    text: str = Field(min_length=1, max_length=4000)


class NotePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    text: str
    author: StaffSummary
    created_at: datetime


class Reassignment(BaseModel):
    user_id: int
