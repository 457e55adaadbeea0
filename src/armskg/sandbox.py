"""The second wall around user-written SPARQL: where it runs, no network socket can be opened and memory
is bounded, whatever the query asks of the engine.

pyoxigraph calls SERVICE endpoints itself and has no switch to stop it, and it cannot bound the memory a
query takes. So, on Linux:

- a seccomp filter (libseccomp through the PyPI package ``pyseccomp``) makes ``socket()`` fail for every
  family but AF_UNIX, and refuses io_uring, in the process (the endpoint's workers, the command line's
  query process) or in the one thread (the Python API) that runs user queries: a SERVICE the guard missed
  fails with "permission denied" before any packet leaves;
- ``RLIMIT_AS`` caps the address space of the process that runs them (the endpoint's workers, the command
  line's query process): a query past it stops that process, and the caller reports it in one line.
"""

from __future__ import annotations

import os
import sys

from armskg.errors import ArmskgError

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Callable

#: The default memory budget of one query's process beyond what it holds before the query (MiB).
MEMORY_MIB = 2048


def no_network() -> bool:
    """Forbid new network sockets (and io_uring) in the calling thread and the threads and processes it
    starts later; True when the filter is in force (Linux with libseccomp), False where it cannot be."""
    if not sys.platform.startswith("linux"):
        return False
    import errno
    import socket

    try:
        import pyseccomp as seccomp

        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
        rules.add_rule(seccomp.ERRNO(errno.EPERM), "io_uring_setup")
        rules.load()
    except (ImportError, OSError, RuntimeError, ValueError, AttributeError):
        return False
    return True


def limit_memory(budget_mib: int | None) -> None:
    """Cap the process's address space at what it uses now plus ``budget_mib`` MiB (None: no cap)."""
    if budget_mib is None or not sys.platform.startswith("linux"):
        return
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            used = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return
    cap = used + budget_mib * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def run_confined(job: Callable[[], int], budget_mib: int | None) -> int:
    """Run ``job`` in a child process with no network and a memory budget; return its exit code.

    The child's standard error is read here: when the child is stopped (the engine ran out of its budget
    and aborted), one line says so instead of the engine's own words. Ctrl-C stops the child at once,
    even inside a long aggregate that pyoxigraph would not interrupt. Without ``fork`` (not Linux or
    macOS), the job runs here, with the guard as its only wall.
    """
    if not hasattr(os, "fork"):
        return job()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        _child(job, read, write, budget_mib)
    os.close(write)
    try:
        with os.fdopen(read, "rb") as pipe:
            said = pipe.read(1 << 16)
            while pipe.read(1 << 16):
                pass
        _, status = os.waitpid(pid, 0)
    except KeyboardInterrupt:
        _stop(pid)
        raise
    return _report(status, said.decode("utf-8", "replace"), budget_mib)


def _child(job: Callable[[], int], read: int, write: int, budget_mib: int | None) -> None:
    import signal

    code = 2
    try:
        os.close(read)
        os.dup2(write, 2)
        os.close(write)
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C stops the query wherever the engine is
        no_network()
        limit_memory(budget_mib)
        code = job()
    except MemoryError:
        print(_memory_message(budget_mib), file=sys.stderr)
    except BaseException as exc:  # noqa: BLE001 - one line, never a traceback
        print(f"armskg: error: {type(exc).__name__}", file=sys.stderr)
    finally:
        try:
            sys.stdout.flush()
        except (BrokenPipeError, OSError):
            pass
        try:
            sys.stderr.flush()
        finally:
            os._exit(code)


def _stop(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _memory_message(budget_mib: int | None) -> str:
    return (f"armskg: error: the query needed more memory than its budget ({budget_mib} MiB): narrow it, add a "
            "LIMIT, or give --max-memory-mib")


def _report(status: int, said: str, budget_mib: int | None) -> int:
    if os.WIFEXITED(status):
        sys.stderr.write(said)
        return os.WEXITSTATUS(status)
    lines = [line for line in said.splitlines() if line.startswith("armskg:")]
    if "memory allocation" in said or "MemoryError" in said:
        print(_memory_message(budget_mib), file=sys.stderr)
    elif lines:
        print(lines[-1], file=sys.stderr)
    else:
        signal_number = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
        print(f"armskg: error: the query stopped the engine (signal {signal_number}), most often past its memory "
              f"budget ({budget_mib} MiB): narrow it, add a LIMIT, or give --max-memory-mib", file=sys.stderr)
    return 2


def check_budget(value: float, name: str) -> float:
    """A positive, finite number for a limit given on the command line (``nan`` and ``inf`` refused)."""
    import math

    if not math.isfinite(value) or value <= 0:
        raise ArmskgError(f"{name} must be positive and finite, not {value!r}")
    return value
