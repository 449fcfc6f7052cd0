"""The ASGI application: API, assistant endpoints, channels and web chat page."""

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.exceptions import RequestValidationError

from backend import demo_data, log_masking, validation_errors
from backend.assistant.routes import router as assistant_router
from backend.audit.routes import router as audit_router
from backend.auth import service as user_service
from backend.auth.routes import router as auth_router
from backend.auth.users_routes import router as users_router
from backend.background import Background
from backend.backoffice.routes import router as backoffice_router
from backend.billing_system.routes import assistant_router as billing_assistant_router
from backend.billing_system.routes import router as billing_router
from backend.billing_system.service import system_of as billing_system_of
from backend.canned_replies.routes import router as canned_replies_router
from backend.catalog.routes import router as catalog_router
from backend.config import Settings
from backend.console import error_pages
from backend.console.api_docs import docs_router
from backend.console.backoffice_page import router as backoffice_page_router
from backend.console.formatting import use_time_zone
from backend.console.inbox_pages import router as inbox_pages_router
from backend.console.lead_pages import router as lead_pages_router
from backend.console.learning_page import router as learning_page_router
from backend.console.order_pages import router as order_pages_router
from backend.console.report_pages import router as report_pages_router
from backend.console.routes import router as console_router
from backend.console.staff_pages import router as staff_pages_router
from backend.conversations.routes import router as conversations_router
from backend.coverage.routes import router as coverage_router
from backend.database import make_engine, make_session_factory, serialize, session_scope
from backend.documents.routes import customer_router as shared_files_router
from backend.documents.routes import router as documents_router
from backend.followups.routes import router as follow_ups_router
from backend.handoff.routes import router as handoff_router
from backend.health import router as health_router
from backend.installations.assistant_routes import router as installation_assistant_router
from backend.installations.routes import router as installations_router
from backend.invoices import service as invoice_service
from backend.invoices.routes import router as invoices_router
from backend.leads.routes import router as leads_router
from backend.learning.routes import router as learning_router
from backend.migrations import upgrade_schema
from backend.orders.routes import customer_router as contracts_router
from backend.orders.routes import router as orders_router
from backend.payments.assistant_routes import router as payment_assistant_router
from backend.payments.provider_routes import notifications_router, sandbox_router
from backend.payments.routes import router as payments_router
from backend.pipeline.routes import notifications_router as staff_notifications_router
from backend.pipeline.routes import router as pipeline_router
from backend.referrals.routes import router as referrals_router
from backend.reports.routes import router as reports_router
from backend.security_headers import SecurityHeaders
from backend.stock.routes import router as stock_router
from backend.waiting_list.routes import router as waiting_list_router
from bot.runtime import ChannelRuntime
from bot.telegram.routes import router as telegram_router
from bot.webchat.rate_limits import WebchatLimits
from bot.webchat.routes import router as webchat_router
from bot.whatsapp.routes import router as whatsapp_router

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024  # JSON and forms: a web chat message, a webhook delivery, a staff action


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application for `settings` (read from the environment if not given)."""
    settings = settings or Settings()
    use_time_zone(settings.BUSINESS_TIMEZONE)
    if not settings.SECRET_KEY:
        settings.SECRET_KEY = secrets.token_urlsafe(32)
        logger.warning("SECRET_KEY is not set: staff tokens will not survive a restart")
    if not settings.PAYMENT_PROVIDER_SECRET:
        settings.PAYMENT_PROVIDER_SECRET = secrets.token_urlsafe(32)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.DATABASE_URL)
        upgrade_schema(engine)
        app.state.session_factory = make_session_factory(engine)
        app.state.read_session_factory = make_session_factory(engine, read_only=True)
        for db in session_scope(app.state.session_factory):
            serialize(db, "start-up")  # processes starting together seed one after the other
            user_service.ensure_admin(
                db=db,
                email=settings.ADMIN_EMAIL,
                password=settings.ADMIN_PASSWORD,
                password_file=Path(settings.INITIAL_ADMIN_PASSWORD_FILE),
            )
            invoice_service.ensure_series(db)
            if settings.SEED_DEMO_DATA:
                demo_data.load(db)
        runtime = ChannelRuntime.build(settings, app.state.session_factory)
        app.state.billing_system = billing_system_of(settings, app.state.session_factory)
        app.state.channel_runtime = runtime
        app.state.gateway, app.state.outbox, app.state.assistant = runtime.gateway, runtime.outbox, runtime.gateway.rasa
        background = None
        if settings.RUN_WORKER:
            background = Background(
                settings=settings,
                sessions=app.state.session_factory,
                runtime=runtime,
                poll_seconds=settings.WORKER_POLL_SECONDS,
            )
            await background.start()
        yield
        if background is not None:
            await background.stop()
        await app.state.billing_system.close()
        await runtime.close()
        engine.dispose()

    # Bodies are bounded (413 before they are read past the limit); uploads raise it on their own routes.
    log_masking.install()
    production = settings.ENVIRONMENT == "production"
    hidden = {"openapi_url": None} if production else {}  # then the API's description only for logged-in staff
    app = FastAPI(
        title="Venta Digital", lifespan=lifespan, max_body_size=MAX_BODY_BYTES, docs_url=None, redoc_url=None, **hidden
    )
    app.include_router(docs_router(app, staff_only=production))
    app.state.settings = settings
    app.state.webchat_limits = WebchatLimits(
        settings.WEBCHAT_MESSAGES_PER_MINUTE, settings.WEBCHAT_MESSAGES_PER_MINUTE_PER_ADDRESS
    )
    app.add_middleware(SecurityHeaders, production=settings.ENVIRONMENT == "production")

    # The channels first: a request is matched against the routes in order, and a customer's message (a webhook
    # call, a web chat post) should not be tried against every staff route before its own.
    for router in (webchat_router, whatsapp_router, telegram_router):
        app.include_router(router)
    api = APIRouter(prefix="/api")
    for router in (
        auth_router,
        catalog_router,
        coverage_router,
        leads_router,
        orders_router,
        conversations_router,
        documents_router,
        handoff_router,
        assistant_router,
        users_router,
        audit_router,
        installations_router,
        installation_assistant_router,
        notifications_router,
        payments_router,
        payment_assistant_router,
        invoices_router,
        pipeline_router,
        staff_notifications_router,
        referrals_router,
        reports_router,
        follow_ups_router,
        learning_router,
        billing_router,
        billing_assistant_router,
        backoffice_router,
        stock_router,
        canned_replies_router,
        waiting_list_router,
    ):
        api.include_router(router)
    app.include_router(api)
    for router in (
        console_router,
        inbox_pages_router,
        order_pages_router,
        staff_pages_router,
        lead_pages_router,
        report_pages_router,
        learning_page_router,
        backoffice_page_router,
        health_router,
        contracts_router,
        shared_files_router,
    ):
        app.include_router(router)
    if settings.ENVIRONMENT != "production":  # the local stand-in for a payment provider is never served for real
        app.include_router(sandbox_router)

    app.add_exception_handler(RequestValidationError, validation_errors.handle)

    error_pages.install(app)

    return app
