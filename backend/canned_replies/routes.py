"""Ready answers over HTTP: read by everyone who answers customers, kept by supervisors."""

from typing import Annotated

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from backend.canned_replies import service
from backend.deps import Executive, SessionDep, SessionRoute, Supervisor

router = APIRouter(route_class=SessionRoute, prefix="/canned-replies", tags=["canned replies"])

Shortcut = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_-]+$")]


class CannedReplyIn(BaseModel):
    shortcut: Shortcut = Field(description="typed after `/` in the composer: lower-case letters, digits, - and _")
    text: str = Field(min_length=1, max_length=4000)


class CannedReplyPublic(CannedReplyIn):
    model_config = ConfigDict(from_attributes=True)

    id: int


@router.get("")
def list_replies(db: SessionDep, _user: Executive) -> list[CannedReplyPublic]:
    """Every ready answer, by shortcut."""
    return [CannedReplyPublic.model_validate(reply) for reply in service.all_replies(db)]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_reply(data: CannedReplyIn, db: SessionDep, user: Supervisor) -> CannedReplyPublic:
    """Add a ready answer (409 when the shortcut is taken)."""
    return CannedReplyPublic.model_validate(service.save(db=db, shortcut=data.shortcut, text=data.text, by=user))


@router.put("/{reply_id}")
def update_reply(reply_id: int, data: CannedReplyIn, db: SessionDep, user: Supervisor) -> CannedReplyPublic:
    """Change a ready answer."""
    reply = service.save(db=db, shortcut=data.shortcut, text=data.text, by=user, reply_id=reply_id)
    return CannedReplyPublic.model_validate(reply)


@router.delete("/{reply_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_reply(reply_id: int, db: SessionDep, user: Supervisor) -> None:
    service.delete(db=db, reply_id=reply_id, by=user)
