"""A database made by an older version gets the new columns when the backend starts, and keeps its rows."""

from pathlib import Path

from sqlalchemy import inspect, text

from backend.database import create_schema, make_engine


def test_missing_columns_are_added_to_an_existing_database(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    create_schema(engine)
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE users DROP COLUMN cities"))
        connection.execute(text("ALTER TABLE conversations DROP COLUMN referral_code"))
        connection.execute(
            text(
                "INSERT INTO users (email, full_name, hashed_password, role, is_active, created_at) "
                "VALUES ('old@venta.bo', 'Antigua', 'x', 'executive', 1, '2026-01-01 00:00:00')"
            )
        )
    create_schema(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("conversations")}
    assert "referral_code" in columns
    with engine.connect() as connection:
        assert connection.execute(text("SELECT email, cities FROM users")).all() == [("old@venta.bo", "[]")]
    engine.dispose()
