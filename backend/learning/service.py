"""Misread messages: noted, reviewed by supervisors, and handed to a retraining."""

from pathlib import Path

import yaml
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.auth.models import User
from backend.conversations.models import Author, Message
from backend.database import utcnow
from backend.errors import DomainError, NotFound
from backend.learning.models import Misreading, Retraining, RetrainingStatus, ReviewStatus
from launcher.paths import ROOT

# Intents a misread message can be confirmed as: the assistant's own, from its domain.
INTENTS: tuple[str, ...] = tuple(sorted(yaml.safe_load((ROOT / "domain.yml").read_text())["intents"]))
UNFINISHED = (RetrainingStatus.QUEUED, RetrainingStatus.RUNNING)


def note(*, db: Session, message: Message, reported_by: User | None = None) -> Misreading | None:
    """Keep a customer's message as misread (once per message); None when it is not a customer's text."""
    if message.author != Author.CUSTOMER or not message.text.strip():
        return None
    noted = db.scalar(select(Misreading).where(Misreading.message_id == message.id))
    if noted is None:
        noted = Misreading(
            message_id=message.id,
            conversation_id=message.conversation.conversation_id,
            text=message.text.strip()[:1000],
            reported_by_id=reported_by.id if reported_by else None,
        )
        db.add(noted)
        db.flush()
    elif noted.status == ReviewStatus.DISMISSED and reported_by is not None:
        noted.status, noted.reported_by_id = ReviewStatus.PENDING, reported_by.id
    return noted


def mark(*, db: Session, message_id: int, user: User) -> Misreading:
    """Staff mark a customer's message as misread."""
    message = db.get(Message, message_id)
    noted = note(db=db, message=message, reported_by=user) if message is not None else None
    if noted is None:
        raise NotFound(f"No customer message {message_id}")
    return noted


def pending(*, db: Session, limit: int = 100) -> list[Misreading]:
    """Waiting for review, oldest first."""
    query = select(Misreading).where(Misreading.status == ReviewStatus.PENDING).order_by(Misreading.id)
    return list(db.scalars(query.limit(limit)))


def unsuggested(*, db: Session, limit: int = 100) -> list[tuple[int, str]]:
    """(id, text) of pending messages without the assistant's suggested intent yet."""
    query = select(Misreading.id, Misreading.text).where(
        Misreading.status == ReviewStatus.PENDING, Misreading.suggested_intent.is_(None)
    )
    return [(row.id, row.text) for row in db.execute(query.order_by(Misreading.id).limit(limit))]


def suggest(*, db: Session, suggestions: dict[int, tuple[str, float]]) -> None:
    """Store what the assistant now reads each message as."""
    for misreading_id, (intent, confidence) in suggestions.items():
        db.execute(
            update(Misreading)
            .where(Misreading.id == misreading_id)
            .values(suggested_intent=intent, suggested_confidence=confidence)
        )


def review(*, db: Session, misreading_id: int, intent: str | None, user: User) -> Misreading:
    """Confirm what the customer meant (`intent`), or dismiss the message (`None`)."""
    misreading = db.get(Misreading, misreading_id)
    if misreading is None:
        raise NotFound(f"No misread message {misreading_id}")
    if intent is not None and intent not in INTENTS:
        raise DomainError(f"El asistente no conoce la intención {intent!r}")
    misreading.intent = intent
    misreading.status = ReviewStatus.CONFIRMED if intent else ReviewStatus.DISMISSED
    misreading.reviewed_by_id, misreading.reviewed_at = user.id, utcnow()
    return misreading


def confirmed_examples(*, db: Session) -> list[tuple[str, str]]:
    """(text, intent) of every confirmed message, oldest first."""
    query = select(Misreading.text, Misreading.intent).where(Misreading.status == ReviewStatus.CONFIRMED)
    return [(row.text, row.intent) for row in db.execute(query.order_by(Misreading.id))]


def request_retraining(*, db: Session, user: User) -> Retraining:
    """Queue a retraining with the confirmed examples; one at a time."""
    if db.scalar(select(Retraining.id).where(Retraining.status.in_(UNFINISHED))) is not None:
        raise DomainError("Ya hay un reentrenamiento en curso")
    examples = len(confirmed_examples(db=db))
    if not examples:
        raise DomainError("No hay ejemplos confirmados que aprender")
    retraining = Retraining(requested_by_id=user.id, examples=examples)
    db.add(retraining)
    db.flush()
    return retraining


def retrainings(*, db: Session, limit: int = 20) -> list[Retraining]:
    """Newest first."""
    return list(db.scalars(select(Retraining).order_by(Retraining.id.desc()).limit(limit)))


def claim_retraining(*, db: Session) -> tuple[int, list[tuple[str, str]]] | None:
    """Start the queued retraining, if any: its id and the examples it learns."""
    retraining = db.scalar(select(Retraining).where(Retraining.status == RetrainingStatus.QUEUED).limit(1))
    if retraining is None:
        return None
    examples = confirmed_examples(db=db)
    retraining.status, retraining.started_at, retraining.examples = RetrainingStatus.RUNNING, utcnow(), len(examples)
    return retraining.id, examples


def finish_retraining(
    *,
    db: Session,
    retraining_id: int,
    status: RetrainingStatus,
    baseline_f1: float | None = None,
    candidate_f1: float | None = None,
    model_file: Path | None = None,
    detail: str | None = None,
) -> None:
    retraining = db.get_one(Retraining, retraining_id)
    retraining.status, retraining.finished_at, retraining.detail = status, utcnow(), detail
    retraining.baseline_f1, retraining.candidate_f1 = baseline_f1, candidate_f1
    retraining.model_file = str(model_file) if model_file else None


def abandon_unfinished(*, db: Session) -> None:
    """A retraining that was running when its process stopped is failed, so another can be asked for."""
    db.execute(
        update(Retraining)
        .where(Retraining.status == RetrainingStatus.RUNNING)
        .values(status=RetrainingStatus.FAILED, finished_at=utcnow(), detail="The process running it stopped")
    )
