"""The backoffice page: requests waiting for the completeness check, with their checklist."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from backend.backoffice import service
from backend.backoffice.routes import view
from backend.console.auth import BackofficePage
from backend.console.routes import templates
from backend.deps import SessionDep, SessionRoute, SettingsDep

router = APIRouter(route_class=SessionRoute, prefix="/console", include_in_schema=False)


@router.get("/backoffice")
def backoffice_page(request: Request, user: BackofficePage, db: SessionDep, settings: SettingsDep) -> HTMLResponse:
    """The queue, oldest first: pass a complete request, or return it to its executive with the reason."""
    checks = [view(db, check) for check in service.pending(db)]
    context = {"user": user, "checks": checks, "zone": settings.business_hours().zone}
    return templates.TemplateResponse(request, "backoffice.html", context)
