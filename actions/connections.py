"""HTTP connections a server process keeps open between its calls: the action server's to the back office, Rasa's
to the action server. Otherwise each call would open a TCP connection of its own and close it, at both ends.

The pool lives on the server's event loop, opened when the server starts and closed when it stops; a process that
never opens it (a test calling an action) makes each call on a connection of its own.
"""

from __future__ import annotations

from typing import Any

import aiohttp

KEEPALIVE_SECONDS = 4.0  # under the 5 s after which uvicorn and Sanic close an idle connection: never one in use

_pool: aiohttp.TCPConnector | None = None


async def open_pool(*_: Any) -> None:
    """Keep connections open from now on (a Sanic listener: the arguments it passes are not needed)."""
    global _pool
    if _pool is None or _pool.closed:
        _pool = aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS)


async def close_pool(*_: Any) -> None:
    """Close the kept connections (a Sanic listener too)."""
    global _pool
    if _pool is not None:
        await _pool.close()
        _pool = None


def session(**options: Any) -> aiohttp.ClientSession:
    """A client session on the kept connections when the pool is open, else on connections of its own; closing it
    leaves the pool open."""
    if _pool is None or _pool.closed:
        return aiohttp.ClientSession(**options)
    return aiohttp.ClientSession(connector=_pool, connector_owner=False, **options)
