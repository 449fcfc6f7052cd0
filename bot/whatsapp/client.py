"""Sending through the Graph API (`/{phone-number-id}/messages`) and downloading media."""

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from backend.conversations.messages import Attachment, InboundMessage, OutboundMessage
from bot.channels import SendFailed
from bot.text import shorten, split_text

logger = logging.getLogger(__name__)

TEXT_LIMIT = 4096
INTERACTIVE_BODY_LIMIT = 1024
MAX_REPLY_BUTTONS = 3
BUTTON_TITLE_LIMIT = 20
MAX_LIST_ROWS = 10
ROW_TITLE_LIMIT = 24
ROW_DESCRIPTION_LIMIT = 72
LIST_BUTTON_LABEL = "Ver opciones"
MORE_OPTIONS = "Más opciones:"
TEMPLATE_PARAMETER_LIMIT = 1024
CAPTION_LIMIT = 1024  # text under an image or document
WINDOW = timedelta(hours=24) - timedelta(minutes=10)  # free-form messages only this long after the customer wrote
# Graph API error codes that mean "slow down", not "this message is wrong".
RATE_LIMIT_CODES = {4, 80007, 130429, 131048, 131056}


class WhatsAppChannel:
    """The WhatsApp Business number the customers write to."""

    name = "whatsapp"
    delivers = True

    def __init__(
        self,
        *,
        graph_url: str,
        phone_number_id: str,
        access_token: str,
        templates: dict[str, str] | None = None,
        template_language: str = "es",
        timeout: float = 15,
    ) -> None:
        self._phone_number_id = phone_number_id
        self._templates = templates or {}
        self._template_language = template_language
        self._http = httpx.AsyncClient(
            base_url=graph_url.rstrip("/") + "/",
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=timeout,
        )

    def fit(self, message: OutboundMessage) -> list[OutboundMessage]:
        """Texts cut to 4096 characters (1024 above buttons); more than ten options go in several lists."""
        if message.file is not None:
            return [message.model_copy(update={"text": shorten(message.text, CAPTION_LIMIT)})]
        if not message.buttons:
            return [message.model_copy(update={"text": piece}) for piece in split_text(message.text, TEXT_LIMIT)]
        pieces = split_text(message.text, TEXT_LIMIT)
        if len(pieces[-1]) > INTERACTIVE_BODY_LIMIT:
            pieces[-1:] = split_text(pieces[-1], INTERACTIVE_BODY_LIMIT)
        fitted = [OutboundMessage(text=piece, notice=message.notice) for piece in pieces[:-1]]
        groups = [message.buttons[i : i + MAX_LIST_ROWS] for i in range(0, len(message.buttons), MAX_LIST_ROWS)]
        for index, group in enumerate(groups):
            body = pieces[-1] if index == 0 else MORE_OPTIONS
            fitted.append(OutboundMessage(text=body or MORE_OPTIONS, buttons=group, notice=message.notice))
        return fitted

    async def send(
        self, user_id: str, message: OutboundMessage, *, ref: str, customer_last_wrote: datetime | None = None
    ) -> str:
        """Send one (already fitted) message; the `wamid` WhatsApp gave it.

        A customer who has not written for a day can only be sent an approved template: a notice goes out in the
        template configured for its kind (its text as the one parameter); anything else fails, for staff to see.
        """
        if window_open(customer_last_wrote):
            kind = content(message, ref)
        else:
            template = self._templates.get(message.notice or "")
            if template is None:
                raise SendFailed(
                    f"The customer last wrote more than 24 hours ago: WhatsApp only takes an approved template, and "
                    f"none is set for {message.notice or 'assistant replies'} (WHATSAPP_TEMPLATES)",
                    transient=False,
                )
            kind = template_content(template, self._template_language, message.text)
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": user_id, **kind}
        response = await self._request("POST", f"{self._phone_number_id}/messages", json=body)
        try:
            return str(response.json()["messages"][0]["id"])
        except (ValueError, KeyError, IndexError, TypeError) as error:
            raise SendFailed(f"Unexpected Graph API answer: {response.text[:200]}", transient=False) from error

    async def download(self, attachment: Attachment) -> tuple[bytes, str]:
        """The media's bytes: its metadata names a short-lived URL, fetched with the same token."""
        try:
            meta = (await self._request("GET", attachment.media_id)).json()
            url = meta["url"]
        except (ValueError, KeyError, TypeError) as error:
            raise SendFailed(f"Unexpected media answer for {attachment.media_id}", transient=False) from error
        media = await self._request("GET", url)
        content_type = meta.get("mime_type") or attachment.mime_type or media.headers.get("content-type", "")
        return media.content, content_type

    async def acknowledge(self, message: InboundMessage) -> None:
        """WhatsApp needs no acknowledgement beyond the webhook's 200."""

    async def close(self) -> None:
        await self._http.aclose()

    async def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._http.request(method, url, **kwargs)
        except httpx.TimeoutException as error:
            raise SendFailed(f"Graph API timed out: {error!r}", transient=True) from error
        except httpx.TransportError as error:
            raise SendFailed(f"Graph API unreachable: {error!r}", transient=True) from error
        if response.is_success:
            return response
        raise classify_error(response)


