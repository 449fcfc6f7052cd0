"""Staff accounts: look-up, authentication and the first administrator."""

import logging
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.auth.models import Role, User
from backend.auth.security import hash_password, verify_password

logger = logging.getLogger(__name__)


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


def authenticate(*, db: Session, email: str, password: str) -> User | None:
    """The active user with these credentials, else None."""
    user = get_by_email(db=db, email=email)
    if user is None or not user.is_active or not verify_password(password, user.hashed_password):
        return None
    return user


def ensure_admin(*, db: Session, email: str, password: str) -> None:
    """Create the first administrator if there is none; print a generated password."""
    if db.scalar(select(User).where(User.role == Role.ADMIN).limit(1)) is not None:
        return
    generated = not password
    password = password or secrets.token_urlsafe(12)
    create(db=db, email=email, full_name="Administrador", password=password, role=Role.ADMIN)
    if generated:
        logger.warning("Created administrator %s with password: %s", email, password)
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
