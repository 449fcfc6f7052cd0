"""Shapes of the order API."""

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from backend.customers.identity import IdNumber
from backend.leads.models import PaymentMethod
from backend.leads.schemas import PlanSummary
from backend.orders.models import OrderState


class OrderCreate(BaseModel):
    """The assistant's confirmed request; the rest comes from the conversation's lead."""

    conversation_id: str = Field(min_length=1, max_length=200)
    plan_code: str = Field(min_length=1, max_length=40)
    id_number: IdNumber
    payment_method: PaymentMethod


class CustomerPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_type: str
    id_number: str
    full_name: str
    phone: str | None
    email: str | None


class StateChangePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    from_state: OrderState | None
    to_state: OrderState
    reason: str | None
    changed_by: str
    changed_at: datetime


class AcceptancePublic(BaseModel):
    """The customer's explicit acceptance: the exact text they were sent and what they answered."""

    model_config = ConfigDict(from_attributes=True)

    channel: str
    terms_text: str
    answer_text: str
    terms_message_id: int
    answer_message_id: int
    shown_at: datetime
    accepted_at: datetime


class OrderPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    state: OrderState
    state_label: str
    lead_id: int
    channel: str = Field(validation_alias="channel_name")
    customer: CustomerPublic
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    ci_on_file_differs: bool = Field(description="the CI is on file with other contact data: check who this is")
    plan: PlanSummary
    monthly_price_bs: Decimal
    installation_fee_bs: Decimal
    payment_method: PaymentMethod
    recurring_billing: bool
    equipment_status: str = Field(description="untracked, reserved, alternative, out_of_stock or installed")
    equipment_model: str | None
    restock_on: date | None = Field(description="when equipment is expected, for a request out of stock")
    billing_reference: str | None = Field(description="the billing system's reference once the sale is handed over")
    address: str
    address_reference: str | None
    latitude: float | None
    longitude: float | None
    coverage_zone: str = Field(validation_alias="coverage_zone_name")
    state_changes: list[StateChangePublic]
    acceptance: AcceptancePublic | None = Field(description="none: the customer has not accepted the terms")
    reentered_from_id: int | None = None
    created_at: datetime


class RegisteredOrder(OrderPublic):
    """The request as the assistant registered it, with the customer's link to its contract."""

    contract_url: str = ""


class OrderCompletion(BaseModel):
    """What an executive completes on a request the backoffice returned."""

    address_reference: str = Field(min_length=3, max_length=500)


class OrderAnnulment(BaseModel):
    reason: str = Field(min_length=3, max_length=1000)


class OrdersPublic(BaseModel):
    data: list[OrderPublic]
    count: int
