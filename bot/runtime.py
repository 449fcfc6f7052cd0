"""The channels the settings turn on, and the parts every process needs to take in and answer messages."""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from backend.assistant.rasa import RasaClient
from backend.config import Settings
from bot.channels import Channel
from bot.gateway import Gateway
from bot.intake import Intake, KeptDeliveries
from bot.outbox import ChannelOutbox
from bot.speech import SpeechToText, speech_of
from bot.telegram.client import TelegramChannel, make_bot
from bot.wakeup import Wakeup
from bot.webchat.answers import AnswerWaits
from bot.webchat.channel import WebchatChannel
from bot.whatsapp.client import WhatsAppChannel

logger = logging.getLogger(__name__)


def build_channels(settings: Settings) -> dict[str, Channel]:
    """Web chat, and WhatsApp and Telegram each when its credentials are set."""
    channels: dict[str, Channel] = {"webchat": WebchatChannel(Path(settings.DOCUMENTS_DIR))}
    if settings.whatsapp_enabled:
        channels["whatsapp"] = WhatsAppChannel(
            graph_url=settings.WHATSAPP_GRAPH_URL,
            phone_number_id=settings.WHATSAPP_PHONE_NUMBER_ID,
            access_token=settings.WHATSAPP_ACCESS_TOKEN,
            templates=settings.whatsapp_templates,
            template_language=settings.WHATSAPP_TEMPLATE_LANGUAGE,
        )
    if settings.telegram_enabled:
        channels["telegram"] = TelegramChannel(
            make_bot(token=settings.TELEGRAM_BOT_TOKEN, api_url=settings.TELEGRAM_API_URL)
        )
    return channels


@dataclass
class ChannelRuntime:
    """The channels, where their deliveries are kept, the outbox, the way to the assistant, and the signal that
    wakes this process's worker."""

    channels: dict[str, Channel]
    deliveries: KeptDeliveries
    intake: Intake
    outbox: ChannelOutbox
    gateway: Gateway
    wakeup: Wakeup
    speech: SpeechToText | None = None
    answer_waits: AnswerWaits = field(default_factory=AnswerWaits)

    @classmethod
    def build(cls, settings: Settings, sessions: sessionmaker[Session]) -> "ChannelRuntime":
        channels = build_channels(settings)
        rasa = RasaClient(settings.RASA_URL, timeout=settings.RASA_TIMEOUT_SECONDS, token=settings.RASA_TOKEN)
        wakeup = Wakeup()
        deliveries = KeptDeliveries.beside(settings.DATABASE_URL, sessions)
        logger.info("Channels on: %s", ", ".join(settings.channels))
        return cls(
            channels,
            deliveries,
            Intake(deliveries, kept=wakeup),
            ChannelOutbox(channels, wake=wakeup),
            Gateway(rasa),
            wakeup,
            speech=speech_of(settings),
        )

    @property
    def telegram(self) -> TelegramChannel | None:
        telegram = self.channels.get("telegram")
        return telegram if isinstance(telegram, TelegramChannel) else None

    async def close(self) -> None:
        for channel in self.channels.values():
            await channel.close()
        await self.gateway.close()
        if self.speech is not None:
            await self.speech.close()
        self.deliveries.close()
