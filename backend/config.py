"""Settings, read from the environment (and a `.env` file in the working directory)."""

from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


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

    ASSISTANT_TOKEN: str = ""
    RASA_URL: str = "http://localhost:5005"
    RASA_TIMEOUT_SECONDS: float = 30.0

    @model_validator(mode="after")
    def _refuse_missing_secrets_in_production(self) -> "Settings":
        if self.ENVIRONMENT == "production":
            missing = [name for name in ("SECRET_KEY", "ASSISTANT_TOKEN") if not getattr(self, name)]
            if missing:
                raise ValueError(f"{', '.join(missing)} must be set in production")
        return self
