"""Shapes of the authentication API."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from backend.auth.models import Role


class FailedAttempt(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    address: str
    refused: bool


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    must_change_password: bool = False
    must_enrol_second_factor: bool = False
    failed_attempts: list[FailedAttempt] = Field(
        default_factory=list, description="failed and refused logins of the account since its previous login"
    )


class SecondFactorEnrolment(BaseModel):
    otpauth_uri: str = Field(description="what the authenticator app scans (also as `qr_svg`)")
    qr_svg: str


class SecondFactorCode(BaseModel):
    code: str = Field(min_length=6, max_length=20)


class RecoveryCodes(BaseModel):
    recovery_codes: list[str] = Field(description="each works once instead of a code; shown only now")


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=128)
    new_password: str = Field(max_length=128)


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    full_name: str
    role: Role
    is_active: bool = True
    cities: list[str] = []


class UserCreate(BaseModel):
    email: EmailStr
    full_name: str = Field(min_length=2, max_length=120)
    password: str = Field(min_length=10, max_length=128)
    role: Role
    cities: list[Annotated[str, Field(min_length=2, max_length=80)]] = Field(default_factory=list, max_length=50)


class UserUpdate(BaseModel):
    """Fields left out stay as they were."""

    full_name: str | None = Field(default=None, min_length=2, max_length=120)
    password: str | None = Field(default=None, min_length=10, max_length=128)
    role: Role | None = None
    is_active: bool | None = None
    cities: list[Annotated[str, Field(min_length=2, max_length=80)]] | None = Field(default=None, max_length=50)
