"""Shapes of the conversation API."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from backend.conversations.models import Author, Direction, MessageStatus


class ConversationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    conversation_id: str
    channel: str
    display_name: str | None
    phone: str | None
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
