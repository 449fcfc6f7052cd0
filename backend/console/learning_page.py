"""The learning page: misread messages to review, and the retrainings that learned from them."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from backend.console.auth import SupervisorPage
from backend.console.routes import templates
from backend.database import run_in_transaction
from backend.deps import AssistantDep, SessionRoute, Sessions, SettingsDep
from backend.learning import service
from backend.learning.routes import suggest_intents

router = APIRouter(route_class=SessionRoute, prefix="/console", include_in_schema=False)


@router.get("/learning")
async def learning_page(
    request: Request, user: SupervisorPage, sessions: Sessions, settings: SettingsDep, assistant: AssistantDep
) -> HTMLResponse:
    """Pending messages with the intent the assistant reads them as now; confirmed examples; retrainings."""
    await suggest_intents(assistant, sessions)

    def read(db):  # noqa: ANN001, ANN202
        return {
            "pending": service.pending(db=db),
            "confirmed": service.confirmed_examples(db=db),
            "retrainings": service.retrainings(db=db),
        }

    context = await run_in_transaction(sessions, read)
    context |= {"user": user, "intents": service.INTENTS, "zone": settings.business_hours().zone}
    return templates.TemplateResponse(request, "learning.html", context)
