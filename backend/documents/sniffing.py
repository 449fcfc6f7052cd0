"""What a file really is, read from its first bytes rather than from what the sender claims."""

import io

from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 50_000_000  # a 50-megapixel photo; bigger ones are decompression bombs, not receipts
_SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"%PDF-", "application/pdf"))


def content_type_of(data: bytes) -> str | None:
    """The type the bytes are (JPEG, PNG, WEBP or PDF), else None."""
    for signature, content_type in _SIGNATURES:
        if data.startswith(signature):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def pixels_of(data: bytes) -> int | None:
    """How many pixels an image has, read from its header alone (None if it is not a readable image)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        return None
    return width * height
