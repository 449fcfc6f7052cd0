"""What the channel layer itself tells customers: when the assistant cannot answer, what it cannot read, and a
file it could not keep."""

from backend.conversations.messages import OutboundMessage

UNAVAILABLE_REPLY = OutboundMessage(
    text=(
        "Disculpa, en este momento no puedo responderte por un problema técnico. "
        "Por favor escríbeme de nuevo en unos minutos. 🙏"
    )
)
WAIT_NOTICE = OutboundMessage(
    text=(
        "Dame un momento, por favor 🙏 Estoy teniendo un problema técnico; te respondo apenas se resuelva. "
        "No hace falta que me escribas de nuevo."
    )
)
UNSUPPORTED_REPLY = OutboundMessage(
    text=(
        "Disculpa, todavía no puedo leer ese tipo de mensaje (stickers, videos, reacciones…). "
        "¿Me lo escribes, por favor? También puedes enviarme tu ubicación 📍, fotos o documentos PDF."
    )
)
DOWNLOAD_FAILED = "Hubo un problema al descargarlo."


def file_problem_reply(reason: str) -> OutboundMessage:
    """The file could not be kept, for `reason` (a sentence in Spanish)."""
    return OutboundMessage(text=f"No pude recibir tu archivo 😕 {reason} ¿Me lo envías de nuevo, por favor?")
