"""Worker processes that answer queries, one at a time each, and are killed when they overrun the time limit."""

from __future__ import annotations

import os
from pathlib import Path

from armskg.errors import ArmskgError
from armskg.serve.protocol import Answerer, Refused

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    import asyncio
    from multiprocessing.connection import Connection
    from multiprocessing.context import SpawnContext, SpawnProcess
    from typing import Any


#: How long a client may take to send a request's headers, to send its body, and to take any of its answer
#: before its connection is closed (seconds; ``armskg serve --client-timeout``; ``serve.connections``).
CLIENT_SECONDS = 10.0


class Limits:
    """What one request may cost: seconds of work, rows and bytes in the answer, bytes in the request,
    memory in its worker, and the seconds its client may stall (:data:`CLIENT_SECONDS`)."""

    def __init__(self, timeout: float = 10.0, max_rows: int = 50_000, max_request_bytes: int = 64 * 1024,
                 workers: int | None = None, queue_wait: float = 60.0, memory_mib: int = 1024,
                 max_answer_bytes: int = 64 * 1024 * 1024, client_seconds: float = CLIENT_SECONDS) -> None:
        self.timeout, self.max_rows, self.max_request_bytes = timeout, max_rows, max_request_bytes
        self.workers = workers or max(1, min(4, os.cpu_count() or 1))
        #: How long a request may wait for a free worker before it is answered 503 (busy).
        self.queue_wait = queue_wait
        #: Each worker's memory budget beyond the graph it holds (MiB), and an answer's size in bytes.
        self.memory_mib, self.max_answer_bytes = memory_mib, max_answer_bytes
        self.client_seconds = client_seconds

#: The status and one line for a query that needed more memory than a worker's budget. 507 (Insufficient
#: Storage) rather than 503: the same query will fail again, however long the client waits.
MEMORY_STATUS = 507
#: A worker's reply to a job: status, media type, body, and the notes a named query's answer carries.
Reply = tuple[int, str, bytes, list[str]]


def memory_refusal(memory_mib: int) -> str:
    """The one line a client gets when the answer needs more memory than a worker's budget."""
    return (f"the answer needs more memory than this endpoint's budget ({memory_mib} MiB per query): narrow the "
            "query or add a LIMIT")


