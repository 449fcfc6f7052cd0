"""Referral codes: handing them out, recognising them in a first message, crediting leads."""

import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.conversations.models import Conversation
from backend.errors import DomainError
from backend.leads.models import Lead, LeadStage
from backend.referrals.models import Referrer, ReferrerKind

# Codes look like REF-7KQ2MX: easy to dictate, and to spot in a message such as «Hola, vengo con REF-7KQ2MX».
CODE_PATTERN = re.compile(r"\bREF-[A-Z0-9]{6}\b", re.IGNORECASE)
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    return "REF-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def find_code(text: str | None) -> str | None:
    """The referral code in a customer's message, if it carries one."""
    match = CODE_PATTERN.search(text or "")
    return match.group(0).upper() if match else None


def create(*, db: Session, name: str, kind: ReferrerKind, phone: str | None, email: str | None, by: str) -> Referrer:
    """Give a customer or distributor their own code."""
    for _ in range(10):
        code = new_code()
        if get_by_code(db=db, code=code) is None:
            break
    else:
        raise DomainError("No se encontró un código de referido libre; intenta de nuevo")
    referrer = Referrer(code=code, name=name, kind=kind, phone=phone, email=email, created_by=by)
    db.add(referrer)
    db.flush()
    return referrer


def get_by_code(*, db: Session, code: str) -> Referrer | None:
    return db.scalar(select(Referrer).where(Referrer.code == code.strip().upper()))


def referrer_of_conversation(*, db: Session, conversation_id: str) -> int | None:
    """The referrer whose code the customer brought into this conversation, if any."""
    code = db.scalar(select(Conversation.referral_code).where(Conversation.conversation_id == conversation_id))
    referrer = get_by_code(db=db, code=code) if code else None
    return referrer.id if referrer else None


def remember_code(*, conversation: Conversation, text: str | None) -> None:
    """Keep the first referral code a conversation brings."""
    if conversation.referral_code is None:
        conversation.referral_code = find_code(text)


def credits(*, db: Session) -> list[tuple[Referrer, int, int]]:
    """Every referrer with the leads credited to them and how many became sales."""
    leads = func.count(Lead.id)
    sales = func.count(Lead.id).filter(Lead.stage == LeadStage.SALE)
    rows = db.execute(
        select(Referrer, leads, sales)
        .outerjoin(Lead, Lead.referrer_id == Referrer.id)
        .group_by(Referrer.id)
        .order_by(Referrer.name)
    ).all()
    return [(referrer, int(count), int(sold)) for referrer, count, sold in rows]
