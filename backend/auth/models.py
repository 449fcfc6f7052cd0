"""Staff user accounts."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.database import Base, utcnow


class Role(StrEnum):
    """What a staff member does, and so what they may see."""

    EXECUTIVE = "executive"
    COLLECTIONS = "collections"
    BACKOFFICE = "backoffice"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class User(Base):
    """A member of staff who logs in to the back office."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    hashed_password: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(String(20))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Executives: the cities whose leads they are given (none: every city).
    cities: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Raised on logout and on a password, role or activity change: tokens signed with an older one stop working.
    token_version: Mapped[int] = mapped_column(default=0)
    # A generated or reset password: the account must choose its own before doing anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # The second factor (auth/second_factor.py): a TOTP secret, in use once a first code confirmed it.
    totp_secret: Mapped[str | None] = mapped_column(String(64), default=None)
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(default=None)
    totp_last_step: Mapped[int] = mapped_column(default=0)  # the latest code's time step: a code works once
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoginAttempt(Base):
    """A login, kept to audit failures and refusals and to slow down guessing (per account and address)."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    succeeded: Mapped[bool]
    refused: Mapped[bool] = mapped_column(default=False)  # turned away unchecked: too many failures lately
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class RecoveryCode(Base):
    """A one-time code that stands in for the second factor when the phone is lost; only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None] = mapped_column(default=None)
