"""Where document bytes live: a folder of content-addressed files."""

import hashlib
import mimetypes
import uuid
from pathlib import Path

from backend.documents import notices
from backend.documents.sniffing import MAX_PIXELS, content_type_of, pixels_of

PAPER_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "application/pdf"})  # photos and documents
AUDIO_TYPES = frozenset({"audio/ogg", "audio/mpeg", "audio/mp4", "audio/aac", "audio/amr"})  # voice notes
MAX_BYTES = 16 * 1024 * 1024


class RejectedFile(ValueError):
    """A file the product does not keep; the message is for the customer, in Spanish."""


class DocumentStorage:
    """Writes files once under `root` and reads them back by key."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, data: bytes, accepted: frozenset[str] = PAPER_TYPES) -> tuple[str, str, str]:
        """Store `data`; its key, SHA-256 and content type, read from the bytes themselves (what the sender
        claims is not trusted). Refuses sizes and types other than `accepted`."""
        if not data:
            raise RejectedFile(notices.EMPTY)
        if len(data) > MAX_BYTES:
            raise RejectedFile(notices.TOO_HEAVY)
        content_type = content_type_of(data)
        if content_type not in accepted:
            raise RejectedFile(notices.WRONG_TYPE if accepted == PAPER_TYPES else notices.WRONG_AUDIO)
        if content_type.startswith("image/") and not (pixels := pixels_of(data)):
            raise RejectedFile(notices.UNREADABLE_IMAGE)
        if content_type.startswith("image/") and pixels > MAX_PIXELS:
            raise RejectedFile(notices.TOO_LARGE_IMAGE)
        digest = hashlib.sha256(data).hexdigest()
        extension = mimetypes.guess_extension(content_type) or ""
        key = f"{digest[:2]}/{uuid.uuid4().hex}{extension}"
        path = self.root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return key, digest, content_type

    def path(self, key: str) -> Path:
        """The file of `key`."""
        return self.root / key
