"""The billing system's side of the back office: the accounts import, and the day's sales for billing."""

from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Body, Response
from pydantic import BaseModel

from backend.audit import service as audit
from backend.billing_system import local
from backend.billing_system import service as billing
from backend.customers.identity import IdNumber
from backend.deps import (
    Admin,
    AssistantAuth,
    BillingSystemDep,
    SessionDep,
    SessionRoute,
    Sessions,
    SettingsDep,
    Supervisor,
)

router = APIRouter(route_class=SessionRoute, prefix="/billing", tags=["billing"])
assistant_router = APIRouter(prefix="/assistant", tags=["assistant"], dependencies=[AssistantAuth])


class Imported(BaseModel):
    accounts: int


@router.post("/accounts/import")
def import_accounts(
    db: SessionDep, user: Admin, text: Annotated[str, Body(media_type="text/csv", max_length=4_000_000)]
) -> Imported:
    """Add or update the billing system's accounts from its CSV export (`id_number,full_name,debt_bs,debt_since`)."""
    count = local.import_csv(db=db, text=text)
    audit.record(db=db, actor=user, action="billing.accounts_imported", subject=str(count))
    return Imported(accounts=count)


@router.get("/sales.csv")
def sales_of_the_day(db: SessionDep, _user: Supervisor, settings: SettingsDep, day: date) -> Response:
    """The requests that became sales on `day`, in the layout the billing system imports (README)."""
    text = billing.sales_csv(db=db, day=day, zone=ZoneInfo(settings.BUSINESS_TIMEZONE))
    headers = {"Content-Disposition": f'attachment; filename="ventas-{day.isoformat()}.csv"'}
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


class StandingQuery(BaseModel):
    id_number: IdNumber


class StandingPublic(BaseModel):
    existing_customer: bool
    debt_bs: str
    debt_since: date | None
    prepaid_only: bool


@assistant_router.post("/leads/{conversation_id}/standing")
async def check_standing(
    conversation_id: str, query: StandingQuery, system: BillingSystemDep, sessions: Sessions
) -> StandingPublic:
    """Ask the billing system whether the CI is a customer and owes money, and record it on the lead; with a
    debt only prepaid service may be sold. 503 when the billing system does not answer."""
    standing = await billing.check_standing(
        sessions=sessions,
        system=system,
        conversation_id=conversation_id,
        id_number=query.id_number,
    )
    return StandingPublic(
        existing_customer=standing.existing_customer,
        debt_bs=f"{standing.debt_bs:.2f}",
        debt_since=standing.debt_since,
        prepaid_only=standing.owes,
    )
