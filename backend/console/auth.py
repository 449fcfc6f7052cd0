"""Console sessions: the signed access token in an HttpOnly cookie, and who may open which page."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request

from backend.auth import second_factor
from backend.auth.models import Role, User
from backend.deps import SESSION_COOKIE, ReadSessions, SettingsDep, user_from_token


class LoginRequired(Exception):
    """No valid session: the browser is sent to the login page."""


class PageForbidden(Exception):
    """The user's role does not open this page."""


class PasswordChangeRequired(Exception):
    """The account's password was generated: the browser is sent to choose one."""


class SecondFactorRequired(Exception):
    """The account's role needs a second factor it has not set up: the browser is sent to set it up."""


PASSWORD_PAGE = "/console/password"
SECURITY_PAGES = {"/console/security", "/console/security/start"}


def console_user(request: Request, sessions: ReadSessions, settings: SettingsDep) -> User:
    user = user_from_token(request.cookies.get(SESSION_COOKIE), sessions=sessions, settings=settings)
    if user is None:
        raise LoginRequired()
    if user.must_change_password and request.url.path != PASSWORD_PAGE:
        raise PasswordChangeRequired()
    if second_factor.must_enrol(user, settings) and request.url.path not in SECURITY_PAGES | {PASSWORD_PAGE}:
        raise SecondFactorRequired()
    return user


def page_for(*roles: Role) -> Callable[[User], Awaitable[User]]:
    """A dependency letting through logged-in users with one of `roles`."""

    async def check(user: Annotated[User, Depends(console_user)]) -> User:
        if user.role not in roles:
            raise PageForbidden()
        return user

    return check


ConsoleUser = Annotated[User, Depends(console_user)]
AnsweringPage = Annotated[User, Depends(page_for(Role.EXECUTIVE, Role.SUPERVISOR, Role.ADMIN))]
OrdersPage = Annotated[
    User, Depends(page_for(Role.EXECUTIVE, Role.COLLECTIONS, Role.BACKOFFICE, Role.SUPERVISOR, Role.ADMIN))
]
CollectionsPage = Annotated[User, Depends(page_for(Role.COLLECTIONS, Role.SUPERVISOR, Role.ADMIN))]
BackofficePage = Annotated[User, Depends(page_for(Role.BACKOFFICE, Role.SUPERVISOR, Role.ADMIN))]
SupervisorPage = Annotated[User, Depends(page_for(Role.SUPERVISOR, Role.ADMIN))]
AdminPage = Annotated[User, Depends(page_for(Role.ADMIN))]
