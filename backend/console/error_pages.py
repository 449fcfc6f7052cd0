"""What a browser on the console sees when something goes wrong: a styled page in Spanish that says what happened
and where to go; API callers keep their JSON errors."""

import logging

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from backend.console.auth import (
    PASSWORD_PAGE,
    LoginRequired,
    PageForbidden,
    PasswordChangeRequired,
    SecondFactorRequired,
)
from backend.console.routes import templates
from backend.errors import DomainError

logger = logging.getLogger(__name__)

PAGES = {
    401: ("Inicia sesión", "Tu sesión terminó o no iniciaste sesión.", "/console/login", "Iniciar sesión"),
    403: ("Sin acceso", "Tu rol no tiene acceso a esta página.", "/console", "Volver a la consola"),
    404: ("No encontrado", "Lo que buscas no existe o fue movido.", "/console", "Volver a la consola"),
    500: (
        "Algo falló",
        "No pudimos mostrar esta página. El error quedó registrado; inténtalo de nuevo en un momento.",
        "/console",
        "Volver a la consola",
    ),
}


def is_console_page(request: Request) -> bool:
    """A console page a browser opened (not its script, style sheet or JSON fragments)."""
    path = request.url.path
    return (
        path.startswith("/console")
        and not path.startswith("/console/static/")
        and "text/html" in request.headers.get("accept", "text/html")
    )


def error_page(request: Request, status_code: int) -> HTMLResponse:
    title, text, link, link_label = PAGES.get(status_code, PAGES[500])
    context = {"status_code": status_code, "title": title, "text": text, "link": link, "link_label": link_label}
    return templates.TemplateResponse(request, "error.html", context, status_code=status_code)


def install(app: FastAPI) -> None:
    """The handlers of login, role, missing-page and unexpected errors."""

    @app.exception_handler(LoginRequired)
    async def login_required(_request: Request, _error: LoginRequired) -> RedirectResponse:
        return RedirectResponse("/console/login", status_code=303)

    @app.exception_handler(PasswordChangeRequired)
    async def password_change_required(_request: Request, _error: PasswordChangeRequired) -> RedirectResponse:
        return RedirectResponse(PASSWORD_PAGE, status_code=303)

    @app.exception_handler(SecondFactorRequired)
    async def second_factor_required(_request: Request, _error: SecondFactorRequired) -> RedirectResponse:
        return RedirectResponse("/console/security", status_code=303)

    @app.exception_handler(PageForbidden)
    async def page_forbidden(request: Request, _error: PageForbidden) -> HTMLResponse:
        return error_page(request, 403)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, error: DomainError) -> Response:
        if is_console_page(request) and error.status_code in PAGES:
            return error_page(request, error.status_code)
        return JSONResponse({"detail": str(error)}, status_code=error.status_code)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if is_console_page(request) and error.status_code in PAGES:
            return error_page(request, error.status_code)
        return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        logger.exception("Unexpected error on %s", request.url.path, exc_info=error)
        if is_console_page(request):
            return error_page(request, 500)
        return JSONResponse({"detail": "Internal Server Error"}, status_code=500)
