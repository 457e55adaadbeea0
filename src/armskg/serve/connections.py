"""Slow clients: a connection must send a request's headers within a deadline, or it is closed.

uvicorn closes idle keep-alive connections but has no deadline for a request's headers, and it answers
503 to everyone once ``limit_concurrency`` connections are open: 1,100 clients that open a connection and
send a byte now and then shut every other client out for as long as they stay. Here each connection gets
:data:`HEADER_SECONDS` to send its headers (again after each answer), the server takes up to
:data:`MAX_CONNECTIONS` connections (its open-file limit raised to fit), and the body of a POST must arrive
within :data:`BODY_SECONDS` (``serve.app``).
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_SECONDS = 10.0
BODY_SECONDS = 10.0
MAX_CONNECTIONS = 4096


class DeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol, with a deadline for each request's headers."""

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(HEADER_SECONDS, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state in (h11.SEND_BODY, h11.DONE):  # the headers are in
            self._disarm()

    def on_response_complete(self) -> None:
        self._arm()  # the next request's headers have the same deadline (a pipelined one disarms it at once)
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def raise_open_files(wanted: int = MAX_CONNECTIONS + 256) -> None:
    """Raise the soft limit on open files towards ``wanted`` (as far as the hard limit allows)."""
    try:
        import resource
    except ImportError:  # not on POSIX
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
