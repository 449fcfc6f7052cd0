"""Staff accounts: look-up, authentication and the first administrator."""

import logging
import secrets
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.auth.models import LoginAttempt, Role, User
from backend.auth.security import UNKNOWN_ACCOUNT_HASH, hash_password, verify_password
from backend.database import to_db, utcnow
from backend.errors import DomainError

logger = logging.getLogger(__name__)

LOCKOUT_WINDOW = timedelta(minutes=15)
FAILURES_PER_ACCOUNT = 5
FAILURES_PER_ADDRESS = 20
GENERATED_PASSWORD_FILE = Path("var/initial-admin-password")


class TooManyAttempts(DomainError):
    """Too many failed logins lately for this account or from this address (answered 429)."""

    status_code = 429


def get_by_email(*, db: Session, email: str) -> User | None:
    """The user with this e-mail (case-insensitive), if any."""
    return db.scalar(select(User).where(User.email == email.strip().lower()))


def create(
    *, db: Session, email: str, full_name: str, password: str, role: Role, cities: list[str] | None = None
) -> User:
    """Create an active user."""
    user = User(
        email=email.strip().lower(),
        full_name=full_name,
        hashed_password=hash_password(password),
        role=role,
        cities=cities or [],
    )
    db.add(user)
    db.flush()
    return user


def authenticate(*, db: Session, email: str, password: str, address: str) -> User | None:
    """The active user with these credentials, else None; every attempt is kept, and after too many failures
    for the account or from the address no password is even checked until the window passes."""
    email = email.strip().lower()[:254]
    since = to_db(utcnow() - LOCKOUT_WINDOW)
    failures = (
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since)
    )
    if (
        db.scalar(failures.where(LoginAttempt.email == email)) >= FAILURES_PER_ACCOUNT
        or db.scalar(failures.where(LoginAttempt.address == address)) >= FAILURES_PER_ADDRESS
    ):
        logger.warning("Login refused for %s from %s: too many failed attempts", email, address)
        raise TooManyAttempts("Demasiados intentos fallidos: vuelve a intentar en 15 minutos")
    user = get_by_email(db=db, email=email)
    matches = verify_password(password, user.hashed_password if user else UNKNOWN_ACCOUNT_HASH)
    succeeded = user is not None and user.is_active and matches
    db.add(LoginAttempt(email=email, address=address[:64], succeeded=succeeded, at=to_db(utcnow())))
    if not succeeded:
        logger.info("Failed login for %s from %s", email, address)
        return None
    return user


def revoke_tokens(user: User) -> None:
    """Every token issued to `user` so far stops working."""
    user.token_version += 1


def failed_logins(*, db: Session, limit: int = 200) -> list[LoginAttempt]:
    """The latest failed logins, newest first."""
    query = select(LoginAttempt).where(LoginAttempt.succeeded.is_(False)).order_by(LoginAttempt.id.desc())
    return list(db.scalars(query.limit(limit)))


def ensure_admin(*, db: Session, email: str, password: str) -> None:
    """Create the first administrator if there is none; print a generated password."""
    if db.scalar(select(User).where(User.role == Role.ADMIN).limit(1)) is not None:
        return
    generated = not password
    password = password or secrets.token_urlsafe(12)
    create(db=db, email=email, full_name="Administrador", password=password, role=Role.ADMIN)
    if generated:  # kept in a file only its owner reads, never in the logs
        GENERATED_PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
        GENERATED_PASSWORD_FILE.touch(mode=0o600)
        GENERATED_PASSWORD_FILE.write_text(password + "\n")
        logger.warning("Created administrator %s; its password is in %s", email, GENERATED_PASSWORD_FILE.resolve())
    else:
        logger.info("Created administrator %s", email)


def list_users(*, db: Session) -> list[User]:
    """Every staff account, by name."""
    return list(db.scalars(select(User).order_by(User.full_name)))


def update(
    *,
    db: Session,
    user: User,
    full_name: str | None = None,
    password: str | None = None,
    role: Role | None = None,
    is_active: bool | None = None,
    cities: list[str] | None = None,
) -> User:
    """Change an account; fields given as None stay as they were."""
    if full_name is not None:
        user.full_name = full_name
    if (password is not None) or (role is not None and role != user.role) or (is_active is False):
        revoke_tokens(user)
    if password is not None:
        user.hashed_password = hash_password(password)
    if role is not None:
        user.role = role
    if is_active is not None:
        user.is_active = is_active
    if cities is not None:
        user.cities = cities
    db.flush()
    return user
