"""Worker processes that answer queries, one at a time each, and are killed when they overrun the time limit."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from armskg.errors import ArmskgError
from armskg.serve.protocol import Answerer, Refused

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import SpawnContext, SpawnProcess
    from typing import Any


class Limits:
    """What one request may cost: seconds of work, rows in the answer, bytes in the request."""

    def __init__(self, timeout: float = 10.0, max_rows: int = 50_000, max_request_bytes: int = 64 * 1024,
                 workers: int | None = None, queue_wait: float = 60.0) -> None:
        self.timeout, self.max_rows, self.max_request_bytes = timeout, max_rows, max_request_bytes
        self.workers = workers or max(1, min(4, os.cpu_count() or 1))
        #: How long a request may wait for a free worker before it is answered 503 (busy).
        self.queue_wait = queue_wait

def _worker_main(conn: Connection, root: str, artifact: str, max_rows: int) -> None:
    """A worker process: load the graph into memory, then answer one job at a time until the pipe closes."""
    import signal

    from armskg.build.artifact import read_artifact

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle; it closes the workers
    answerer = Answerer(read_artifact(Path(artifact), in_memory=True), Path(root), max_rows)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        kind, args = job
        try:
            if kind == "sparql":
                media, body = answerer.sparql(*args)
            elif kind == "named":
                media, body = answerer.named_query(*args)
            else:  # the pages' jobs (armskg.serve.jobs)
                from armskg.serve import jobs

                media, body = jobs.run(answerer, kind, args)
            conn.send((200, media, body))
        except Refused as exc:  # a page's refusal carries a page of its own
            conn.send((exc.status, getattr(exc, "media", "text/plain"), getattr(exc, "body", None) or str(exc).encode()))
        except ArmskgError as exc:
            conn.send((400, "text/plain", str(exc).encode()))
        except Exception as exc:  # noqa: BLE001 - one line to the client, and the worker lives on
            conn.send((500, "text/plain", f"internal error: {type(exc).__name__}: {exc}".encode()))

class _Worker:
    def __init__(self, ctx: SpawnContext, args: tuple[str, str, int]) -> None:
        self.conn, child = ctx.Pipe()
        self.process: SpawnProcess = ctx.Process(target=_worker_main, args=(child, *args), daemon=True)
        self.process.start()
        child.close()

    async def receive(self, timeout: float) -> Any:
        """Wait for the worker's next message without blocking the event loop."""
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = self.conn.fileno()

        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, wake)
        try:
            await asyncio.wait_for(ready, timeout)
        finally:
            loop.remove_reader(fd)
        return self.conn.recv()

    def kill(self) -> None:
        self.process.kill()
        self.conn.close()
        self.process.join(5)

class Pool:
    """Worker processes, each answering one query at a time; a worker over the time limit is killed."""

    def __init__(self, root: Path, artifact: Path, limits: Limits) -> None:
        import multiprocessing

        self.ctx = multiprocessing.get_context("spawn")  # a forked copy of a threaded server is not safe
        self.args = (str(root), str(artifact), limits.max_rows)
        self.limits = limits
        self.idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self.all: set[_Worker] = set()
        self.starting: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Start every worker and wait until each has the graph in memory."""
        await asyncio.gather(*(self._spawn() for _ in range(self.limits.workers)))

    async def _spawn(self) -> None:
        worker = _Worker(self.ctx, self.args)
        self.all.add(worker)
        try:
            await worker.receive(120)
        except BaseException:
            self.all.discard(worker)
            worker.kill()
            raise
        self.idle.put_nowait(worker)

    def _replace(self, worker: _Worker) -> None:
        self.all.discard(worker)
        worker.kill()
        task = asyncio.get_running_loop().create_task(self._spawn())
        self.starting.add(task)
        task.add_done_callback(self.starting.discard)

    async def run(self, job: tuple[str, tuple[Any, ...]]) -> tuple[int, str, bytes]:
        """Hand a job to the next idle worker; stop it at the time limit."""
        timeout = self.limits.timeout
        try:
            worker = await asyncio.wait_for(self.idle.get(), self.limits.queue_wait)
        except TimeoutError:
            raise Refused(503, f"the endpoint is busy: no worker was free within {self.limits.queue_wait:g} s") from None
        try:
            worker.conn.send(job)
            reply: tuple[int, str, bytes] = await worker.receive(timeout)
        except TimeoutError:
            self._replace(worker)
            raise Refused(503, f"the query was stopped at this endpoint's time limit ({timeout:g} s)") from None
        except (EOFError, OSError):
            self._replace(worker)
            raise Refused(500, "the worker answering the query stopped; try again") from None
        except BaseException:  # cancelled mid-query: the worker's state is unknown
            self._replace(worker)
            raise
        self.idle.put_nowait(worker)
        return reply

    async def close(self) -> None:
        """Stop every worker."""
        for task in list(self.starting):
            task.cancel()
        for worker in list(self.all):
            worker.kill()
        self.all.clear()
