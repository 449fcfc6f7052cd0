"""`venta-migrate` (or `python -m backend.migrations`): upgrade the database of the settings (DATABASE_URL) to
the newest schema."""

from backend.config import Settings
from backend.database import make_engine
from backend.migrations import upgrade_schema


def main() -> None:
    engine = make_engine(Settings().DATABASE_URL)
    upgrade_schema(engine)
    engine.dispose()


if __name__ == "__main__":
    main()
