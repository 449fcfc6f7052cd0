"""Shapes of the authentication API."""

from pydantic import BaseModel

from backend.auth.models import Role


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


class UserPublic(BaseModel):
    id: int
    email: str
    full_name: str
    role: Role
