"""What a file really is, read from its first bytes rather than from what the sender claims."""

import io

from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 50_000_000  # a 50-megapixel photo; bigger ones are decompression bombs, not receipts
_SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"%PDF-", "application/pdf"))


_AUDIO_SIGNATURES = ((b"OggS", "audio/ogg"), (b"ID3", "audio/mpeg"), (b"#!AMR", "audio/amr"))


def content_type_of(data: bytes) -> str | None:
    """The type the bytes are (JPEG, PNG, WEBP, PDF, or the audio of voice notes: Ogg, MP3, M4A, AAC, AMR),
    else None."""
    for signature, content_type in (*_SIGNATURES, *_AUDIO_SIGNATURES):
        if data.startswith(signature):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp" and data[8:11] in (b"M4A", b"mp4", b"iso", b"3gp"):
        return "audio/mp4"
    if len(data) > 1 and data[0] == 0xFF and data[1] & 0xF6 == 0xF0:  # ADTS: the frames of plain AAC
        return "audio/aac"
    if len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0:  # an MPEG audio frame without ID3 tag
        return "audio/mpeg"
    return None


def pixels_of(data: bytes) -> int | None:
    """How many pixels an image has, read from its header alone (None if it is not a readable image)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        return None
    return width * height