def _worker_main(conn: Connection, server: int, root: str, artifact: str, max_rows: int, memory_mib: int,
                 max_bytes: int) -> None:
    """A worker process: load the graph into memory, confine itself (no network socket can be opened, a
    memory budget), then answer one job at a time until the pipe closes or the ``server`` process ends."""
    import signal

    from armskg.build.answers import read
    from armskg.sandbox import die_with_parent, limit_memory, no_network, why_open

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle; it closes the workers
    # a server killed outright closes the pipe, but a worker in a query would finish it first: end it now
    die_with_parent(server)
    try:
        store, answers = read(Path(artifact), in_memory=True)
        answerer = Answerer(store, Path(root), max_rows, max_bytes, answers)
    except ArmskgError as exc:
        conn.send(("failed", str(exc)))
        return
    confined = no_network(explain=False)  # the server says it once, not each worker
    answerer.sparql("ASK {}", None)  # the engine's first allocations are the graph's, not a query's
    limit_memory(memory_mib)
    _quiet_stderr()  # an engine stopped at its budget says so in Rust's words; the client and /health say it
    conn.send(("ready", confined, why_open()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            conn.send(_answer(answerer, job, memory_mib))
        except MemoryError:  # pickling a large answer past the budget
            conn.send((MEMORY_STATUS, "text/plain", memory_refusal(memory_mib).encode()))


def _quiet_stderr() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _answer(answerer: Answerer, job: tuple[str, tuple[Any, ...]], memory_mib: int) -> Reply:
    """One job's reply: (status, media type, body, notes), the notes a named query's answer carries (none for
    any other job); never an exception, so the worker lives on."""
    kind, args = job
    notes: list[str] = []
    try:
        if kind == "sparql":
            media, body = answerer.sparql(*args)
        elif kind == "named":  # a named query's answer carries its notes (the Armskg-Notes header)
            media, body, notes = answerer.named_query(*args)
        else:  # the pages' jobs (armskg.serve.jobs)
            from armskg.serve import jobs

            media, body = jobs.run(answerer, kind, args)
        return 200, media, body, notes
    except Refused as exc:  # a page's refusal carries a page of its own
        return exc.status, getattr(exc, "media", "text/plain"), getattr(exc, "body", None) or str(exc).encode(), []
    except ArmskgError as exc:
        return 400, "text/plain", str(exc).encode(), []
    except MemoryError:
        return MEMORY_STATUS, "text/plain", memory_refusal(memory_mib).encode(), []
    except BaseException:  # noqa: BLE001 - one line to the client, no Python details, and the worker lives on
        return 500, "text/plain", b"the query failed inside the engine; it was not answered", []

class _Worker:
    def __init__(self, ctx: SpawnContext, args: tuple[str, str, int, int, int]) -> None:
        self.conn, child = ctx.Pipe()
        # started from the event loop's thread, which lives as long as the server: the kernel's parent-death
        # signal (sandbox.die_with_parent) follows the thread that started a process, not the process
        self.process: SpawnProcess = ctx.Process(target=_worker_main, args=(child, os.getpid(), *args), daemon=True)
        self.process.start()
        child.close()

    async def receive(self, timeout: float) -> Any:
        """Wait for the worker's next message without blocking the event loop."""
        import asyncio

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

    def kill(self) -> int | None:
        """Stop the worker; its exit code (negative: the signal that ended it first)."""
        self.process.kill()
        self.conn.close()
        self.process.join(5)
        return self.process.exitcode

class Pool:
    """Worker processes, each answering one query at a time; a worker over the time limit is killed."""

    def __init__(self, root: Path, artifact: Path, limits: Limits) -> None:
        # asyncio here and in the methods below, not at the top: the workers import this module to start
        # (_worker_main) and never use it (0.05 s of CPU each, a tenth of a worker's start)
        import asyncio
        import multiprocessing

        self.ctx = multiprocessing.get_context("spawn")  # a forked copy of a threaded server is not safe
        self.args = (str(root), str(artifact), limits.max_rows, limits.memory_mib, limits.max_answer_bytes)
        self.limits = limits
        self.idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self.all: set[_Worker] = set()
        self.starting: set[asyncio.Task[None]] = set()
        #: why the last worker failed to start (None once one started), for the health check
        self.last_failure: str | None = None
        #: whether every worker runs with the network closed (seccomp), and if not, why
        self.confined = True
        self.why_open: str | None = None
        #: queries stopped at the memory budget, at the time limit, and by an engine failure, for /health
        self.stopped = {"memory": 0, "time": 0, "failure": 0}

    async def start(self) -> None:
        """Start every worker and wait until each has the graph in memory."""
        import asyncio

        await asyncio.gather(*(self._spawn() for _ in range(self.limits.workers)))

    async def _spawn(self) -> None:
        worker = _Worker(self.ctx, self.args)
        self.all.add(worker)
        try:
            message = await worker.receive(120)
            if message[0] != "ready":
                raise ArmskgError(f"a worker could not start: {message[1]}")
        except BaseException as exc:
            self.all.discard(worker)
            worker.kill()
            self.last_failure = str(exc) if isinstance(exc, ArmskgError) else f"a worker could not start ({type(exc).__name__})"
            raise
        self.confined = self.confined and bool(message[1])
        self.why_open = self.why_open or message[2]
        self.last_failure = None
        self.idle.put_nowait(worker)

    async def _respawn(self) -> None:
        """Start a worker in place of one that was stopped, trying again with a growing pause (0.5 s to
        30 s) for as long as it fails (the artifact missing for a while, memory short)."""
        import asyncio

        pause = 0.5
        while True:
            try:
                await self._spawn()
                return
            except (ArmskgError, EOFError, OSError, TimeoutError):
                await asyncio.sleep(pause)
                pause = min(pause * 2, 30.0)

    def _replace(self, worker: _Worker) -> int | None:
        """Stop a worker and start another in its place; the stopped one's exit code."""
        import asyncio

        self.all.discard(worker)
        code = worker.kill()
        task = asyncio.get_running_loop().create_task(self._respawn())
        self.starting.add(task)
        task.add_done_callback(self.starting.discard)
        return code

    def health(self) -> tuple[bool, dict[str, Any]]:
        """Whether the endpoint can answer queries: a worker is alive, or one is being started."""
        alive = sum(1 for w in self.all if w.process.is_alive())
        report: dict[str, Any] = {"workers": self.limits.workers, "alive": alive, "idle": self.idle.qsize(),
                  "restarting": len(self.starting), "network_closed": self.confined, "stopped": dict(self.stopped)}
        if self.last_failure:
            report["last_failure"] = self.last_failure
        if self.why_open:
            report["network_open_because"] = self.why_open
        return alive > 0, report

    async def run(self, job: tuple[str, tuple[Any, ...]]) -> tuple[int, str, bytes]:
        """Hand a job to the next idle worker; stop it at the time limit: (status, media type, body)."""
        status, media, body, _ = await self.run_noted(job)
        return status, media, body

    async def run_noted(self, job: tuple[str, tuple[Any, ...]]) -> Reply:
        """:meth:`run`, with the notes a named query's answer carries (none for any other job)."""
        import asyncio

        timeout = self.limits.timeout
        if self.idle.empty() and self.last_failure and not any(w.process.is_alive() for w in self.all):
            raise Refused(503, f"no worker is running ({self.last_failure}); one is being restarted: try again soon")
        try:
            worker = await asyncio.wait_for(self.idle.get(), self.limits.queue_wait)
        except TimeoutError:
            raise Refused(503, f"the endpoint is busy: no worker was free within {self.limits.queue_wait:g} s") from None
        try:
            worker.conn.send(job)
            reply: Reply = await worker.receive(timeout)
        except TimeoutError:
            self._replace(worker)
            self.stopped["time"] += 1
            raise Refused(503, f"the query was stopped at this endpoint's time limit ({timeout:g} s)") from None
        except (EOFError, OSError):
            from armskg.sandbox import stopped_for_memory

            if stopped_for_memory(self._replace(worker)):
                self.stopped["memory"] += 1
                raise Refused(MEMORY_STATUS, memory_refusal(self.limits.memory_mib)) from None
            self.stopped["failure"] += 1
            raise Refused(500, "the query stopped the engine answering it; it was not answered") from None
        except BaseException:  # cancelled mid-query: the worker's state is unknown
            self._replace(worker)
            raise
        self.idle.put_nowait(worker)
        if reply[0] == MEMORY_STATUS:  # Python's MemoryError, caught in the worker
            self.stopped["memory"] += 1
        return reply

    async def close(self) -> None:
        """Stop every worker."""
        for task in list(self.starting):
            task.cancel()
        for worker in list(self.all):
            worker.kill()
        self.all.clear()
