"""The API's description and Swagger UI, in production only for staff logged in to the console."""

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from backend.console.auth import ConsoleUser


def staff_docs_router(app: FastAPI) -> APIRouter:
    """`/openapi.json` and `/docs` behind the console's login (the login page otherwise)."""
    router = APIRouter(include_in_schema=False)

    @router.get("/openapi.json")
    def openapi(_user: ConsoleUser) -> JSONResponse:
        return JSONResponse(app.openapi())

    @router.get("/docs")
    def docs(_user: ConsoleUser) -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title=f"{app.title} — API")

    return router
