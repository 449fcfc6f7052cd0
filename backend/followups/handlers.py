"""The kinds of follow-up and how each is done. A handler raises `Retry` when trying later may work."""

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from backend.assistant.prompting import prompt_assistant
from backend.assistant.rasa import RasaClient, RasaUnavailable
from backend.billing_system import service as billing
from backend.billing_system.port import BillingSystemUnavailable
from backend.config import Settings
from backend.conversations.messages import Notice
from backend.conversations.outbox import Outbox
from backend.database import run_in_transaction
from backend.documents.storage import DocumentStorage
from backend.followups.kinds import EMAIL_INVOICE, HAND_OVER_SALE, PROMPT_ASSISTANT, READ_RECEIPT
from backend.invoices import service as invoice_service
from backend.invoices.delivery import email_invoice
from backend.payments import receipt_proposals

Handler = Callable[[dict[str, Any]], Awaitable[None]]


class Retry(Exception):
    """Not done now, for a passing reason (a server down): worth trying again later."""


def handlers(
    *, sessions: sessionmaker[Session], settings: Settings, outbox: Outbox, assistant: RasaClient
) -> dict[str, Handler]:
    async def email(payload: dict[str, Any]) -> None:
        """E-mail the invoice; a mail server that does not take it is tried again (no address: nothing to do)."""
        invoice_id = payload["invoice_id"]
        if await email_invoice(sessions=sessions, settings=settings, invoice_id=invoice_id):
            return
        has_address = await run_in_transaction(
            sessions, lambda db: bool(invoice_service.get(db=db, invoice_id=invoice_id).email)
        )
        if has_address and settings.SMTP_HOST:
            raise Retry("The mail server did not take the invoice")

    async def prompt(payload: dict[str, Any]) -> None:
        """Have the assistant speak first (e.g. offer installation times after a payment)."""
        try:
            await prompt_assistant(
                sessions=sessions,
                assistant=assistant,
                outbox=outbox,
                conversation_id=payload["conversation_id"],
                intent=payload["intent"],
                notice=Notice(payload["notice"]) if payload.get("notice") else None,
            )
        except RasaUnavailable as error:
            raise Retry(f"The assistant is not reachable: {error}") from error

    billing_system, business_zone = billing.system_of(settings, sessions), ZoneInfo(settings.BUSINESS_TIMEZONE)

    async def hand_over(payload: dict[str, Any]) -> None:
        """Register the sale in the billing system; one that does not answer is tried again."""
        try:
            await billing.hand_over(
                sessions=sessions, system=billing_system, order_id=payload["order_id"], zone=business_zone
            )
        except BillingSystemUnavailable as error:
            raise Retry(str(error)) from error

    storage = DocumentStorage(Path(settings.DOCUMENTS_DIR))

    async def read_receipt(payload: dict[str, Any]) -> None:
        """Read the transfer's receipt for the clerk (a proposal they still check)."""
        await receipt_proposals.propose(sessions=sessions, storage=storage, payment_id=payload["payment_id"])

    return {
        EMAIL_INVOICE: email,
        PROMPT_ASSISTANT: prompt,
        HAND_OVER_SALE: hand_over,
        READ_RECEIPT: read_receipt,
    }
