"""Staff accounts: look-up, authentication and the first administrator."""

import logging
import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.auth import second_factor, throttling
from backend.auth.models import LoginAttempt, Role, User
from backend.auth.passwords import password_problem
from backend.auth.security import UNKNOWN_ACCOUNT_HASH, hash_password, verify_password
from backend.auth.throttling import Wait
from backend.database import to_db, utcnow
from backend.errors import DomainError, Forbidden

logger = logging.getLogger(__name__)

RECENT_FAILURES_SHOWN = 20


class TooManyAttempts(DomainError):
    """Too many failed logins lately for this account from this address (answered 429 with Retry-After)."""

    status_code = 429

    def __init__(self, wait: Wait) -> None:
        minutes = max(1, round(wait.seconds / 60))
        super().__init__(f"Demasiados intentos fallidos: vuelve a intentar en {minutes} min")
        self.retry_after = wait.seconds


class SecondFactorNeeded(Exception):
    """The password is right and the account has a second factor: its code is asked next."""

    def __init__(self, user: User) -> None:
        super().__init__("second factor needed")
        self.user = user


class WeakPassword(DomainError):
    """A password the policy refuses (answered 422)."""

    status_code = 422


def check_password(password: str) -> None:
    """Refuse a password that is short or among those guessed first."""
    if problem := password_problem(password):
        raise WeakPassword(problem)


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


def _refuse_if_throttled(db: Session, *, email: str, address: str, now: datetime) -> None:
    """Turn the attempt away unchecked (kept as refused) while its account and address must wait."""
    if wait := throttling.wait_before_trying(db, email=email, address=address, now=now):
        db.add(LoginAttempt(email=email, address=address[:64], succeeded=False, refused=True, at=to_db(now)))
        logger.warning("Login refused for %s from %s for %s s: too many failures (%s)", email, address,
                       wait.seconds, wait.reason)  # fmt: skip
        raise TooManyAttempts(wait)


def _kept(db: Session, *, email: str, address: str, now: datetime, user: User | None, succeeded: bool) -> User | None:
    db.add(LoginAttempt(email=email, address=address[:64], succeeded=succeeded, at=to_db(now)))
    if not succeeded:
        logger.info("Failed login for %s from %s", email, address)
        return None
    return user


def authenticate(
    *,
    db: Session,
    email: str,
    password: str,
    address: str,
    known_device: Callable[[int], bool] = lambda _: False,
    code: str | None = None,
) -> User | None:
    """The active user with these credentials (and, when the account has a second factor, its `code`), else
    None; raises SecondFactorNeeded when only the code is missing. Every attempt is kept. A device or address
    that has logged into the account before is never slowed down; any other waits after repeated failures
    (`throttling`), turned away unchecked and kept as refused."""
    email, now = email.strip().lower()[:254], utcnow()
    user = get_by_email(db=db, email=email)
    known = user is not None and (
        known_device(user.id) or throttling.address_is_known(db, email=email, address=address, now=now)
    )
    if not known:
        _refuse_if_throttled(db, email=email, address=address, now=now)
    matches = verify_password(password, user.hashed_password if user else UNKNOWN_ACCOUNT_HASH)
    succeeded = user is not None and user.is_active and matches
    if succeeded and user is not None and second_factor.is_enrolled(user):
        if not code:
            raise SecondFactorNeeded(user)  # nothing kept yet: the code decides
        succeeded = second_factor.check_code(db=db, user=user, code=code)
    return _kept(db, email=email, address=address, now=now, user=user, succeeded=succeeded)


def authenticate_code(*, db: Session, user_id: int, code: str, address: str) -> User | None:
    """The second step of a console login whose password was right: the user when `code` is theirs, else None.
    Codes are guessed no faster than passwords."""
    user, now = db.get(User, user_id), utcnow()
    if user is None or not user.is_active or not second_factor.is_enrolled(user):
        return None
    _refuse_if_throttled(db, email=user.email, address=address, now=now)
    succeeded = second_factor.check_code(db=db, user=user, code=code)
    return _kept(db, email=user.email, address=address, now=now, user=user, succeeded=succeeded)


def failures_since_previous_login(*, db: Session, email: str) -> list[LoginAttempt]:
    """The failed and refused logins of the account since its login before the latest, newest first: what its
    owner is shown as they log in."""
    db.flush()
    successes = select(LoginAttempt.at).where(LoginAttempt.email == email, LoginAttempt.succeeded.is_(True))
    previous = db.scalars(successes.order_by(LoginAttempt.at.desc()).offset(1).limit(1)).first()
    query = select(LoginAttempt).where(LoginAttempt.email == email, LoginAttempt.succeeded.is_(False))
    if previous is not None:
        query = query.where(LoginAttempt.at > previous)
    return list(db.scalars(query.order_by(LoginAttempt.id.desc()).limit(RECENT_FAILURES_SHOWN)))


def change_password(*, db: Session, user: User, current: str, new: str) -> User:
    """The user's own new password, once the current one is confirmed; other sessions end."""
    if not verify_password(current, user.hashed_password):
        raise Forbidden("La contraseña actual no es correcta")
    if current == new:
        raise WeakPassword("La nueva contraseña debe ser distinta de la actual")
    check_password(new)
    user.hashed_password = hash_password(new)
    user.must_change_password = False
    revoke_tokens(user)
    db.flush()
    return user


def revoke_tokens(user: User) -> None:
    """Every token issued to `user` so far stops working."""
    user.token_version += 1


def failed_logins(*, db: Session, limit: int = 200) -> list[LoginAttempt]:
    """The latest failed logins, newest first."""
    query = select(LoginAttempt).where(LoginAttempt.succeeded.is_(False)).order_by(LoginAttempt.id.desc())
    return list(db.scalars(query.limit(limit)))


def ensure_admin(*, db: Session, email: str, password: str, password_file: Path) -> None:
    """Create the first administrator if there is none; print a generated password."""
    if db.scalar(select(User).where(User.role == Role.ADMIN).limit(1)) is not None:
        return
    generated = not password
    password = password or secrets.token_urlsafe(12)
    admin = create(db=db, email=email, full_name="Administrador", password=password, role=Role.ADMIN)
    admin.must_change_password = generated  # a password nobody chose: its owner picks one at the first login
    if generated:  # kept in a file only its owner reads, never in the logs
        password_file.parent.mkdir(parents=True, exist_ok=True)
        password_file.touch(mode=0o600)
        password_file.write_text(password + "\n")
        logger.warning("Created administrator %s; its password is in %s", email, password_file.resolve())
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
