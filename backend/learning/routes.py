"""Learning from conversations: staff mark misread messages, supervisors review them and start a retraining."""

import asyncio
from datetime import datetime

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict

from backend.assistant.rasa import RasaUnavailable
from backend.database import run_in_transaction
from backend.deps import AssistantDep, Executive, SessionDep, SessionRoute, Sessions, Supervisor
from backend.learning import service
from backend.learning.models import Misreading, Retraining

router = APIRouter(route_class=SessionRoute, prefix="/learning", tags=["learning"])
SUGGESTIONS_AT_ONCE = 4


class MisreadingPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    message_id: int
    conversation_id: str
    text: str
    reported_by_id: int | None
    suggested_intent: str | None
    suggested_confidence: float | None
    status: str
    intent: str | None
    created_at: datetime


class Review(BaseModel):
    intent: str | None  # None dismisses the message


class RetrainingPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    status: str
    examples: int
    baseline_f1: float | None
    candidate_f1: float | None
    model_file: str | None
    detail: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


async def suggest_intents(assistant: AssistantDep, sessions: Sessions) -> None:
    """Ask the assistant what it reads each pending message as now (once per message)."""
    waiting = await run_in_transaction(sessions, lambda db: service.unsuggested(db=db))
    if not waiting:
        return
    gate = asyncio.Semaphore(SUGGESTIONS_AT_ONCE)

    async def read(text: str) -> tuple[str, float] | None:
        async with gate:
            try:
                return await assistant.parse(text)
            except RasaUnavailable:
                return None

    readings = await asyncio.gather(*(read(text) for _, text in waiting))
    found = {pk: reading for (pk, _), reading in zip(waiting, readings, strict=True) if reading and reading[0]}
    await run_in_transaction(sessions, lambda db: service.suggest(db=db, suggestions=found))


@router.get("/intents")
def intents(_user: Supervisor) -> list[str]:
    """What a misread message can be confirmed as."""
    return list(service.INTENTS)


@router.get("/misreadings")
async def pending(assistant: AssistantDep, sessions: Sessions, _user: Supervisor) -> list[MisreadingPublic]:
    """Messages waiting for review, oldest first, each with the intent the assistant reads it as now."""
    await suggest_intents(assistant, sessions)
    rows = await run_in_transaction(sessions, lambda db: service.pending(db=db))
    return [MisreadingPublic.model_validate(row) for row in rows]


@router.post("/misreadings/{misreading_id}/review")
def review(misreading_id: int, body: Review, db: SessionDep, user: Supervisor) -> MisreadingPublic:
    misreading = service.review(db=db, misreading_id=misreading_id, intent=body.intent, user=user)
    return MisreadingPublic.model_validate(misreading)


@router.post("/messages/{message_id}/misread", status_code=status.HTTP_201_CREATED)
def mark(message_id: int, db: SessionDep, user: Executive) -> MisreadingPublic:
    """Staff mark a customer's message the assistant misread."""
    misreading: Misreading = service.mark(db=db, message_id=message_id, user=user)
    return MisreadingPublic.model_validate(misreading)


@router.get("/retrainings")
def retrainings(db: SessionDep, _user: Supervisor) -> list[RetrainingPublic]:
    return [RetrainingPublic.model_validate(row) for row in service.retrainings(db=db)]


@router.post("/retrainings", status_code=status.HTTP_202_ACCEPTED)
def request_retraining(db: SessionDep, user: Supervisor) -> RetrainingPublic:
    """Queue a retraining with every confirmed example; the background process runs it."""
    retraining: Retraining = service.request_retraining(db=db, user=user)
    return RetrainingPublic.model_validate(retraining)
