"""Referral codes for customers and distributors, and what they brought."""

from fastapi import APIRouter, status

from backend.audit import service as audit
from backend.deps import SessionDep, SessionRoute, Supervisor
from backend.referrals import service as referral_service
from backend.referrals.schemas import ReferrerCreate, ReferrerPublic

router = APIRouter(route_class=SessionRoute, prefix="/referrers", tags=["referrals"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_referrer(data: ReferrerCreate, db: SessionDep, user: Supervisor) -> ReferrerPublic:
    """Give a customer or distributor their code (REF-XXXXXX), to share as a link or in a message."""
    referrer = referral_service.create(
        db=db, name=data.name, kind=data.kind, phone=data.phone, email=data.email, by=user.email
    )
    audit.record(db=db, actor=user, action="referrer.create", subject=referrer.code)
    return ReferrerPublic.model_validate(referrer)


@router.get("")
def list_referrers(db: SessionDep, _user: Supervisor) -> list[ReferrerPublic]:
    """Every referrer with the leads credited to them and how many bought."""
    return [
        ReferrerPublic.model_validate(referrer).model_copy(update={"leads": leads, "sales": sales})
        for referrer, leads, sales in referral_service.credits(db=db)
    ]
