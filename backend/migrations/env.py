"""Alembic's environment: migrations run on the connection `backend.migrations.upgrade_schema` hands over."""

from alembic import context

from backend import models  # noqa: F401  (registers every table)
from backend.database import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
