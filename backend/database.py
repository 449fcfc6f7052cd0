"""Engine, sessions and the declarative base shared by every domain model."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TypeVar

from anyio import CapacityLimiter, to_thread
from sqlalchemy import Engine, MetaData, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, SessionTransaction, sessionmaker

from backend.writer_turns import WriterTurns

T = TypeVar("T")

READ_ONLY = "venta_read_only"  # execution option of the engine behind read-only sessions
URGENT = "venta_urgent"  # execution option of a transaction that someone waits for (a webhook's answer)
HOLDS_TURN = "venta_holds_write_turn"  # on a SQLite connection whose transaction may write
QUERY_ONLY = "venta_query_only"  # a SQLite connection's `PRAGMA query_only`, set again only to change it

# SQLite writers queue for the lock this long before giving up (they wait on a worker thread, never on the loop).
SQLITE_BUSY_TIMEOUT_SECONDS = 30


class Base(DeclarativeBase):
    """Base class of all tables; constraints get names from the convention, the same on every database."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


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
    """An engine for `database_url`; SQLite files get their folder, foreign keys, WAL and `BEGIN IMMEDIATE`."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    in_file = bool(url.database) and url.database != ":memory:"
    if in_file:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
        # one connection per worker thread that may wait for the write lock (FastAPI's pool holds 40); enough kept
        # open that a busy moment does not open and close connections (each opening sets the pragmas again)
        **({"pool_size": 24, "max_overflow": 40} if in_file else {}),
    )

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent; fsync at checkpoints, not every commit
        cursor.close()

    _begin_sqlite_transactions(engine)
    return engine


def _begin_sqlite_transactions(engine: Engine) -> None:
    """Readers take a snapshot and never wait (WAL); writers take the write lock up front, one at a time.

    `BEGIN IMMEDIATE` honours the busy timeout, where a deferred transaction that reads and then writes fails at
    once ("database is locked") when another writer committed in between. The writers of this process first take
    their turn (`WriterTurns`). A read-only session that tries to write fails at once, rather than now and then
    under load.
    """
    turns = WriterTurns()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:  # type: ignore[no-untyped-def]
        options = connection.get_execution_options()
        read_only = options.get(READ_ONLY, False)
        if not read_only and not connection.info.get(HOLDS_TURN):
            if not turns.take(urgent=options.get(URGENT, False), timeout=SQLITE_BUSY_TIMEOUT_SECONDS):
                raise TimeoutError("La base de datos siguió ocupada; vuelve a intentar")
            connection.info[HOLDS_TURN] = True
        try:
            if connection.info.get(QUERY_ONLY) != read_only:  # the pool lends a connection to both kinds
                connection.exec_driver_sql(f"PRAGMA query_only={'ON' if read_only else 'OFF'}")
                connection.info[QUERY_ONLY] = read_only
            connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
        except Exception:
            _end_turn(connection.info)
            raise

    def _end_turn(info: dict) -> None:
        if info.pop(HOLDS_TURN, False):
            turns.give_back()

    # The turn ends when the connection goes back to the pool, after its commit or rollback.
    for name in ("checkin", "invalidate", "close"):
        event.listen(engine, name, lambda _connection, record, *_: record is None or _end_turn(record.info))


def make_session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit.

    `read_only` sessions never write: on SQLite they read a snapshot without taking the write lock.
    """
    return sessionmaker(engine.execution_options(**{READ_ONLY: True}) if read_only else engine, expire_on_commit=False)


AFTER_COMMIT = "venta_after_commit"  # hooks of a session's transaction, run once it commits


def after_commit(db: Session, hook: Callable[[], None]) -> None:
    """Run `hook` once `db`'s transaction has committed (not at all if it rolls back); the same hook once."""
    hooks: dict[Callable[[], None], None] = db.info.setdefault(AFTER_COMMIT, {})
    hooks[hook] = None


@event.listens_for(Session, "after_commit")
def _run_after_commit_hooks(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the transaction goes on
        return
    for hook in session.info.pop(AFTER_COMMIT, {}):
        hook()


@event.listens_for(Session, "after_transaction_end")
def _drop_after_commit_hooks(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # rolled back, or committed and run above
        session.info.pop(AFTER_COMMIT, None)


def serialize(db: Session, name: str) -> None:
    """Until `db`'s transaction ends, no other transaction (of any process) gets past `serialize` with the same
    `name`. PostgreSQL takes a transaction-scoped advisory lock; SQLite has one writer at a time anyway."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})


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
    """A session whose work is committed when the block ends (even by `return`), rolled back on error.

    Synchronous: use it in plain `def` code only. Async code calls `run_in_transaction`.
    """
    with factory() as session, session.begin():
        yield session


async def run_in_transaction(
    factory: sessionmaker[Session],
    work: Callable[[Session], T],
    *,
    limiter: CapacityLimiter | None = None,
    urgent: bool = False,
) -> T:
    """`work(db)` in a transaction of its own on a worker thread, committed when it returns.

    The way async code touches the database: the event loop never waits for a lock or a query, and no
    transaction stays open across an `await`. Background work passes a `limiter` of its own, so that it never
    takes all of the threads that requests are served with; an `urgent` transaction writes before the others
    waiting to.
    """

    def run() -> T:
        with transaction(factory) as db:
            if urgent:
                db.connection(execution_options={URGENT: True})
            return work(db)

    return await to_thread.run_sync(run, limiter=limiter)
