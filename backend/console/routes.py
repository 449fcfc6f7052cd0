"""Console pages and the fragments their script refreshes when something changes."""

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.auth import second_factor
from backend.auth import service as user_service
from backend.auth.devices import known_device_of, remember_device
from backend.auth.models import Role, User
from backend.auth.security import token_for
from backend.canned_replies import service as canned_service
from backend.catalog.models import Plan
from backend.config import Settings
from backend.console import formatting
from backend.console.auth import AdminPage, AnsweringPage, CollectionsPage, ConsoleUser
from backend.conversations import notes
from backend.conversations import service as conversation_service
from backend.conversations.models import Conversation, Message
from backend.coverage.models import CoverageZone
from backend.database import from_db, run_in_transaction, to_db, utcnow
from backend.deps import (
    SESSION_COOKIE,
    ReadSessions,
    SessionDep,
    SessionRoute,
    Sessions,
    SettingsDep,
    client_address,
    user_from_token,
)
from backend.documents import service as document_service
from backend.errors import DomainError
from backend.installations.models import Crew, Visit
from backend.installations.views import rules_of
from backend.money import money
from backend.orders import service as order_service
from backend.orders.models import Order
from backend.payments import reconciliation
from backend.payments import service as payment_service
from backend.payments.models import Payment, PaymentState
from backend.payments.views import payment_public, queue_public
from backend.pipeline.models import Notification
from backend.stock import service as stock_service

HERE = Path(__file__).parent
ASSETS = {"console.js": "text/javascript", "console.css": "text/css"}
EVENTS_POLL_SECONDS = 1.0
ROLE_LABELS = {
    Role.EXECUTIVE: "Ejecutivo de ventas digitales",
    Role.COLLECTIONS: "Cobranzas",
    Role.BACKOFFICE: "Backoffice",
    Role.SUPERVISOR: "Supervisor",
    Role.ADMIN: "Administrador",
}
CHANNEL_LABELS = {"webchat": "Web chat", "whatsapp": "WhatsApp", "telegram": "Telegram", "field": "Fuente física"}

templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters.update(local=formatting.local, chat=formatting.chat_markup, percent=formatting.percent)
templates.env.globals.update(
    ROLE_LABELS=ROLE_LABELS,
    CHANNEL_LABELS=CHANNEL_LABELS,
    Role=Role,
    money=money,
    from_utc=from_db,
    label=formatting.code_label,
)
PENDING_COOKIE = "venta_pending_login"  # between a right password and the code

router = APIRouter(route_class=SessionRoute, prefix="/console", include_in_schema=False)


@router.get("/static/{asset}")
def console_asset(asset: str) -> FileResponse:
    if asset not in ASSETS:
        raise HTTPException(404, "Not Found")
    return FileResponse(HERE / "static" / asset, media_type=ASSETS[asset])


@router.get("/login")
def login_page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "login.html", {"error": None})


