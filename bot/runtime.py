"""Starting and stopping the messaging channels that the settings turn on."""

import logging
from pathlib import Path

from fastapi import FastAPI

from backend.config import Settings
from backend.documents.storage import DocumentStorage
from bot.channels import Channel
from bot.gateway import Gateway
from bot.intake import Intake
from bot.telegram.client import TelegramChannel, make_bot
from bot.telegram.polling import TelegramPoller
from bot.whatsapp.client import WhatsAppChannel
from bot.worker import ChannelWorker

logger = logging.getLogger(__name__)


def build_channels(settings: Settings) -> dict[str, Channel]:
    """WhatsApp and Telegram, each only when its credentials are set."""
    channels: dict[str, Channel] = {}
    if settings.whatsapp_enabled:
        channels["whatsapp"] = WhatsAppChannel(
            graph_url=settings.WHATSAPP_GRAPH_URL,
            phone_number_id=settings.WHATSAPP_PHONE_NUMBER_ID,
            access_token=settings.WHATSAPP_ACCESS_TOKEN,
        )
    if settings.telegram_enabled:
        channels["telegram"] = TelegramChannel(
            make_bot(token=settings.TELEGRAM_BOT_TOKEN, api_url=settings.TELEGRAM_API_URL)
        )
    return channels


async def start_channels(app: FastAPI, settings: Settings, gateway: Gateway) -> None:
    """Build the channels, start the worker that answers and delivers, and Telegram polling or its webhook."""
    app.state.channels = build_channels(settings)
    app.state.intake = Intake(app.state.session_factory)
    app.state.worker = ChannelWorker(
        session_factory=app.state.session_factory,
        gateway=gateway,
        channels=app.state.channels,
        storage=DocumentStorage(Path(settings.DOCUMENTS_DIR)),
        retry_base_seconds=settings.SEND_RETRY_BASE_SECONDS,
        max_attempts=settings.SEND_MAX_ATTEMPTS,
    )
    app.state.worker.start()
    app.state.telegram_poller = None
    telegram = app.state.channels.get("telegram")
    if isinstance(telegram, TelegramChannel):
        if settings.TELEGRAM_MODE == "polling":
            app.state.telegram_poller = TelegramPoller(app, telegram.bot)
            app.state.telegram_poller.start()
        elif settings.TELEGRAM_WEBHOOK_URL:
            await register_telegram_webhook(telegram, settings)
    logger.info("Channels on: %s", ", ".join(settings.channels))


async def register_telegram_webhook(telegram: TelegramChannel, settings: Settings) -> None:
    """Tell Telegram where to push updates, with the secret it must send back."""
    try:
        await telegram.bot.set_webhook(
            url=settings.TELEGRAM_WEBHOOK_URL,
            secret_token=settings.TELEGRAM_WEBHOOK_SECRET,
            allowed_updates=["message", "callback_query"],
        )
    except Exception:
        logger.exception("Could not register the Telegram webhook; updates will not arrive until it is set")


async def stop_channels(app: FastAPI) -> None:
    """Stop polling and the worker, and close the channels' connections."""
    if app.state.telegram_poller is not None:
        await app.state.telegram_poller.stop()
    await app.state.worker.stop()
    for channel in app.state.channels.values():
        await channel.close()
