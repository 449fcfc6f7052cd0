"""The API's description and Swagger UI, served with its own assets (no CDN: it works without internet); in
production only for staff logged in to the console."""

from pathlib import Path

import swagger_ui_bundle
from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from backend.console.auth import ConsoleUser
from backend.errors import NotFound

SWAGGER_UI = Path(swagger_ui_bundle.swagger_ui_path)
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}


def docs_router(app: FastAPI, *, staff_only: bool) -> APIRouter:
    """`/docs` and its assets, and in production `/openapi.json` too, behind the console's login."""
    router = APIRouter(include_in_schema=False)

    def page() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{app.title} — API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
        )

    @router.get("/docs/assets/{name}")
    def asset(name: str) -> FileResponse:
        if name not in ASSETS:
            raise NotFound(f"No asset {name}")
        return FileResponse(SWAGGER_UI / name, media_type=ASSETS[name], headers={"Cache-Control": "max-age=86400"})

    if staff_only:

        @router.get("/openapi.json")
        def openapi(_user: ConsoleUser) -> JSONResponse:
            return JSONResponse(app.openapi())

        @router.get("/docs")
        def staff_docs(_user: ConsoleUser) -> HTMLResponse:
            return page()

    else:

        @router.get("/docs")
        def docs() -> HTMLResponse:
            return page()

    return router