@router.post("/login")
def log_in(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    """Check the credentials and keep the session in an HttpOnly cookie that expires with the token; the owner
    is shown the failed logins of the account since its previous one."""
    try:
        user = user_service.authenticate(
            db=db,
            email=email,
            password=password,
            address=client_address(request),
            known_device=known_device_of(request, settings),
        )
    except user_service.TooManyAttempts as refused:
        return too_many_attempts(request, refused, email)
    except user_service.SecondFactorNeeded as needed:
        response = templates.TemplateResponse(request, "login_code.html", {"error": None})
        response.set_cookie(
            PENDING_COOKIE,
            second_factor.pending_token(needed.user, settings.SECRET_KEY),
            max_age=int(second_factor.PENDING_FOR.total_seconds()),
            httponly=True,
            samesite="strict",
            secure=settings.ENVIRONMENT == "production",
            path="/console/login",
        )
        return response
    if user is None:
        context = {"error": "Correo o contraseña incorrectos.", "email": email}
        return templates.TemplateResponse(request, "login.html", context, status_code=401)
    return signed_in(request, db, settings, user)


@router.post("/login/code")
def log_in_with_code(
    request: Request, db: SessionDep, settings: SettingsDep, code: Annotated[str, Form(max_length=20)]
) -> Response:
    """The second step of a login whose password was right: the code of the authenticator app."""
    user_id = second_factor.read_pending(request.cookies.get(PENDING_COOKIE), settings.SECRET_KEY)
    if user_id is None:
        return RedirectResponse("/console/login", status_code=status.HTTP_303_SEE_OTHER)
    try:
        user = user_service.authenticate_code(db=db, user_id=user_id, code=code, address=client_address(request))
    except user_service.TooManyAttempts as refused:
        return too_many_attempts(request, refused, "")
    if user is None:
        context = {"error": "El código no es correcto. Usa el más reciente de tu app, o un código de recuperación."}
        return templates.TemplateResponse(request, "login_code.html", context, status_code=401)
    response = signed_in(request, db, settings, user)
    response.delete_cookie(PENDING_COOKIE, path="/console/login")
    return response


def too_many_attempts(request: Request, refused: user_service.TooManyAttempts, email: str) -> Response:
    context = {"error": f"{refused}. Si es tu cuenta, ingresa desde un equipo donde ya ingresaste.", "email": email}
    response = templates.TemplateResponse(request, "login.html", context, status_code=429)
    response.headers["Retry-After"] = str(refused.retry_after)
    return response


def signed_in(request: Request, db: Session, settings: Settings, user: User) -> Response:
    """The session of a user who just proved who they are, and where they go first."""
    audit.record(db=db, actor=user, action="auth.login", subject=f"user:{user.id}")
    failures = user_service.failures_since_previous_login(db=db, email=user.email)
    target = "/console/password" if user.must_change_password else "/console/signed-in" if failures else "/console"
    response = RedirectResponse(target, status_code=status.HTTP_303_SEE_OTHER)
    keep_session(response, user, settings)
    remember_device(response, user, settings)
    return response


def keep_session(response: Response, user: User, settings: Settings) -> None:
    """The console's session cookie, expiring with its token."""
    lifetime = timedelta(minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES)
    response.set_cookie(
        SESSION_COOKIE,
        token_for(user, settings),
        max_age=int(lifetime.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=settings.ENVIRONMENT == "production",
        path="/",
    )


@router.get("/signed-in")
def signed_in_page(request: Request, db: SessionDep, user: ConsoleUser) -> HTMLResponse:
    """The failed logins of the account since its previous login, shown to its owner as they come in."""
    failures = user_service.failures_since_previous_login(db=db, email=user.email)
    return templates.TemplateResponse(request, "signed_in.html", {"failures": failures, "next": "/console"})


@router.get("/security")
def security_page(request: Request, user: ConsoleUser, settings: SettingsDep) -> HTMLResponse:
    """The second factor: set it up by scanning a QR, or see that it is on."""
    context = {
        "user": user,
        "error": None,
        "codes": None,
        "required": user.role in second_factor.roles_required(settings),
    }
    if user.totp_secret and not second_factor.is_enrolled(user):
        context["qr"] = second_factor.qr_svg(second_factor.provisioning_uri(user))
    return templates.TemplateResponse(request, "security.html", context)


@router.post("/security/start")
def start_second_factor(db: SessionDep, user: ConsoleUser) -> RedirectResponse:
    second_factor.start_enrolment(db=db, user=db.merge(user))
    return RedirectResponse("/console/security", status_code=status.HTTP_303_SEE_OTHER)


@router.post("/security")
def confirm_second_factor(
    request: Request, db: SessionDep, settings: SettingsDep, user: ConsoleUser, code: Annotated[str, Form()]
) -> Response:
    """Turn the second factor on with a first code; the recovery codes are shown this once."""
    account = db.merge(user)
    context = {"user": account, "error": None, "codes": None, "required": False}
    try:
        context["codes"] = second_factor.confirm_enrolment(db=db, user=account, code=code)
    except second_factor.WrongCode as wrong:
        context |= {"error": str(wrong), "qr": second_factor.qr_svg(second_factor.provisioning_uri(account))}
        return templates.TemplateResponse(request, "security.html", context, status_code=422)
    audit.record(db=db, actor=account, action="auth.second_factor_on", subject=f"user:{account.id}")
    return templates.TemplateResponse(request, "security.html", context)


@router.get("/password")
def password_page(request: Request, user: ConsoleUser) -> HTMLResponse:
    return templates.TemplateResponse(request, "password.html", {"user": user, "error": None})


@router.post("/password")
def change_password(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    user: ConsoleUser,
    current: Annotated[str, Form()],
    new: Annotated[str, Form()],
) -> Response:
    """Change one's own password; the session goes on with a new token."""
    try:
        changed = user_service.change_password(db=db, user=db.merge(user), current=current, new=new)
    except DomainError as refused:
        context = {"user": user, "error": str(refused)}
        return templates.TemplateResponse(request, "password.html", context, status_code=refused.status_code)
    audit.record(db=db, actor=changed, action="auth.password_changed", subject=f"user:{changed.id}")
    response = RedirectResponse("/console", status_code=status.HTTP_303_SEE_OTHER)
    keep_session(response, changed, settings)
    return response


@router.post("/logout")
def log_out(request: Request, db: SessionDep, sessions: Sessions, settings: SettingsDep) -> RedirectResponse:
    """End the session: the cookie is dropped and every token of the user stops working."""
    user = user_from_token(request.cookies.get(SESSION_COOKIE), sessions=sessions, settings=settings)
    if user is not None:
        user_service.revoke_tokens(db.merge(user))
    response = RedirectResponse("/console/login", status_code=status.HTTP_303_SEE_OTHER)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("")
def home(user: ConsoleUser) -> RedirectResponse:
    """Each role lands where its work is."""
    target = {Role.COLLECTIONS: "/console/payments", Role.BACKOFFICE: "/console/backoffice"}.get(
        Role(user.role), "/console/inbox"
    )
    return RedirectResponse(target, status_code=status.HTTP_303_SEE_OTHER)


@router.get("/conversations/{conversation_id}")
def conversation_page(request: Request, conversation_id: str, user: AnsweringPage, db: SessionDep) -> HTMLResponse:
    """The transcript, the data collected, and the takeover controls."""
    return templates.TemplateResponse(request, "conversation.html", conversation_context(db, conversation_id, user))


@router.get("/conversations/{conversation_id}/transcript")
def transcript_fragment(request: Request, conversation_id: str, user: AnsweringPage, db: SessionDep) -> HTMLResponse:
    return templates.TemplateResponse(request, "_transcript.html", conversation_context(db, conversation_id, user))


@router.get("/conversations/{conversation_id}/status")
def status_fragment(request: Request, conversation_id: str, user: AnsweringPage, db: SessionDep) -> HTMLResponse:
    return templates.TemplateResponse(request, "_status.html", conversation_context(db, conversation_id, user))


def conversation_context(db: SessionDep, conversation_id: str, user: ConsoleUser) -> dict:
    """What the conversation page shows."""
    conversation, messages = conversation_service.transcript(db=db, conversation_id=conversation_id)
    documents = {d.id: d for d in document_service.list_for_conversation(db=db, conversation_pk=conversation.id)}
    executives = []
    if user.role in (Role.SUPERVISOR, Role.ADMIN):
        executives = [u for u in user_service.list_users(db=db) if u.is_active and u.role != Role.COLLECTIONS]
    entries = sorted(
        [*messages, *notes.of(db=db, conversation=conversation)], key=lambda entry: (entry.created_at, entry.id)
    )
    return {
        "user": user,
        "executives": executives,
        "conversation": conversation,
        "entries": entries,
        "documents": documents,
        "lead": conversation.lead,
        "orders": order_service.orders_of_lead(db=db, lead_id=conversation.lead.id) if conversation.lead else [],
        "mine": conversation.assigned_to_id == user.id,
        "canned": [{"shortcut": r.shortcut, "text": r.text} for r in canned_service.all_replies(db)],
    }


def deposits_context(db: Session, user: ConsoleUser) -> dict:
    waiting = queue_public(payment_service.queue(db=db, states=(PaymentState.IN_REVIEW,)), db=db)
    recent = [payment_public(payment, db=db) for payment in payment_service.decided(db=db, limit=30)]
    return {"user": user, "waiting": waiting, "recent": recent, "free_lines": len(reconciliation.free_lines(db))}


@router.get("/payments")
def payments(request: Request, user: CollectionsPage, db: SessionDep) -> HTMLResponse:
    """The deposits queue with the receipt and the statement line proposed for each, and the latest decisions;
    new receipts appear without reloading."""
    return templates.TemplateResponse(request, "payments.html", deposits_context(db, user))


@router.get("/payments/queue")
def deposits_fragment(request: Request, user: CollectionsPage, db: SessionDep) -> HTMLResponse:
    return templates.TemplateResponse(request, "_deposits.html", deposits_context(db, user))


@router.get("/calendar")
def calendar(
    request: Request,
    user: AnsweringPage,
    db: SessionDep,
    settings: SettingsDep,
    start: date | None = None,
    zone_id: int | None = None,
) -> HTMLResponse:
    """A week of visits per crew, with the crews, their zones and hours, and closures for admins."""
    rules = rules_of(settings)
    first = start or utcnow().astimezone(rules.zone).date()
    days = [first + timedelta(days=i) for i in range(7)]
    begin = datetime.combine(first, time.min, tzinfo=rules.zone)
    visits = db.scalars(
        select(Visit)
        .where(Visit.starts_at >= to_db(begin), Visit.starts_at < to_db(begin + timedelta(days=7)))
        .order_by(Visit.starts_at)
    )
    by_cell: dict[tuple[int, date], list] = {}
    for visit in visits:
        local = from_db(visit.starts_at, rules.zone)
        order = db.get_one(Order, visit.order_id)
        by_cell.setdefault((visit.crew_id, local.date()), []).append(
            {"visit": visit, "start": local, "end": from_db(visit.ends_at, rules.zone), "order": order}
        )
    crews = [
        crew
        for crew in db.scalars(select(Crew).order_by(Crew.name))
        if zone_id is None or any(zone.id == zone_id for zone in crew.zones)
    ]
    context = {
        "user": user,
        "crews": crews,
        "days": days,
        "cells": by_cell,
        "previous": first - timedelta(days=7),
        "next": first + timedelta(days=7),
        "zone_id": zone_id,
        "zones": list(db.scalars(select(CoverageZone).order_by(CoverageZone.name))),
    }
    return templates.TemplateResponse(request, "calendar.html", context)


@router.get("/users")
def users(request: Request, user: AdminPage, db: SessionDep) -> HTMLResponse:
    """Staff accounts, for admins."""
    context = {"user": user, "users": user_service.list_users(db=db), "roles": list(Role)}
    return templates.TemplateResponse(request, "users.html", context)


@router.get("/stock")
def stock_page(request: Request, user: AdminPage, db: SessionDep) -> HTMLResponse:
    """Equipment on hand per zone and technology, for admins."""
    context = {
        "user": user,
        "stock": stock_service.stock(db),
        "zones": list(db.scalars(select(CoverageZone).order_by(CoverageZone.name))),
        "technologies": sorted(set(db.scalars(select(Plan.technology)))),
    }
    return templates.TemplateResponse(request, "stock.html", context)


class Topic(StrEnum):
    """What a page follows live."""

    CONVERSATIONS = "conversations"
    PAYMENTS = "payments"
    NOTICES = "notices"


@router.get("/events")
async def events(
    request: Request,
    user: ConsoleUser,
    sessions: ReadSessions,
    conversation_id: str | None = None,
    topic: Topic = Topic.CONVERSATIONS,
) -> StreamingResponse:
    """Server-sent events: a `change` whenever what the page follows changes (messages and conversations, the
    deposits queue, or notices)."""

    def fingerprint(db: Session) -> str:
        if topic == Topic.PAYMENTS:
            payments = select(func.max(Payment.id), func.max(Payment.submitted_at), func.max(Payment.decided_at))
            return json.dumps(db.execute(payments).one(), default=str)
        if topic == Topic.NOTICES:
            notices = select(func.max(Notification.id), func.count(Notification.read_at))
            return json.dumps(db.execute(notices).one(), default=str)
        messages = select(func.max(Message.id), func.max(Message.updated_at))
        conversations = select(func.max(Conversation.updated_at), func.count(Conversation.id))
        if conversation_id is not None:
            conversation = conversation_service.get_by_conversation_id(db=db, conversation_id=conversation_id)
            pk = conversation.id if conversation else -1
            messages = messages.where(Message.conversation_pk == pk)
            conversations = conversations.where(Conversation.id == pk)
        return json.dumps([*db.execute(messages).one(), *db.execute(conversations).one()], default=str)

    async def stream() -> AsyncIterator[str]:
        yield "retry: 2000\n\n"
        last = await run_in_transaction(sessions, fingerprint)
        for tick in itertools.count():
            if await request.is_disconnected():
                return
            await asyncio.sleep(EVENTS_POLL_SECONDS)
            current = await run_in_transaction(sessions, fingerprint)
            if current != last:
                last = current
                yield "event: change\ndata: {}\n\n"
            elif tick % 15 == 14:
                yield ": keep-alive\n\n"

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
