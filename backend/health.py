"""What operations watch: `/health` (the process answers), `/health/ready` (everything a customer needs is up)
and `/metrics` (Prometheus: queues, retries, failures, the oldest unanswered message, SLA misses)."""

import hmac
from datetime import datetime
from typing import Annotated

import httpx
from fastapi import APIRouter, Header, HTTPException, status
from fastapi.responses import JSONResponse, PlainTextResponse
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from backend import leases
from backend.background import DUTIES
from backend.conversations.models import Direction, Message, MessageStatus
from backend.database import run_in_transaction, to_db, utcnow
from backend.deps import ReadSessions, SettingsDep
from backend.followups.models import FollowUp, FollowUpStatus
from backend.pipeline.models import LeadAssignment

router = APIRouter(include_in_schema=False)

CHECK_TIMEOUT_SECONDS = 3.0


@router.get("/health")
async def health() -> dict[str, str]:  # on the loop: it answers even when every worker thread is busy
    return {"status": "ok"}


@router.get("/health/ready")
async def ready(sessions: ReadSessions, settings: SettingsDep) -> JSONResponse:
    """Each part a customer's message goes through, "ok" or why not; 503 unless all are ok."""

    def worker_heartbeat(db: Session) -> str:
        db.execute(text("SELECT 1"))
        return "ok" if leases.holder_of(db, DUTIES) else "no worker is running (nobody renews the duties lease)"

    checks: dict[str, str] = {}
    try:
        checks["worker"] = await run_in_transaction(sessions, worker_heartbeat)
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 (any failure is the answer)
        checks["database"] = f"unreachable: {type(error).__name__}"
    rasa_urls = [url.strip() for url in settings.RASA_URL.split(",") if url.strip()]
    async with httpx.AsyncClient(timeout=CHECK_TIMEOUT_SECONDS) as http:
        for index, url in enumerate(rasa_urls):
            status_url = f"{url}/status?token={settings.RASA_TOKEN}"
            checks["rasa" if len(rasa_urls) == 1 else f"rasa-{index + 1}"] = await answers(http, status_url)
        if settings.ACTION_SERVER_URL:
            checks["actions"] = await answers(http, settings.ACTION_SERVER_URL.removesuffix("/webhook") + "/health")
    healthy = all(value == "ok" for value in checks.values())
    return JSONResponse(checks, status_code=status.HTTP_200_OK if healthy else status.HTTP_503_SERVICE_UNAVAILABLE)


async def answers(http: httpx.AsyncClient, url: str) -> str:
    try:
        response = await http.get(url)
    except httpx.HTTPError as error:
        return f"unreachable: {type(error).__name__}"
    return "ok" if response.status_code == 200 else f"answered {response.status_code}"


@router.get("/metrics", response_class=PlainTextResponse)
async def metrics(
    sessions: ReadSessions, settings: SettingsDep, authorization: Annotated[str | None, Header()] = None
) -> PlainTextResponse:
    """Prometheus' text format; asked with `Authorization: Bearer <METRICS_TOKEN>` (off without the setting)."""
    if not settings.METRICS_TOKEN:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Metrics are off (set METRICS_TOKEN)")
    given = (authorization or "").removeprefix("Bearer ").encode()
    if not hmac.compare_digest(given, settings.METRICS_TOKEN.encode()):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Invalid metrics token")
    figures = await run_in_transaction(sessions, read_figures)
    return PlainTextResponse(render(figures), media_type="text/plain; version=0.0.4")


def read_figures(db: Session) -> list[tuple[str, str, str, list[tuple[dict[str, str], float]]]]:
    """(name, type, help, [(labels, value)]) of every metric."""
    now = to_db(utcnow())
    by_status = dict(
        db.execute(
            select(Message.status, func.count()).where(Message.status.in_(WATCHED)).group_by(Message.status)
        ).all()
    )
    retrying = db.scalar(
        select(func.count()).where(
            Message.status.in_((MessageStatus.RECEIVED, MessageStatus.PENDING)), Message.attempts > 0
        )
    )
    oldest: datetime | None = db.scalar(
        select(func.min(Message.created_at)).where(
            Message.direction == Direction.INBOUND,
            Message.status.in_((MessageStatus.RECEIVED, MessageStatus.PROCESSING)),
        )
    )
    overdue = db.scalar(
        select(func.count()).where(
            LeadAssignment.ended_at.is_(None), LeadAssignment.worked_at.is_(None), LeadAssignment.due_at < now
        )
    )
    missed = db.scalar(select(func.count()).where(LeadAssignment.end_reason == "sla_missed"))
    given_up = db.scalar(select(func.count()).where(FollowUp.status == FollowUpStatus.FAILED))
    return [
        (
            "venta_messages",
            "gauge",
            "Messages by status: received/processing wait for the assistant, pending/sending for the channel",
            [({"status": str(state)}, float(by_status.get(state, 0))) for state in WATCHED],
        ),
        ("venta_messages_retrying", "gauge", "Messages waiting for another attempt", [({}, float(retrying or 0))]),
        (
            "venta_oldest_unanswered_message_seconds",
            "gauge",
            "Age of the oldest customer message not answered yet (0 when none)",
            [({}, (now - oldest).total_seconds() if oldest else 0.0)],
        ),
        (
            "venta_follow_ups_failed",
            "gauge",
            "Follow-ups given up on (invoice e-mails, assistant prompts): GET /api/follow-ups/failed",
            [({}, float(given_up or 0))],
        ),
        ("venta_lead_sla_overdue", "gauge", "Leads whose executive is past the SLA now", [({}, float(overdue or 0))]),
        ("venta_lead_sla_missed_total", "counter", "Lead turns that ended past the SLA", [({}, float(missed or 0))]),
    ]


WATCHED = (
    MessageStatus.RECEIVED,
    MessageStatus.PROCESSING,
    MessageStatus.PENDING,
    MessageStatus.SENDING,
    MessageStatus.FAILED,
)


def render(figures: list[tuple[str, str, str, list[tuple[dict[str, str], float]]]]) -> str:
    lines = []
    for name, kind, description, samples in figures:
        lines += [f"# HELP {name} {description}", f"# TYPE {name} {kind}"]
        for labels, value in samples:
            label_text = ",".join(f'{key}="{value}"' for key, value in labels.items())
            lines.append(f"{name}{{{label_text}}} {value:g}" if label_text else f"{name} {value:g}")
    return "\n".join(lines) + "\n"
