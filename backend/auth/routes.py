"""Log in and see who is logged in."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.responses import JSONResponse
from fastapi.security import OAuth2PasswordRequestForm

from backend.auth import service as user_service
from backend.auth.schemas import Token, UserPublic
from backend.auth.security import create_access_token
from backend.deps import CurrentUser, SessionDep, SessionRoute, SettingsDep, client_address

router = APIRouter(route_class=SessionRoute, prefix="/auth", tags=["auth"])


@router.post("/token", response_model=Token)
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, db: SessionDep, settings: SettingsDep
) -> Response:
    """Exchange an e-mail and password for a bearer token (429 after too many failures)."""
    user = user_service.authenticate(
        db=db, email=form.username, password=form.password, address=client_address(request)
    )
    if user is None:  # answered, not raised: the failed attempt is kept
        return JSONResponse(
            {"detail": "Incorrect e-mail or password"},
            status_code=status.HTTP_401_UNAUTHORIZED,
            headers={"WWW-Authenticate": "Bearer"},
        )
    token = create_access_token(
        str(user.id),
        version=user.token_version,
        secret_key=settings.SECRET_KEY,
        expires_in=timedelta(minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES),
    )
    return JSONResponse(Token(access_token=token).model_dump())


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(db: SessionDep, user: CurrentUser) -> None:
    """Every token of the user stops working, this one included."""
    user_service.revoke_tokens(db.merge(user))


@router.get("/me")
def read_me(user: CurrentUser) -> UserPublic:
    """The logged-in user."""
    return UserPublic.model_validate(user, from_attributes=True)
