"""Links to files staff sent a customer, signed for one file: the customer's channel (or browser) fetches the file
from it without logging in, and no other file can be reached with it."""

import hashlib
import hmac


def token(secret: str, document_id: int) -> str:
    return hmac.new(secret.encode(), f"file:{document_id}".encode(), hashlib.sha256).hexdigest()[:32]


def holds_token(secret: str, document_id: int, presented: str) -> bool:
    return hmac.compare_digest(presented.encode(), token(secret, document_id).encode())
