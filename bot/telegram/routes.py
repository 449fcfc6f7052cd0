"""`/webhooks/telegram`: updates pushed by Telegram, checked by their secret token and kept at once."""

import hmac
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, HTTPException, status
from telegram import Update

from backend.deps import SettingsDep
from bot.deps import RuntimeDep
from bot.runtime import ChannelRuntime
from bot.telegram.updates import CHANNEL, read_update

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/webhooks/telegram", tags=["channels"])


@router.post("")
async def receive_update(
    runtime: RuntimeDep,
    settings: SettingsDep,
    update: Annotated[dict[str, Any], Body()],
    x_telegram_bot_api_secret_token: Annotated[str | None, Header()] = None,
) -> dict[str, bool]:
    """Keep the update's customer message (handled once per `update_id`); the worker answers it."""
    if not settings.telegram_enabled or settings.TELEGRAM_MODE != "webhook":
        raise HTTPException(status.HTTP_404_NOT_FOUND, "The Telegram webhook is off")
    given = (x_telegram_bot_api_secret_token or "").encode()
    if not hmac.compare_digest(given, settings.TELEGRAM_WEBHOOK_SECRET.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Invalid secret token")
    return {"received": await keep_update(runtime, update)}


async def keep_update(runtime: ChannelRuntime, data: dict[str, Any]) -> bool:
    """Keep one update from the webhook or from polling; whether it carried a customer message."""
    telegram = runtime.telegram
    if telegram is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Telegram is off")
    try:
        update = Update.de_json(data, telegram.bot)
        message = read_update(update) if update is not None else None
    except (KeyError, TypeError, ValueError) as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"Not a Telegram update: {error}") from error
    if message is None:
        return False
    await runtime.intake.keep(CHANNEL, [message])
    return True
