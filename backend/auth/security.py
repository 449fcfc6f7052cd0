"""Password hashing and signed access tokens."""

from datetime import timedelta

import jwt
from pwdlib import PasswordHash

from backend.auth.models import User
from backend.config import Settings
from backend.database import utcnow

ALGORITHM = "HS256"
_password_hash = PasswordHash.recommended()


def hash_password(password: str) -> str:
    """A salted, slow hash of `password`."""
    return _password_hash.hash(password)


def verify_password(password: str, hashed: str) -> bool:
    """Whether `password` matches `hashed`."""
    return _password_hash.verify(password, hashed)


# Verified when an e-mail is unknown, so that a login takes as long whether the account exists or not.
UNKNOWN_ACCOUNT_HASH = _password_hash.hash("not the password of any account")


def create_access_token(subject: str, *, version: int, secret_key: str, expires_in: timedelta) -> str:
    """A signed token naming `subject` at token `version`, valid for `expires_in`."""
    payload = {"sub": subject, "ver": version, "exp": utcnow() + expires_in}
    return jwt.encode(payload, secret_key, algorithm=ALGORITHM)


def read_access_token(token: str, *, secret_key: str) -> tuple[str, int] | None:
    """The subject and version of a valid, unexpired token, else None."""
    try:
        payload = jwt.decode(token, secret_key, algorithms=[ALGORITHM])
    except jwt.PyJWTError:
        return None
    subject, version = payload.get("sub"), payload.get("ver")
    return (subject, version) if isinstance(subject, str) and isinstance(version, int) else None


def token_for(user: User, settings: Settings) -> str:
    """The access token of `user` at its current version, valid for `ACCESS_TOKEN_EXPIRE_MINUTES`."""
    return create_access_token(
        str(user.id),
        version=user.token_version,
        secret_key=settings.SECRET_KEY,
        expires_in=timedelta(minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES),
    )
