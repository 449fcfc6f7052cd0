"""The public plan catalogue."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status

from backend.catalog import service as catalog_service
from backend.catalog.schemas import PlanPublic, PlansPublic, Recommendation, RecommendationQuery
from backend.deps import SessionDep, SessionRoute

router = APIRouter(route_class=SessionRoute, prefix="/plans", tags=["plans"])


@router.get("")
def list_plans(db: SessionDep) -> PlansPublic:
    """Active plans, cheapest first."""
    plans = [PlanPublic.model_validate(plan) for plan in catalog_service.list_active(db=db)]
    return PlansPublic(data=plans, count=len(plans))


@router.get("/recommendation")
def recommend_plan(db: SessionDep, query: Annotated[RecommendationQuery, Depends()]) -> Recommendation:
    """The plan that fits a household's use, size and wished speed."""
    need, plan = catalog_service.recommend(db=db, query=query)
    if plan is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "The catalogue has no active plan")
    return Recommendation(needed_mbps=need, plan=PlanPublic.model_validate(plan))
