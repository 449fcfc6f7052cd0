"""The background process: `python -m backend.worker`.

Runs the channel worker, Telegram polling, visit reminders and the pipeline's rules (`backend.background`)
beside web processes started with `RUN_WORKER=false`, which then only accept, store and answer. Start as many
as you like: they share the conversations and hand the one-process duties over when one stops.
"""

import asyncio
import logging
import signal

from backend import log_masking
from backend.background import Background
from backend.config import Settings
from backend.database import make_engine, make_session_factory
from backend.memory import keep_loaded_objects
from backend.migrations import upgrade_schema
from bot.runtime import ChannelRuntime

logger = logging.getLogger("backend.worker")


async def serve(settings: Settings) -> None:
    """Run the background work until SIGINT or SIGTERM."""
    engine = make_engine(settings.DATABASE_URL)
    upgrade_schema(engine)
    sessions = make_session_factory(engine)
    runtime = ChannelRuntime.build(settings, sessions)
    background = Background(
        settings=settings, sessions=sessions, runtime=runtime, poll_seconds=settings.WORKER_POLL_SECONDS
    )
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    await background.start()
    keep_loaded_objects()
    logger.info("Worker %s running", background.holder)
    try:
        await stopping.wait()
    finally:
        await background.stop()
        await runtime.close()
        engine.dispose()
        logger.info("Worker %s stopped", background.holder)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log_masking.install()
    asyncio.run(serve(Settings()))


if __name__ == "__main__":
    main()
