"""Settings, read from the environment (and a `.env` file in the working directory)."""

from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from backend.business_hours import BusinessHours


class Settings(BaseSettings):
    """Everything that changes between a laptop and production."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    ENVIRONMENT: Literal["development", "production"] = "development"
    DATABASE_URL: str = "sqlite:///var/venta.db"
    SEED_DEMO_DATA: bool = True

    SECRET_KEY: str = ""
    ACCESS_TOKEN_EXPIRE_MINUTES: int = 8 * 60
    ADMIN_EMAIL: str = "admin@venta.local"
    ADMIN_PASSWORD: str = ""
    INITIAL_ADMIN_PASSWORD_FILE: str = Field(
        default="var/initial-admin-password", description="where a generated first password is written (mode 600)"
    )

    ASSISTANT_TOKEN: str = ""
    RASA_URL: str = "http://localhost:5005"
    RASA_TOKEN: str = Field(default="", description="Rasa's --auth-token, for its conversation API")
    RASA_TIMEOUT_SECONDS: float = 30.0
    ACTION_SERVER_URL: str = Field(default="", description="the action server's webhook, checked by /health/ready")
    METRICS_TOKEN: str = Field(default="", description="bearer token of /metrics; metrics are off when empty")
    DOCUMENTS_DIR: str = "var/documents"
    MODELS_DIR: str = Field(default="models", description="where retrained assistant models are written")
    LEARNED_NLU_FILE: str = Field(
        default="var/learned-nlu.yml", description="examples confirmed by supervisors, trained with data/"
    )

    BILLING_SYSTEM_URL: str = Field(
        default="", description="the billing/CRM system's API; empty: a local table imported as CSV answers"
    )
    BILLING_SYSTEM_TOKEN: str = ""

    WHATSAPP_ACCESS_TOKEN: str = ""
    WHATSAPP_PHONE_NUMBER_ID: str = ""
    WHATSAPP_APP_SECRET: str = ""
    WHATSAPP_VERIFY_TOKEN: str = ""
    WHATSAPP_GRAPH_URL: str = "https://graph.facebook.com/v21.0"
    WHATSAPP_TEMPLATES: str = Field(
        default="",
        description="approved templates for notices outside the 24-hour window: `visit_reminder=name, payment=name, …`",
    )
    WHATSAPP_TEMPLATE_LANGUAGE: str = "es"

    TELEGRAM_BOT_TOKEN: str = ""
    TELEGRAM_MODE: Literal["polling", "webhook"] = "polling"
    TELEGRAM_WEBHOOK_SECRET: str = Field(default="", pattern=r"^[A-Za-z0-9_-]{0,256}$")
    TELEGRAM_WEBHOOK_URL: str = ""
    TELEGRAM_API_URL: str = "https://api.telegram.org"

    SPEECH_TO_TEXT_URL: str = Field(
        default="", description="a speech-to-text service for voice notes (POST audio, JSON {text}); none if empty"
    )
    SPEECH_TO_TEXT_TOKEN: str = ""

    BUSINESS_HOURS: str = "mon-fri 08:30-18:30; sat 09:00-13:00"
    BUSINESS_TIMEZONE: str = "America/La_Paz"
    BUSINESS_HOLIDAYS: str = Field(default="", description="days off besides Bolivia's public holidays: 2026-12-24, …")

    LEAD_SLA_BUSINESS_HOURS: float = Field(default=4.0, gt=0)
    LEAD_SLA_IDEAL_MINUTES: int = Field(default=15, gt=0)
    NO_ANSWER_DAYS_BEFORE_LOST: int = Field(default=2, ge=0)
    ATTEMPTS_BEFORE_LOST: int = Field(default=5, ge=1)
    DAILY_SALES_GOAL: int = Field(default=4, ge=1)
    KPI_APPROVAL_PERCENT: float = Field(default=98.0, gt=0)
    PIPELINE_CHECK_SECONDS: float = Field(default=60.0, gt=0)

    REMINDER_CHECK_SECONDS: float = 300.0

    RUN_WORKER: bool = Field(
        default=True,
        description="this process also runs the background work; false in web processes beside `backend.worker`",
    )
    WORKER_POLL_SECONDS: float = Field(default=1.0, gt=0, description="how often a worker looks for new work")

    PUBLIC_URL: str = Field(default="", description="where customers reach the backend; the request's own URL if empty")

    COMPANY_NAME: str = "COMTECO R.L."
    COMPANY_NIT: str = "1023187029"
    TAX_OFFICE: Literal["loopback"] = Field(default="loopback", description="the invoicing service: a stand-in here")
    TAX_BRANCH: int = Field(default=0, ge=0, le=9999, description="the branch registered with the tax office")
    TAX_POINT_OF_SALE: int = Field(default=0, ge=0, le=9999)
    TAX_MODALITY: Literal[1, 2] = Field(default=1, description="1 electronic online, 2 computerised online")
    TAX_SECTOR: int = Field(default=22, ge=1, le=99, description="the sector document: 22 is telecommunications")
    TAX_VERIFY_URL: str = Field(
        default="https://pilotosiat.impuestos.gob.bo/consulta/QR",
        description="the tax office's invoice check (pilotosiat for tests, siat in production)",
    )
    BANK_NAME: str = "Banco Unión"
    BANK_ACCOUNT_NUMBER: str = "1-4578963"
    BANK_ACCOUNT_HOLDER: str = "COMTECO R.L."
    PAYMENT_PROVIDER: Literal["sandbox"] = "sandbox"
    PAYMENT_PROVIDER_SECRET: str = ""
    PAYMENT_LINK_MINUTES: int = 30

    SMTP_HOST: str = ""
    SMTP_PORT: int = 587
    SMTP_USERNAME: str = ""
    SMTP_PASSWORD: str = ""
    SMTP_STARTTLS: bool = True
    MAIL_FROM: str = "facturacion@venta.local"

    SEND_RETRY_BASE_SECONDS: float = 2.0
    SEND_MAX_ATTEMPTS: int = 10
    WEBCHAT_MESSAGES_PER_MINUTE: int = Field(default=30, ge=1, description="per web chat customer")
    # Many mobile customers share one public address behind their carrier's NAT: sized for some 150 of them
    # chatting at once (about 4 messages a minute each); one customer alone is held to its own limit above.
    WEBCHAT_MESSAGES_PER_MINUTE_PER_ADDRESS: int = Field(default=600, ge=1, description="per client address")
    SECOND_FACTOR_ROLES: str = Field(
        default="",
        description="staff roles (comma-separated) that must log in with a TOTP code as well, such as "
        "admin,supervisor,collections in production; empty: the second factor is each person's choice",
    )
    TRUSTED_PROXIES: str = Field(
        default="",
        description="addresses or networks (comma-separated) of the proxies in front of the web processes: their "
        "X-Forwarded-For names the client; from anyone else it is ignored. Empty: no proxy is trusted",
    )
    WEBCHAT_ANSWER_WAIT_SECONDS: float = Field(
        default=30.0, gt=0, description="how long a web chat request waits for its answer before a 202 and the stream"
    )

    def business_hours(self) -> BusinessHours:
        """When the sales team works: `BUSINESS_HOURS` in `BUSINESS_TIMEZONE`, minus holidays."""
        return BusinessHours.parse(self.BUSINESS_HOURS, self.BUSINESS_TIMEZONE, extra_holidays=self.BUSINESS_HOLIDAYS)

    @property
    def whatsapp_enabled(self) -> bool:
        return all(
            (
                self.WHATSAPP_ACCESS_TOKEN,
                self.WHATSAPP_PHONE_NUMBER_ID,
                self.WHATSAPP_APP_SECRET,
                self.WHATSAPP_VERIFY_TOKEN,
            )
        )

    @property
    def whatsapp_templates(self) -> dict[str, str]:
        """Template name by kind of notice (`backend.conversations.messages.Notice`)."""
        pairs = [item.split("=", 1) for item in self.WHATSAPP_TEMPLATES.split(",") if item.strip()]
        return {kind.strip(): name.strip() for kind, name in pairs}

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.TELEGRAM_BOT_TOKEN)

    @property
    def channels(self) -> list[str]:
        """The channels customers can write from with these settings."""
        return ["webchat"] + ["whatsapp"] * self.whatsapp_enabled + ["telegram"] * self.telegram_enabled

    def _check_whatsapp_templates(self) -> None:
        from backend.conversations.messages import Notice

        items = [item for item in self.WHATSAPP_TEMPLATES.split(",") if item.strip()]
        if any("=" not in item for item in items):
            raise ValueError("WHATSAPP_TEMPLATES takes `kind=template_name` pairs separated by commas")
        unknown = set(self.whatsapp_templates) - {notice.value for notice in Notice}
        if unknown:
            kinds = ", ".join(notice.value for notice in Notice)
            raise ValueError(f"WHATSAPP_TEMPLATES names unknown kinds {sorted(unknown)}; the kinds are: {kinds}")

    @model_validator(mode="after")
    def _refuse_missing_secrets_in_production(self) -> "Settings":
        if self.ENVIRONMENT == "production":
            required = ("SECRET_KEY", "ASSISTANT_TOKEN", "PAYMENT_PROVIDER_SECRET", "RASA_TOKEN")
            missing = [name for name in required if not getattr(self, name)]
            if missing:
                raise ValueError(f"{', '.join(missing)} must be set in production")
        self.business_hours()  # unreadable hours or holidays are refused at start
        self._check_whatsapp_templates()
        if self.telegram_enabled and self.TELEGRAM_MODE == "webhook" and not self.TELEGRAM_WEBHOOK_SECRET:
            raise ValueError("TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_MODE is webhook")
        return self
