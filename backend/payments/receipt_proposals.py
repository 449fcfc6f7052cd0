"""The receipt read for the clerk, after it is attached: a follow-up, since reading a photo takes a second or two
and no transaction waits for it."""

import asyncio
from dataclasses import asdict

from sqlalchemy.orm import Session, sessionmaker

from backend.database import run_in_transaction
from backend.documents.storage import DocumentStorage
from backend.payments.models import Payment
from backend.payments.receipt_reading import read, text_of


async def propose(*, sessions: sessionmaker[Session], storage: DocumentStorage, payment_id: int) -> None:
    """Read the payment's receipt and keep what it shows as the proposal (unless another receipt came since)."""

    def receipt_of(db: Session) -> tuple[int, str, str] | None:
        payment = db.get(Payment, payment_id)
        if payment is None or payment.receipt is None:
            return None
        return payment.receipt.id, payment.receipt.storage_key, payment.receipt.content_type

    found = await run_in_transaction(sessions, receipt_of)
    if found is None:
        return
    document_id, key, content_type = found
    reading = await asyncio.to_thread(lambda: read(text_of(storage.path(key).read_bytes(), content_type)))

    def keep(db: Session) -> None:
        payment = db.get_one(Payment, payment_id)
        if payment.receipt_document_id == document_id:
            payment.receipt_reading = {name: str(value) for name, value in asdict(reading).items() if value is not None}

    await run_in_transaction(sessions, keep)
