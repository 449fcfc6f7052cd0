"""A second factor for staff: codes from an authenticator app (TOTP, RFC 6238, through pyotp), enrolled by
scanning a QR in the console, and ten one-time recovery codes, kept hashed, for a lost phone. Roles named in
`SECOND_FACTOR_ROLES` must enrol before they do anything else."""

import secrets
import time
from datetime import datetime, timedelta

import jwt
import pyotp
import segno
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend.auth.models import RecoveryCode, User
from backend.auth.security import ALGORITHM, hash_password, verify_password
from backend.config import Settings
from backend.database import to_db, utcnow
from backend.errors import DomainError

ISSUER = "Venta Digital"
RECOVERY_CODES = 10
PENDING_FOR = timedelta(minutes=5)  # between the password and the code, in the console


class WrongCode(DomainError):
    """A code that does not match (answered 422)."""

    status_code = 422


def roles_required(settings: Settings) -> set[str]:
    return {role.strip() for role in settings.SECOND_FACTOR_ROLES.split(",") if role.strip()}


def is_enrolled(user: User) -> bool:
    return user.totp_secret is not None and user.totp_confirmed_at is not None


def must_enrol(user: User, settings: Settings) -> bool:
    """Whether the user's role requires a second factor they have not set up yet."""
    return user.role in roles_required(settings) and not is_enrolled(user)


def start_enrolment(*, db: Session, user: User) -> str:
    """A new secret for the user's app, in use once a code from it is confirmed; the otpauth URI to scan."""
    user.totp_secret, user.totp_confirmed_at = pyotp.random_base32(), None
    db.flush()
    return provisioning_uri(user)


def provisioning_uri(user: User) -> str:
    assert user.totp_secret is not None
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The URI as a QR an authenticator app scans, as inline SVG."""
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#1f2937")


def _totp_step(user: User, code: str) -> int | None:
    """The time step `code` belongs to (this one or a neighbour, for clocks a little off), if it matches."""
    if user.totp_secret is None or not code.isdigit():
        return None
    totp, now = pyotp.TOTP(user.totp_secret), time.time()
    for drift in (0, -1, 1):
        at = now + drift * totp.interval
        if secrets.compare_digest(totp.at(at), code):
            return totp.timecode(datetime.fromtimestamp(at))
    return None


def confirm_enrolment(*, db: Session, user: User, code: str) -> list[str]:
    """Turn the second factor on with a first code from the app; the new recovery codes, shown only now."""
    step = _totp_step(user, code.strip().replace(" ", ""))
    if step is None:
        raise WrongCode("El código no coincide: revisa que la hora de tu teléfono esté bien y usa el más reciente")
    user.totp_confirmed_at, user.totp_last_step = to_db(utcnow()), step
    db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    db.add_all(RecoveryCode(user_id=user.id, code_hash=hash_password(code)) for code in codes)
    db.flush()
    return codes


def check_code(*, db: Session, user: User, code: str) -> bool:
    """Whether `code` is the app's current code (each works once) or an unused recovery code (then used up)."""
    code = code.strip().replace(" ", "").lower()
    step = _totp_step(user, code)
    if step is not None:
        if step <= user.totp_last_step:
            return False  # already used: a code seen over a shoulder does not work twice
        user.totp_last_step = step
        return True
    unused = db.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))
    for recovery in unused:
        if verify_password(code, recovery.code_hash):
            recovery.used_at = to_db(utcnow())
            return True
    return False


def pending_token(user: User, secret_key: str) -> str:
    """What the console keeps between a right password and the code: who, for a few minutes."""
    payload = {"sub": str(user.id), "stage": "second_factor", "exp": utcnow() + PENDING_FOR}
    return jwt.encode(payload, secret_key, algorithm=ALGORITHM)


def read_pending(token: str | None, secret_key: str) -> int | None:
    """The user id of a valid pending token, else None."""
    try:
        payload = jwt.decode(token or "", secret_key, algorithms=[ALGORITHM])
    except jwt.PyJWTError:
        return None
    subject = payload.get("sub")
    return int(subject) if payload.get("stage") == "second_factor" and str(subject).isdigit() else None
