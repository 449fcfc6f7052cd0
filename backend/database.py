"""Engine, sessions and the declarative base shared by every domain model."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from sqlalchemy import JSON, Column, Engine, Table, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    """Base class of all tables."""


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def to_db(moment: datetime) -> datetime:
    """Stored times are naive UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def from_db(moment: datetime, zone: tzinfo = UTC) -> datetime:
    """A stored (naive UTC) time, aware, in `zone`."""
    return moment.replace(tzinfo=UTC).astimezone(zone)


def make_engine(database_url: str) -> Engine:
    """An engine for `database_url`; SQLite files get their folder, foreign keys and WAL."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def create_schema(engine: Engine) -> None:
    """Create every table that does not exist yet, and add the columns a newer version brought to existing ones."""
    from backend import models  # noqa: F401  (registers every table on Base.metadata)

    existing = set(inspect(engine).get_table_names())
    Base.metadata.create_all(engine)
    add_missing_columns(engine, [table for table in Base.metadata.sorted_tables if table.name in existing])


def add_missing_columns(engine: Engine, tables: list[Table]) -> None:
    """`ALTER TABLE … ADD COLUMN` for each column of `tables` the database lacks (new columns are nullable or
    have a plain default)."""
    inspector = inspect(engine)
    with engine.begin() as connection:
        for table in tables:
            present = {column["name"] for column in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name in present:
                    continue
                kind = column.type.compile(engine.dialect)
                connection.execute(
                    text(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}{_default_clause(column)}')
                )


def _default_clause(column: Column) -> str:
    default = column.default.arg if column.default is not None else None
    if callable(default):
        default = default(None) if isinstance(column.type, JSON) else None  # e.g. `default=list`
    if default is None:
        return ""
    if isinstance(default, bool):
        literal = "TRUE" if default else "FALSE"
    elif isinstance(default, int | float):
        literal = str(default)
    elif isinstance(default, list | dict):
        literal = "'" + json.dumps(default) + "'"
    else:
        literal = "'" + str(default).replace("'", "''") + "'"
    return f" NOT NULL DEFAULT {literal}" if not column.nullable else f" DEFAULT {literal}"


def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Yield a session that commits on success and rolls back on error."""
    with factory() as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work is committed when the block ends (even by `return`), rolled back on error."""
    with factory() as session, session.begin():
        yield session
