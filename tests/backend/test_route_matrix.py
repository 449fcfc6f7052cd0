"""Every `/api` route checks who calls it: generated from the app's own routes, so a new route without a role
check (or the assistant's token) fails here until it gets one, or is listed as public on purpose."""

import re
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from backend.auth.models import Role
from backend.deps import get_current_user, require_assistant
from tests.helpers.basics import login

PASSWORD = "una-clave-segura-123"
PUBLIC = {  # what anyone may call: the login, the catalogue and coverage, a payment provider's signed notices
    ("POST", "/api/auth/token"),
    ("GET", "/api/plans"),
    ("GET", "/api/plans/recommendation"),
    ("POST", "/api/coverage/check"),
    ("GET", "/api/coverage/zones"),
    ("POST", "/api/payments/notifications/sandbox"),
}
ANY_STAFF = {
    ("POST", "/api/auth/logout"),
    ("GET", "/api/auth/me"),
    ("POST", "/api/auth/password"),
    ("POST", "/api/auth/totp"),
    ("POST", "/api/auth/totp/confirm"),
}


def routes_of(routes: list, prefix: str = "") -> Iterator[tuple[str, APIRoute]]:
    """Every route with its full path, through the included routers."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
        elif hasattr(route, "original_router"):
            yield from routes_of(route.original_router.routes, prefix + route.include_context.prefix)


def dependencies_of(dependant: object) -> Iterator[object]:
    yield dependant.call  # type: ignore[attr-defined]
    for sub in dependant.dependencies:  # type: ignore[attr-defined]
        yield from dependencies_of(sub)


def api_operations(client: TestClient) -> list[tuple[str, str, str | tuple[Role, ...]]]:
    """(method, path, who may call it: a tuple of roles, "assistant", "staff" or "public")."""
    operations = []
    for path, route in routes_of(client.app.routes):
        if not path.startswith("/api"):
            continue
        calls = list(dependencies_of(route.dependant))
        roles = next((call.roles for call in calls if hasattr(call, "roles")), None)
        for method in sorted(route.methods):
            if roles is not None:
                who: str | tuple[Role, ...] = roles
            elif require_assistant in calls:
                who = "assistant"
            elif get_current_user in calls and (method, path) in ANY_STAFF:
                who = "staff"
            else:
                who = "public"
            operations.append((method, path, who))
    return operations


def test_every_api_route_checks_its_caller(client: TestClient) -> None:
    operations = api_operations(client)
    assert len(operations) > 60
    unchecked = {(method, path) for method, path, who in operations if who == "public"}
    assert unchecked == PUBLIC, f"routes without a role or token check: {sorted(unchecked - PUBLIC)}"


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_refused_every_route_of_other_roles(client: TestClient, role: Role) -> None:
    admin = login(client)
    email = f"{role.value}@matrix.bo"
    body = {"email": email, "full_name": role.value.title(), "password": PASSWORD, "role": role.value}
    if role != Role.ADMIN:
        assert client.post("/api/users", json=body, headers=admin).status_code == 201
    headers = admin if role == Role.ADMIN else login(client, email, PASSWORD)
    for method, path, who in api_operations(client):
        if who in ("public", "staff"):
            continue
        url = re.sub(r"\{[^}]+\}", "1", path)
        anonymous = client.request(method, url, json={})
        assert anonymous.status_code == 401, (method, path, anonymous.text)
        if who == "assistant":
            assert client.request(method, url, json={}, headers=headers).status_code == 401, (method, path)
            continue
        answer = client.request(method, url, json={}, headers=headers)
        if role in who:
            assert answer.status_code not in (401, 403) or "role" not in answer.text, (role, method, path)
        else:
            assert answer.status_code == 403, (role, method, path, answer.status_code)
