"""Log in and see who is logged in."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import OAuth2PasswordRequestForm

from backend.auth import service as user_service
from backend.auth.schemas import Token, UserPublic
from backend.auth.security import create_access_token
from backend.deps import CurrentUser, SessionDep, SessionRoute, SettingsDep

router = APIRouter(route_class=SessionRoute, prefix="/auth", tags=["auth"])


@router.post("/token")
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()], db: SessionDep, settings: SettingsDep) -> Token:
    """Exchange an e-mail and password for a bearer token."""
    user = user_service.authenticate(db=db, email=form.username, password=form.password)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Incorrect e-mail or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    token = create_access_token(
        str(user.id),
        secret_key=settings.SECRET_KEY,
        expires_in=timedelta(minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES),
    )
    return Token(access_token=token)


@router.get("/me")
def read_me(user: CurrentUser) -> UserPublic:
    """The logged-in user."""
    return UserPublic.model_validate(user, from_attributes=True)
