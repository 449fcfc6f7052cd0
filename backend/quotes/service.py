"""Recording the offers made to leads."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.catalog.models import Plan
from backend.leads.models import Lead
from backend.quotes.models import Quote


def record(*, db: Session, lead: Lead, plan: Plan, by: str) -> Quote:
    """Keep the plan and its prices as offered to the lead now."""
    quote = Quote(
        lead_id=lead.id,
        plan_id=plan.id,
        monthly_price_bs=plan.monthly_price_bs,
        installation_fee_bs=plan.installation_fee_bs,
        quoted_by=by,
    )
    db.add(quote)
    db.flush()
    return quote


def of_lead(*, db: Session, lead: Lead) -> list[Quote]:
    return list(db.scalars(select(Quote).where(Quote.lead_id == lead.id).order_by(Quote.id)).unique())
