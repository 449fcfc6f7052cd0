"""Shapes of the payment API."""

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from backend.payments.models import PaymentOption, PaymentState

DEPOSIT_NUMBER = r"^[A-Za-z0-9\-/. ]{3,60}$"


class PaymentChoice(BaseModel):
    option: PaymentOption


class ReceiptSubmission(BaseModel):
    deposit_number: str = Field(pattern=DEPOSIT_NUMBER)


class BankAccount(BaseModel):
    bank: str
    account_number: str
    holder: str


class PaymentView(BaseModel):
    """The customer's payment as the assistant tells it."""

    order_number: str
    order_state: str
    amount_bs: Decimal
    option: PaymentOption | None
    state: PaymentState | None
    state_label: str | None
    deposit_number: str | None
    checkout_url: str | None
    expired: bool
    reason: str | None
    invoice: str | None
    bank: BankAccount


class StatementLinePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    reference: str
    booked_on: date
    amount_bs: Decimal
    depositor: str | None
    operation_type: str | None


class MatchPublic(BaseModel):
    exact: bool
    differences: list[str]
    line: StatementLinePublic


class ReceiptProposal(BaseModel):
    """What was read on the receipt, proposed to the clerk (who still decides), and whether its amount is the
    one the request owes."""

    deposit_number: str | None = None
    amount_bs: Decimal | None = None
    deposit_date: date | None = None
    depositor: str | None = None
    amount_matches: bool | None = None


class PaymentPublic(BaseModel):
    """A payment as collections staff review it."""

    id: int
    order_id: int
    order_number: str
    plan: str
    customer_name: str
    id_number: str
    option: PaymentOption
    option_label: str
    state: PaymentState
    state_label: str
    amount_bs: Decimal
    deposit_number: str | None
    deposit_date: date | None
    operation_type: str | None
    depositor_name: str | None
    receipt_document_id: int | None
    receipt_content_type: str | None
    provider_reference: str | None
    submitted_at: datetime | None
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str | None
    statement_line: StatementLinePublic | None
    invoice_id: int | None
    invoice: str | None
    match: MatchPublic | None = None
    proposal: ReceiptProposal | None = None


class PaymentAmendment(BaseModel):
    """What collections read on the receipt, when it differs from what was registered."""

    amount_bs: Decimal | None = Field(default=None, gt=0, max_digits=12, decimal_places=2)
    deposit_number: str | None = Field(default=None, pattern=DEPOSIT_NUMBER)
    deposit_date: date | None = None
    operation_type: str | None = Field(default=None, min_length=2, max_length=60)
    depositor_name: str | None = Field(default=None, min_length=2, max_length=200)


class Confirmation(BaseModel):
    statement_line_id: int | None = None


class Rejection(BaseModel):
    reason: str = Field(min_length=3, max_length=500, description="told to the customer as it is written")


class StatementImport(BaseModel):
    added: int
    skipped: int
    errors: list[str]
