"""The schema comes from migrations: a new database gets every table, and a database made by the release before
migrations is stamped, upgraded, keeps its rows and gets back every unique constraint and index."""

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Engine, inspect, text

from backend.database import Base, make_engine
from backend.migrations import BASELINE, config, head, upgrade_schema

pytestmark = pytest.mark.both_engines


def previous_release_database(engine: Engine) -> None:
    """What the release before migrations left: its tables (the baseline), no `alembic_version`, and — where it
    added a column to an existing table — the bare column without its unique constraint or index."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(config(connection), BASELINE)
        connection.execute(text("DROP TABLE alembic_version"))
        operations = Operations(MigrationContext.configure(connection))
        with operations.batch_alter_table("orders") as orders:
            orders.drop_constraint("uq_orders_reentered_from_id", type_="unique")
        operations.drop_index("ix_leads_owner_id", table_name="leads")
        connection.execute(
            text(
                "INSERT INTO users (email, full_name, hashed_password, role, is_active, cities, created_at) "
                "VALUES ('old@venta.bo', 'Antigua', 'x', 'executive', TRUE, '[]', '2026-01-01 00:00:00')"
            )
        )


def enforced(engine: Engine) -> set[tuple[str, tuple[str, ...], bool]]:
    """(table, columns, unique) of every index and unique constraint in the database."""
    inspector = inspect(engine)
    found = set()
    for table in inspector.get_table_names():
        found |= {(table, tuple(i["column_names"]), bool(i["unique"])) for i in inspector.get_indexes(table)}
        found |= {(table, tuple(u["column_names"]), True) for u in inspector.get_unique_constraints(table)}
    return found


def declared() -> set[tuple[str, tuple[str, ...], bool]]:
    """What the models declare."""
    from sqlalchemy import UniqueConstraint

    from backend import models  # noqa: F401

    wanted = set()
    for table in Base.metadata.sorted_tables:
        wanted |= {(table.name, tuple(c.name for c in i.columns), bool(i.unique)) for i in table.indexes}
        wanted |= {
            (table.name, tuple(c.name for c in u.columns), True)
            for u in table.constraints
            if isinstance(u, UniqueConstraint)
        }
    return wanted


def test_a_new_database_gets_the_whole_schema(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade_schema(engine)
    assert set(inspect(engine).get_table_names()) == {*Base.metadata.tables, "alembic_version"}
    assert declared() <= enforced(engine)
    upgrade_schema(engine)  # at every start: nothing left to do
    engine.dispose()


def test_the_previous_release_database_is_upgraded_with_its_rows_and_constraints(database_url: str) -> None:
    engine = make_engine(database_url)
    previous_release_database(engine)
    assert ("orders", ("reentered_from_id",), True) not in enforced(engine)

    upgrade_schema(engine)

    missing = declared() - enforced(engine)
    assert not missing, f"not enforced after the upgrade: {missing}"
    with engine.connect() as connection:
        assert connection.execute(text("SELECT email FROM users")).scalars().all() == ["old@venta.bo"]
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head()
        assert connection.execute(text("SELECT count(*) FROM leases")).scalar() == 0
    engine.dispose()


def test_the_migrations_make_exactly_the_schema_of_the_models(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = make_engine(database_url)
    upgrade_schema(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []  # a model changed without its migration
