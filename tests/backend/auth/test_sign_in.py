"""Staff sign-in as an attacker and an owner meet it, through real HTTP on a web process of its own: a stranger's
failures never lock the owner's known device, the client's address is read from a trusted proxy only, a second
factor is asked and checked, and passwords nobody chose or anybody would guess are refused."""

import os
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyotp
import pytest

from launcher.process import ManagedProcess
from launcher.stack import free_port
from tests.helpers.basics import ADMIN_EMAIL, ADMIN_PASSWORD

PROXY = "127.0.0.1"  # the test speaks from loopback: as the trusted proxy, or as a stranger when it is not trusted
OWNER_ADDRESS, STRANGER_ADDRESS = "181.115.10.20", "200.87.99.1"


@contextmanager
def web_process(folder: Path, **settings: str) -> Iterator[str]:
    """`venta-web` on a free loopback port with `settings`, its URL while it runs."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'venta.db'}",
        "SECRET_KEY": "sign-in-tests-secret-key-long-enough-for-hs256",
        "ADMIN_EMAIL": ADMIN_EMAIL,
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "DOCUMENTS_DIR": str(folder / "documents"),
        "INITIAL_ADMIN_PASSWORD_FILE": str(folder / "initial-admin-password"),
        "RUN_WORKER": "false",
        "RASA_URL": "http://127.0.0.1:9",
        **settings,
    }
    command = [sys.executable, "-m", "backend.web", "--host", "127.0.0.1", "--port", str(port)]
    process = ManagedProcess("backend", command, env, folder / "backend.log")
    process.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert process.running and time.monotonic() < deadline, (folder / "backend.log").read_text()
        time.sleep(0.2)
    try:
        yield url
    finally:
        process.interrupt()
        process.wait(timeout=15)


@pytest.fixture
def behind_proxy(tmp_path: Path) -> Iterator[str]:
    with web_process(tmp_path, TRUSTED_PROXIES=PROXY) as url:
        yield url


@pytest.fixture
def without_proxy(tmp_path: Path) -> Iterator[str]:
    with web_process(tmp_path, TRUSTED_PROXIES="10.255.0.1") as url:
        yield url


def log_in(client: httpx.Client, password: str, address: str | None = None, email: str = ADMIN_EMAIL) -> httpx.Response:
    headers = {"X-Forwarded-For": address} if address else {}
    return client.post("/api/auth/token", data={"username": email, "password": password}, headers=headers)


def failed_logins(url: str) -> list[dict]:
    with httpx.Client(base_url=url) as admin:
        token = log_in(admin, ADMIN_PASSWORD, OWNER_ADDRESS).json()["access_token"]
        return admin.get("/api/audit/failed-logins", headers={"Authorization": f"Bearer {token}"}).json()


def test_a_strangers_failures_leave_the_owners_known_device_able_to_log_in(behind_proxy: str) -> None:
    owner = httpx.Client(base_url=behind_proxy)
    assert log_in(owner, ADMIN_PASSWORD, OWNER_ADDRESS).status_code == 200  # this browser is now known
    with httpx.Client(base_url=behind_proxy) as stranger:
        answers = [log_in(stranger, f"guess-{n}", STRANGER_ADDRESS).status_code for n in range(100)]
        assert answers[:5] == [401] * 5 and set(answers[5:]) == {429}  # slowed down after five
        refused = log_in(stranger, ADMIN_PASSWORD, STRANGER_ADDRESS)  # even the right password waits
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        assert "Demasiados intentos" in refused.json()["detail"]
    signed_in = log_in(owner, ADMIN_PASSWORD, OWNER_ADDRESS)
    assert signed_in.status_code == 200
    shown = signed_in.json()["failed_attempts"]  # the owner is told what was tried meanwhile
    assert len(shown) == 20 and {attempt["address"] for attempt in shown} == {STRANGER_ADDRESS}
    assert log_in(owner, ADMIN_PASSWORD, "190.129.1.1").status_code == 200  # the device travels with the owner
    audited = failed_logins(behind_proxy)
    assert sum(attempt["refused"] for attempt in audited) == 96  # every refusal is kept
    owner.close()


def test_the_growing_wait_of_one_address_never_touches_another(behind_proxy: str) -> None:
    with httpx.Client(base_url=behind_proxy) as stranger:
        for n in range(6):
            log_in(stranger, f"guess-{n}", STRANGER_ADDRESS)
        assert log_in(stranger, "guess", STRANGER_ADDRESS).status_code == 429
    with httpx.Client(base_url=behind_proxy) as colleague:  # a new browser, somewhere else
        assert log_in(colleague, ADMIN_PASSWORD, "181.115.77.7").status_code == 200


def test_the_client_address_comes_from_a_trusted_proxy_only(behind_proxy: str, tmp_path: Path) -> None:
    with httpx.Client(base_url=behind_proxy) as client:
        # What the client claims is ignored: the nearest address the proxy did not add is the client's.
        log_in(client, "wrong-password", f"6.6.6.6, {STRANGER_ADDRESS}")
    addresses = [attempt["address"] for attempt in failed_logins(behind_proxy)]
    assert addresses == [STRANGER_ADDRESS]


def test_a_spoofed_forwarded_for_from_an_untrusted_address_is_ignored(without_proxy: str) -> None:
    with httpx.Client(base_url=without_proxy) as client:
        log_in(client, "wrong-password", STRANGER_ADDRESS)
    with httpx.Client(base_url=without_proxy) as admin:
        token = log_in(admin, ADMIN_PASSWORD).json()["access_token"]
        audited = admin.get("/api/audit/failed-logins", headers={"Authorization": f"Bearer {token}"}).json()
    assert [attempt["address"] for attempt in audited] == ["127.0.0.1"]


def test_a_generated_admin_password_must_be_changed_first(tmp_path: Path) -> None:
    with web_process(tmp_path, ADMIN_PASSWORD="") as url:
        generated = (tmp_path / "initial-admin-password").read_text().strip()
        with httpx.Client(base_url=url) as admin:
            signed_in = log_in(admin, generated)
            assert signed_in.status_code == 200 and signed_in.json()["must_change_password"] is True
            headers = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
            assert admin.get("/api/leads", headers=headers).status_code == 403
            common = {"current_password": generated, "new_password": "Bolivia2026!"}
            refused = admin.post("/api/auth/password", json=common, headers=headers)
            assert refused.status_code == 422 and "más usadas" in refused.json()["detail"]
            chosen = {"current_password": generated, "new_password": "una frase larga que nadie adivina"}
            changed = admin.post("/api/auth/password", json=chosen, headers=headers)
            assert changed.status_code == 200
            headers = {"Authorization": f"Bearer {changed.json()['access_token']}"}
            assert admin.get("/api/leads", headers=headers).status_code == 200


def test_new_staff_passwords_are_long_and_not_common(behind_proxy: str) -> None:
    with httpx.Client(base_url=behind_proxy) as admin:
        headers = {"Authorization": f"Bearer {log_in(admin, ADMIN_PASSWORD, OWNER_ADDRESS).json()['access_token']}"}
        body = {"email": "nueva@venta.bo", "full_name": "Nueva Cuenta", "role": "executive"}
        common = admin.post("/api/users", json={**body, "password": "cochabamba123"}, headers=headers)
        assert common.status_code == 422 and "más usadas" in common.json()["detail"]
        short = admin.post("/api/users", json={**body, "password": "corta-1"}, headers=headers)
        assert short.status_code == 422
        fine = admin.post("/api/users", json={**body, "password": "ventana azul de la esquina"}, headers=headers)
        assert fine.status_code == 201


def test_the_console_shows_the_owner_the_failures_since_their_previous_login(behind_proxy: str) -> None:
    form = {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    owner_headers = {"X-Forwarded-For": OWNER_ADDRESS}
    with httpx.Client(base_url=behind_proxy) as owner:
        first = owner.post("/console/login", data=form, headers=owner_headers, follow_redirects=False)
        assert first.headers["location"] == "/console"
    with httpx.Client(base_url=behind_proxy) as stranger:
        assert log_in(stranger, "una-adivinanza", STRANGER_ADDRESS).status_code == 401
    with httpx.Client(base_url=behind_proxy) as owner:
        again = owner.post("/console/login", data=form, headers=owner_headers, follow_redirects=False)
        assert again.status_code == 303 and again.headers["location"] == "/console/signed-in"
        page = owner.get("/console/signed-in", headers=owner_headers)
        assert "Hubo intentos fallidos" in page.text and STRANGER_ADDRESS in page.text


@pytest.fixture
def second_factor_required(tmp_path: Path) -> Iterator[str]:
    with web_process(tmp_path, SECOND_FACTOR_ROLES="admin,supervisor,collections") as url:
        yield url


def test_a_second_factor_is_set_up_asked_and_checked(second_factor_required: str) -> None:
    with httpx.Client(base_url=second_factor_required) as admin:
        first = log_in(admin, ADMIN_PASSWORD)
        assert first.status_code == 200 and first.json()["must_enrol_second_factor"] is True
        headers = {"Authorization": f"Bearer {first.json()['access_token']}"}
        assert admin.get("/api/leads", headers=headers).status_code == 403  # not before the second factor
        enrolment = admin.post("/api/auth/totp", headers=headers).json()
        assert enrolment["otpauth_uri"].startswith("otpauth://totp/") and "<svg" in enrolment["qr_svg"]
        app = pyotp.parse_uri(enrolment["otpauth_uri"])
        wrong = admin.post("/api/auth/totp/confirm", json={"code": "000000"}, headers=headers)
        assert wrong.status_code == 422
        confirmed = admin.post("/api/auth/totp/confirm", json={"code": app.now()}, headers=headers)
        recovery = confirmed.json()["recovery_codes"]
        assert confirmed.status_code == 200 and len(set(recovery)) == 10

        asked = log_in(admin, ADMIN_PASSWORD)
        assert asked.status_code == 401 and asked.json()["second_factor_required"] is True
        form = {"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        assert admin.post("/api/auth/token", data={**form, "otp": "123456"}).status_code == 401
        at_next_step = app.at(time.time() + app.interval)  # the enrolment used this step's code already
        signed_in = admin.post("/api/auth/token", data={**form, "otp": at_next_step})
        assert signed_in.status_code == 200, signed_in.text
        headers = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
        assert admin.get("/api/leads", headers=headers).status_code == 200
        assert admin.post("/api/auth/token", data={**form, "otp": at_next_step}).status_code == 401  # used once
        assert admin.post("/api/auth/token", data={**form, "otp": recovery[0]}).status_code == 200
        assert admin.post("/api/auth/token", data={**form, "otp": recovery[0]}).status_code == 401  # used up


def test_the_console_asks_the_code_after_the_password(second_factor_required: str) -> None:
    with httpx.Client(base_url=second_factor_required, follow_redirects=True) as admin:
        form = {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        assert admin.post("/console/login", data=form).url.path == "/console/security"  # set it up first
        admin.post("/console/security/start")
        page = admin.get("/console/security").text
        assert "<svg" in page and "Escanea este código" in page
        secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', page)
        assert secret is not None
        app = pyotp.TOTP(secret.group(1))
        done = admin.post("/console/security", data={"code": app.now()})
        assert done.status_code == 200 and "códigos de recuperación" in done.text
    with httpx.Client(base_url=second_factor_required, follow_redirects=True) as admin:
        asked = admin.post("/console/login", data=form)
        assert asked.status_code == 200 and 'name="code"' in asked.text
        wrong = admin.post("/console/login/code", data={"code": "000000"})
        assert wrong.status_code == 401 and "no es correcto" in wrong.text
        signed_in = admin.post("/console/login/code", data={"code": app.at(time.time() + app.interval)})
        assert signed_in.url.path.startswith("/console") and signed_in.url.path != "/console/login"
