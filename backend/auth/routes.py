"""Log in, change one's password and see who is logged in."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response, status
from fastapi.responses import JSONResponse
from fastapi.security import OAuth2PasswordRequestForm

from backend.audit import service as audit
from backend.auth import second_factor
from backend.auth import service as user_service
from backend.auth.devices import known_device_of, remember_device
from backend.auth.schemas import (
    FailedAttempt,
    PasswordChange,
    RecoveryCodes,
    SecondFactorCode,
    SecondFactorEnrolment,
    Token,
    UserPublic,
)
from backend.auth.security import token_for
from backend.deps import CurrentUser, SessionDep, SessionRoute, SettingsDep, client_address
from backend.errors import DomainError

router = APIRouter(route_class=SessionRoute, prefix="/auth", tags=["auth"])


@router.post("/token", response_model=Token)
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    otp: Annotated[
        str | None, Form(max_length=20, description="the authenticator app's code, or a recovery code")
    ] = None,
) -> Response:
    """Exchange an e-mail and password (and the second factor's code, for accounts that have one) for a bearer
    token, with the account's failed logins since its previous one (429 with Retry-After after repeated
    failures from an unknown device)."""
    try:
        user = user_service.authenticate(
            db=db,
            email=form.username,
            password=form.password,
            address=client_address(request),
            known_device=known_device_of(request, settings),
            code=otp,
        )
    except user_service.TooManyAttempts as refused:  # answered, not raised: the refusal is kept
        return JSONResponse(
            {"detail": str(refused)}, status_code=429, headers={"Retry-After": str(refused.retry_after)}
        )
    except user_service.SecondFactorNeeded:
        return JSONResponse(
            {"detail": "Escribe también el código de tu app de autenticación (otp)", "second_factor_required": True},
            status_code=status.HTTP_401_UNAUTHORIZED,
            headers={"WWW-Authenticate": "Bearer"},
        )
    if user is None:  # answered, not raised: the failed attempt is kept
        return JSONResponse(
            {"detail": "Correo o contraseña incorrectos"},
            status_code=status.HTTP_401_UNAUTHORIZED,
            headers={"WWW-Authenticate": "Bearer"},
        )
    failures = user_service.failures_since_previous_login(db=db, email=user.email)
    token = Token(
        access_token=token_for(user, settings),
        must_change_password=user.must_change_password,
        must_enrol_second_factor=second_factor.must_enrol(user, settings),
        failed_attempts=[FailedAttempt.model_validate(attempt) for attempt in failures],
    )
    response = JSONResponse(token.model_dump(mode="json"))
    remember_device(response, user, settings)
    return response


@router.post("/password", response_model=Token)
def change_password(data: PasswordChange, db: SessionDep, user: CurrentUser, settings: SettingsDep) -> Token:
    """Change one's own password (required first when it was generated); other sessions end."""
    changed = user_service.change_password(
        db=db, user=db.merge(user), current=data.current_password, new=data.new_password
    )
    return Token(access_token=token_for(changed, settings))


@router.post("/totp")
def start_second_factor(db: SessionDep, user: CurrentUser) -> SecondFactorEnrolment:
    """A new secret for an authenticator app (its otpauth URI and QR); it is in use once a code confirms it."""
    account = db.merge(user)
    uri = second_factor.start_enrolment(db=db, user=account)
    return SecondFactorEnrolment(otpauth_uri=uri, qr_svg=second_factor.qr_svg(uri))


@router.post("/totp/confirm")
def confirm_second_factor(data: SecondFactorCode, db: SessionDep, user: CurrentUser) -> RecoveryCodes:
    """Turn the second factor on with a first code; the ten recovery codes are shown this once."""
    account = db.merge(user)
    if account.totp_secret is None:
        raise DomainError("Primero pide un código QR (POST /api/auth/totp)")
    codes = second_factor.confirm_enrolment(db=db, user=account, code=data.code)
    audit.record(db=db, actor=account, action="auth.second_factor_on", subject=f"user:{account.id}")
    return RecoveryCodes(recovery_codes=codes)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(db: SessionDep, user: CurrentUser) -> None:
    """Every token of the user stops working, this one included."""
    user_service.revoke_tokens(db.merge(user))


@router.get("/me")
def read_me(user: CurrentUser) -> UserPublic:
    """The logged-in user."""
    return UserPublic.model_validate(user, from_attributes=True)
