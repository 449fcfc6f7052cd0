"""`/webhooks/whatsapp`: Meta's verification handshake, and signed notifications stored at once."""

import json
import logging
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, status
from fastapi.responses import PlainTextResponse

from backend.deps import SettingsDep
from bot.deps import RuntimeDep
from bot.whatsapp.notifications import CHANNEL, parse_notification
from bot.whatsapp.signature import is_signed

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/webhooks/whatsapp", tags=["channels"])


def require_channel_on(settings: SettingsDep) -> None:
    if not settings.whatsapp_enabled:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "WhatsApp is not configured")


@router.get("", response_class=PlainTextResponse)
def verify_webhook(
    settings: SettingsDep,
    mode: Annotated[str | None, Query(alias="hub.mode")] = None,
    token: Annotated[str | None, Query(alias="hub.verify_token")] = None,
    challenge: Annotated[str | None, Query(alias="hub.challenge")] = None,
) -> str:
    """Answer Meta's subscription check with the challenge when the verify token matches."""
    require_channel_on(settings)
    if mode != "subscribe" or token != settings.WHATSAPP_VERIFY_TOKEN or challenge is None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Verification failed")
    return challenge


@router.post("")
async def receive_notification(
    request: Request,
    runtime: RuntimeDep,
    settings: SettingsDep,
    x_hub_signature_256: Annotated[str | None, Header()] = None,
) -> dict[str, int]:
    """Keep the customer messages and delivery receipts of a signed notification; the worker does the rest."""
    require_channel_on(settings)
    body = await request.body()
    if not is_signed(body, x_hub_signature_256, settings.WHATSAPP_APP_SECRET):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Invalid signature")
    try:
        payload = json.loads(body)
    except ValueError as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "The body is not JSON") from error
    if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Not a WhatsApp Business Account notification")
    messages, statuses = parse_notification(payload)
    receipts = [{"message_id": s.message_id, "status": s.status, "error": s.error} for s in statuses]
    await runtime.intake.keep(CHANNEL, messages, receipts)
    return {"messages": len(messages), "statuses": len(statuses)}