def classify_error(response: httpx.Response) -> SendFailed:
    """Whether a refused request is worth retrying, and when."""
    try:
        error = response.json().get("error") or {}
    except ValueError:
        error = {}
    code = error.get("code")
    reason = f"Graph API {response.status_code}: {error.get('message') or response.text[:200]}"
    retry_after = response.headers.get("retry-after")
    transient = response.status_code == 429 or response.status_code >= 500 or code in RATE_LIMIT_CODES
    return SendFailed(
        reason,
        transient=transient,
        retry_after=float(retry_after) if retry_after and retry_after.isdigit() else None,
    )


def window_open(customer_last_wrote: datetime | None, now: datetime | None = None) -> bool:
    """Whether free-form messages are still taken: the customer wrote within 24 hours (with a margin)."""
    if customer_last_wrote is None:
        return False
    return (now or datetime.now(UTC)) - customer_last_wrote.replace(tzinfo=customer_last_wrote.tzinfo or UTC) < WINDOW


def template_content(name: str, language: str, text: str) -> dict[str, Any]:
    """A template message whose one body parameter carries `text` (no line breaks or tabs allowed there)."""
    parameter = shorten(" ".join(text.split()), TEMPLATE_PARAMETER_LIMIT)
    return {
        "type": "template",
        "template": {
            "name": name,
            "language": {"code": language},
            "components": [{"type": "body", "parameters": [{"type": "text", "text": parameter}]}],
        },
    }


def content(message: OutboundMessage, ref: str) -> dict[str, Any]:
    """The type-specific part of a send request: text, a file WhatsApp fetches from its link, reply buttons
    (≤ 3 short titles) or a list."""
    if message.file is not None:
        kind = "image" if message.file.is_image else "document"
        media = {"link": message.file.url, **({"caption": message.signed(bold=True)} if message.text else {})}
        if kind == "document":
            media["filename"] = message.file.filename
        return {"type": kind, kind: media}
    if not message.buttons:
        return {"type": "text", "text": {"preview_url": False, "body": message.signed(bold=True)}}
    body = {"text": message.text or MORE_OPTIONS}
    titles = [button.title for button in message.buttons]
    if len(titles) <= MAX_REPLY_BUTTONS and all(len(title) <= BUTTON_TITLE_LIMIT for title in titles):
        buttons = [
            {"type": "reply", "reply": {"id": f"{ref}:{index}", "title": title}} for index, title in enumerate(titles)
        ]
        return {"type": "interactive", "interactive": {"type": "button", "body": body, "action": {"buttons": buttons}}}
    rows = []
    for index, title in enumerate(titles):
        row = {"id": f"{ref}:{index}", "title": shorten(title, ROW_TITLE_LIMIT)}
        if len(title) > ROW_TITLE_LIMIT:
            row["description"] = shorten(title, ROW_DESCRIPTION_LIMIT)
        rows.append(row)
    action = {"button": LIST_BUTTON_LABEL, "sections": [{"rows": rows}]}
    return {"type": "interactive", "interactive": {"type": "list", "body": body, "action": action}}
