"""The database schema, by Alembic migrations: `upgrade_schema` brings any database to the newest schema.

Every process runs it before it serves (one at a time: PostgreSQL takes an advisory lock, SQLite its write
lock); `python -m backend.migrations` runs it alone, e.g. as a deployment's first step. A database made by
the release before migrations (tables, no `alembic_version`) is stamped with the baseline first.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

BASELINE = "0001"
MIGRATION_LOCK = 7_510_001  # PostgreSQL advisory lock key of schema upgrades


def config(connection: Connection) -> Config:
    settings = Config()
    settings.set_main_option("script_location", str(Path(__file__).parent))
    settings.attributes["connection"] = connection
    return settings


def head() -> str:
    """The newest revision."""
    return ScriptDirectory(str(Path(__file__).parent)).get_current_head() or BASELINE


def upgrade_schema(engine: Engine) -> None:
    """Bring the database to the newest schema."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        tables = set(inspect(connection).get_table_names())
        if tables and "alembic_version" not in tables:
            command.stamp(config(connection), BASELINE)
        command.upgrade(config(connection), "head")
