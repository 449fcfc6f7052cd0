"""Hearing voice notes: a speech-to-text service the operator runs, behind a small interface.

The service takes the audio as the request body (with its content type) and answers JSON `{"text": "…"}`. With no
service set, voice notes are kept for staff to hear and the customer is asked to write.
"""

import logging
from typing import Protocol

import httpx

from backend.config import Settings

logger = logging.getLogger(__name__)


class SpeechToText(Protocol):
    async def transcribe(self, audio: bytes, content_type: str) -> str | None:
        """What the customer said, in Spanish; None when it could not be heard."""
        ...

    async def close(self) -> None: ...


class HttpSpeechToText:
    """A speech-to-text service over HTTP; a failure or an empty answer is "not heard", never an error."""

    def __init__(self, url: str, *, token: str = "", timeout: float = 30.0) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._url = url
        self._client = httpx.AsyncClient(timeout=timeout, headers=headers)

    async def transcribe(self, audio: bytes, content_type: str) -> str | None:
        try:
            response = await self._client.post(
                self._url, content=audio, headers={"Content-Type": content_type}, params={"language": "es"}
            )
            response.raise_for_status()
            text = response.json().get("text")
        except (httpx.HTTPError, ValueError, AttributeError) as error:
            logger.warning("The speech-to-text service did not answer: %s", error)
            return None
        heard = " ".join(str(text or "").split())
        return heard or None

    async def close(self) -> None:
        await self._client.aclose()


def speech_of(settings: Settings) -> SpeechToText | None:
    """The speech-to-text service the settings name, if any."""
    if not settings.SPEECH_TO_TEXT_URL:
        return None
    return HttpSpeechToText(settings.SPEECH_TO_TEXT_URL, token=settings.SPEECH_TO_TEXT_TOKEN)
