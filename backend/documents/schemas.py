"""Shapes of the document API."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class DocumentPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    caption: str | None
    created_at: datetime
