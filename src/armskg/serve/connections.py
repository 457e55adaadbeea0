"""Slow clients: a connection must send a request's headers within a deadline, and take its answer
without stalling, or it is closed.

uvicorn closes idle keep-alive connections but has no deadline for a request's headers, and it answers
503 to everyone once ``limit_concurrency`` connections are open: 1,100 clients that open a connection and
send a byte now and then shut every other client out for as long as they stay. Here each connection gets
the client deadline (``armskg serve --client-timeout``, :data:`~armskg.serve.pool.CLIENT_SECONDS` by default)
to send its headers (again after each answer), the server takes up to :data:`MAX_CONNECTIONS` connections
(its open-file limit raised to fit), and the body of a POST must arrive within the same deadline
(``serve.app``).

Slow readers: a client that asks for a large answer (the network page is 5.6 MB) and never reads it kept
its connection for ever, and uvicorn copied the whole answer into that connection's buffer: 1,000 such
clients held 4.7 GB of the server's memory and made every other request wait 35 s. Here an answer is
handed to the connection :data:`CHUNK` bytes at a time, each once the client has taken enough of the one
before (:class:`SafeResponses`), and a connection whose client takes nothing for the client deadline is
closed.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from armskg.serve.pool import CLIENT_SECONDS

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_CONNECTIONS = 4096
CHUNK = 64 * 1024


class DeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol, with a deadline for each request's headers and for a stalled reader
    (``client_seconds``; :func:`deadline_protocol` makes the class for another deadline)."""

    client_seconds: float = CLIENT_SECONDS
    _deadline: asyncio.TimerHandle | None = None
    _stalled: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.client_seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.get_write_buffer_size():  # an answer the client has not taken: close() would wait for it
            self.transport.abort()
        elif not self.transport.is_closing():
            self.transport.close()

    def handle_events(self) -> None:
        super().handle_events()
        # the headers are in once the client's side has left IDLE: SEND_BODY, DONE, or MUST_CLOSE when it sent
        # "Connection: close" (as Python's urllib does), which a check for DONE alone missed, so that such a
        # request was cut off, unanswered, when its answer took longer than the deadline
        if self.conn.their_state is not h11.IDLE:
            self._disarm()

    def on_response_complete(self) -> None:
        self._arm()  # the next request's headers have the same deadline (a pipelined one disarms it at once)
        super().on_response_complete()

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._stalled is None:
            self._stalled = self.loop.call_later(self.client_seconds, self._stalled_reader)

    def _stalled_reader(self) -> None:
        self._stalled = None
        self.transport.abort()  # close() would wait, for ever, to hand over what the client does not take

    def resume_writing(self) -> None:
        self._unstall()
        super().resume_writing()

    def _unstall(self) -> None:
        if self._stalled is not None:
            self._stalled.cancel()
            self._stalled = None

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self._unstall()
        super().connection_lost(exc)


def deadline_protocol(seconds: float) -> type[DeadlineProtocol]:
    """:class:`DeadlineProtocol` with a client deadline of ``seconds`` (uvicorn makes one protocol object per
    connection from the class it is given)."""
    return type("DeadlineProtocol", (DeadlineProtocol,), {"client_seconds": seconds})


class SafeResponses:
    """ASGI middleware: every answer says ``X-Content-Type-Options: nosniff`` (a browser never reads a
    plain-text error that repeats a request as a page), and a large body goes out :data:`CHUNK` bytes at a
    time, so that uvicorn waits for a slow reader between chunks instead of buffering the whole body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def chunked(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"x-content-type-options"]
                await send({**message, "headers": [*headers, (b"x-content-type-options", b"nosniff")]})
                return
            body = message.get("body", b"")
            if message["type"] != "http.response.body" or len(body) <= CHUNK:
                await send(message)
                return
            view = memoryview(body)
            for start in range(0, len(body), CHUNK):
                last = start + CHUNK >= len(body)
                await send({"type": "http.response.body", "body": bytes(view[start:start + CHUNK]),
                            "more_body": message.get("more_body", False) if last else True})

        await self.app(scope, receive, chunked)


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
