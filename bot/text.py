"""Cutting long texts to a channel's length limits without breaking words."""


def split_text(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at paragraphs, lines, sentences or words."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = max((window.rfind(sep) for sep in ("\n\n", "\n", ". ", " ")), default=-1)
        cut = cut + 1 if cut > limit // 3 else limit
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
