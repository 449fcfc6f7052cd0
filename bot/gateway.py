"""Routes every inbound message to the assistant and returns what to send back."""

from bot.messages import InboundMessage, OutboundMessage
from bot.rasa import RasaClient, RasaUnavailable

UNAVAILABLE_REPLY = OutboundMessage(
    text=(
        "Disculpa, en este momento no puedo responderte por un problema técnico. "
        "Por favor escríbeme de nuevo en unos minutos. 🙏"
    )
)
UNSUPPORTED_REPLY = OutboundMessage(
    text=(
        "Disculpa, todavía no puedo leer ese tipo de mensaje (audios, stickers, reacciones…). "
        "¿Me lo escribes, por favor? También puedes enviarme tu ubicación 📍, fotos o documentos PDF."
    )
)


class Gateway:
    """The one entry point of all channels into the conversation."""

    def __init__(self, rasa: RasaClient) -> None:
        self._rasa = rasa

    async def handle(self, message: InboundMessage) -> tuple[list[OutboundMessage], bool]:
        """The replies to `message`, and whether the assistant could answer at all."""
        if message.unsupported:
            return [UNSUPPORTED_REPLY], True
        try:
            return await self._rasa.send(message), True
        except RasaUnavailable:
            return [UNAVAILABLE_REPLY], False

    async def close(self) -> None:
        await self._rasa.close()
