"""Request dependencies, named so that route signatures read like sentences."""

import functools
import hmac
import inspect
from collections.abc import Awaitable, Callable, Iterator
from typing import Annotated, Any, get_args, get_origin, get_type_hints

from fastapi import Depends, Header, HTTPException, Request, status
from fastapi.routing import APIRoute
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session, sessionmaker

from backend.assistant.rasa import RasaClient
from backend.auth import second_factor
from backend.auth.models import Role, User
from backend.auth.security import read_access_token
from backend.billing_system.port import BillingSystem
from backend.config import Settings
from backend.conversations.outbox import Outbox
from backend.database import session_scope, transaction

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)
SESSION_COOKIE = "venta_session"  # the same signed token, kept by the staff console's browser


# Dependencies that only read the app's state are `async`: FastAPI would run a `def` one on a worker thread.
async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def base_url(settings: Settings, request: Request) -> str:
    """Where customers and staff reach this backend: `PUBLIC_URL`, else this request's own address."""
    return (settings.PUBLIC_URL or str(request.base_url)).rstrip("/")


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_db(request: Request) -> Iterator[Session]:
    """The request's session: reading requests read a snapshot; the others may write."""
    state = request.app.state
    yield from session_scope(state.read_session_factory if request.method in READ_METHODS else state.session_factory)


async def get_sessions(request: Request) -> sessionmaker[Session]:
    return request.app.state.session_factory


async def get_read_sessions(request: Request) -> sessionmaker[Session]:
    return request.app.state.read_session_factory


async def get_outbox(request: Request) -> Outbox:
    return request.app.state.outbox


async def get_assistant(request: Request) -> RasaClient:
    return request.app.state.assistant


async def get_billing_system(request: Request) -> BillingSystem:
    return request.app.state.billing_system


SettingsDep = Annotated[Settings, Depends(get_settings)]
OutboxDep = Annotated[Outbox, Depends(get_outbox)]  # the one way to say something to a customer
AssistantDep = Annotated[RasaClient, Depends(get_assistant)]
BillingSystemDep = Annotated[BillingSystem, Depends(get_billing_system)]
# Only for plain `def` handlers (an `async def` handler uses `Sessions` with `run_in_transaction`), on routers
# made with `route_class=SessionRoute`: committed as the handler returns, in its own worker thread.
SessionDep = Annotated[Session, Depends(get_db, scope="function")]
Sessions = Annotated[sessionmaker[Session], Depends(get_sessions)]
ReadSessions = Annotated[sessionmaker[Session], Depends(get_read_sessions)]


class SessionRoute(APIRoute):
    """A route whose `def` handler commits its `SessionDep` session as it returns, on the thread that ran it.

    FastAPI would commit only after serialising the response, which waits for a free worker thread: a writer
    holding SQLite's lock would then wait for a thread while every thread waits for the lock.
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, committing(endpoint), **kwargs)


def committing(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """`endpoint`, committing its sessions when it returns (plain `def` endpoints only)."""
    if inspect.iscoroutinefunction(endpoint):
        return endpoint
    hints = get_type_hints(endpoint, include_extras=True)
    sessions = [name for name, hint in hints.items() if get_origin(hint) is Annotated and get_args(hint)[0] is Session]
    if not sessions:
        return endpoint

    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:
        result = endpoint(*args, **kwargs)
        for name in sessions:
            kwargs[name].commit()
        return result

    return run


def client_address(request: Request) -> str:
    """Where the request comes from: the client's own address, read from X-Forwarded-For only when a proxy named
    in `TRUSTED_PROXIES` sent it (`venta-web` runs uvicorn so); web chat limits, audit and login throttling use it."""
    return request.client.host if request.client else "unknown"


def user_from_token(token: str | None, *, sessions: sessionmaker[Session], settings: Settings) -> User | None:
    """The active user a valid, unexpired token names, unless revoked since (logout, new password or role), else None.

    Read in a short transaction of its own, so that checking who calls never holds the database for the
    whole request (an async handler may then wait on Rasa or a channel).
    """
    claims = read_access_token(token, secret_key=settings.SECRET_KEY) if token else None
    if not (claims and claims[0].isdigit()):
        return None
    with transaction(sessions) as db:
        user = db.get(User, int(claims[0]))
    return user if user is not None and user.is_active and user.token_version == claims[1] else None


# What an account whose password was generated may do before it chooses its own.
BEFORE_A_NEW_PASSWORD = frozenset({"/api/auth/password", "/api/auth/me", "/api/auth/logout"})
# What an account whose role needs a second factor may do before it sets one up.
BEFORE_A_SECOND_FACTOR = BEFORE_A_NEW_PASSWORD | {"/api/auth/totp", "/api/auth/totp/confirm"}


def get_current_user(
    request: Request,
    token: Annotated[str | None, Depends(oauth2_scheme)],
    sessions: ReadSessions,
    settings: SettingsDep,
) -> User:
    """The active user named by the bearer token, or by the console's session cookie."""
    user = user_from_token(token or request.cookies.get(SESSION_COOKIE), sessions=sessions, settings=settings)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Sesión no válida o vencida: vuelve a ingresar",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if user.must_change_password and request.url.path not in BEFORE_A_NEW_PASSWORD:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Primero cambia tu contraseña (POST /api/auth/password)")
    if second_factor.must_enrol(user, settings) and request.url.path not in BEFORE_A_SECOND_FACTOR:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "Primero activa la verificación en dos pasos (POST /api/auth/totp)"
        )
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_roles(*roles: Role) -> Callable[[User], Awaitable[User]]:
    """A dependency that lets through only users with one of `roles`."""

    async def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "Tu rol no permite hacer esto")
        return user

    check.roles = roles  # type: ignore[attr-defined]  # what the route matrix test checks
    return check


# Who answers customers: executives, and supervisors and admins who can step in.
Executive = Annotated[User, Depends(require_roles(Role.EXECUTIVE, Role.SUPERVISOR, Role.ADMIN))]
Supervisor = Annotated[User, Depends(require_roles(Role.SUPERVISOR, Role.ADMIN))]
Admin = Annotated[User, Depends(require_roles(Role.ADMIN))]

# Who checks deposits and issues invoices.
Collections = Annotated[User, Depends(require_roles(Role.COLLECTIONS, Role.SUPERVISOR, Role.ADMIN))]
Backoffice = Annotated[User, Depends(require_roles(Role.BACKOFFICE, Role.SUPERVISOR, Role.ADMIN))]

SalesStaff = Annotated[User, Depends(require_roles(Role.EXECUTIVE, Role.SUPERVISOR, Role.ADMIN, Role.COLLECTIONS))]


async def require_assistant(settings: SettingsDep, x_assistant_token: Annotated[str | None, Header()] = None) -> None:
    """Let through only the assistant's action server, which holds the shared token."""
    expected = settings.ASSISTANT_TOKEN.encode()
    given = (x_assistant_token or "").encode()
    if not expected or not hmac.compare_digest(given, expected):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Missing or wrong assistant token")


AssistantAuth = Depends(require_assistant)
