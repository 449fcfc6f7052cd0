"""What every searchable, paged list does: match words in a column, count what matched, and split it in pages."""

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session


def contains(column: ColumnElement[str | None] | InstrumentedAttribute, text: str) -> ColumnElement[bool]:
    """`column` holds `text`, ignoring case (LIKE wildcards in `text` are taken literally)."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")


def total_of(db: Session, statement: Select, key: InstrumentedAttribute) -> int:
    """How many rows `statement` finds (counted by `key`, before any paging)."""
    return db.scalar(select(func.count()).select_from(statement.with_only_columns(key).subquery())) or 0


def page_count(total: int, size: int) -> int:
    """Pages of `size` that `total` rows fill (one, even when empty)."""
    return max(1, -(-total // size))
