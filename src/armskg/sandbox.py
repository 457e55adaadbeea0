"""The second wall around user-written SPARQL: where it runs, no network socket can be opened and memory
is bounded, whatever the query asks of the engine.

pyoxigraph calls SERVICE endpoints itself and has no switch to stop it, and it cannot bound the memory a
query takes. So, on Linux:

- a seccomp filter makes ``socket()`` fail for every family but AF_UNIX, and refuses io_uring, in the
  process (the endpoint's workers, the command line's query process) or in the one thread (the Python API)
  that runs user queries: a SERVICE the guard missed fails with "permission denied" before any packet
  leaves;
- ``RLIMIT_DATA`` caps the memory the process that runs them may write to (its heap and private mappings,
  not what it merely reserves or maps from files), set once the graph is open: a query past it stops that
  process (the engine aborts, SIGABRT) or raises MemoryError, and the caller reports it in one line (exit
  2 on the command line, 507 from the endpoint). ``RLIMIT_AS`` was tried first and failed: RocksDB and the
  query thread reserve 600 MB of address space they never use, so budgets under 800 MiB refused every
  query, even ``ASK {}``.

The filter is libseccomp's, through the PyPI package ``pyseccomp`` (a ctypes wrapper, 0.1.2 of 2021, over
the system's ``libseccomp.so.2``, which its maintainers release (2.6.0 in 2025) and every distribution
ships). Re-checked in December 2026 against what PyPI offers: libseccomp's own bindings (Cython) are
shipped by distributions (Debian's ``python3-seccomp``, Alpine's ``py3-libseccomp``), not on PyPI;
``mephi42-seccomp`` has no installable distribution there; ``seccompy`` (0.2.0, 2026, pure Python, beta,
one vendor) assembles its own BPF and checks the architecture but not x86-64's x32 system-call bit, which
libseccomp's filter does (read in its generated program: ``nr >= 0x40000000`` is killed); Python's standard
library has no seccomp at all. The wrapper is thin and libseccomp's interface is stable, so it stays.

Without libseccomp (or seccomp, or Linux) the filter cannot be set: :func:`why_open` says why in one
line, which the command line and ``armskg serve`` print, and the guard (``sparql.guard``, the first wall)
still refuses SERVICE, LOAD, updates and foreign datasets on the parsed query.
"""

from __future__ import annotations

import os
import sys

from armskg.errors import ArmskgError

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    import signal
    from collections.abc import Callable

#: The default memory budget of one query's process beyond what it holds once the graph is open (MiB).
MEMORY_MIB = 2048

_WHY: list[str] = []  # why the filter could not be set in this process, once it was tried


def no_network(explain: bool = True) -> bool:
    """Forbid new network sockets (and io_uring) in the calling thread and the threads and processes it
    starts later; True when the filter is in force (Linux with libseccomp), False where it cannot be.

    Where it cannot be, :func:`why_open` says why, and (with ``explain``) the ``armskg`` logger says so
    once per process, in one line.
    """
    if _WHY:
        return False
    reason = _set_filter()
    if reason is None:
        return True
    _WHY.append(reason)
    if explain:
        import logging

        logging.getLogger("armskg").warning("armskg: note: %s", open_note())
    return False


def _set_filter() -> str | None:
    """Load the seccomp filter; None when done, else why it could not be."""
    if not sys.platform.startswith("linux"):
        return f"seccomp exists only on Linux, not on {sys.platform}"
    import errno
    import socket

    try:
        import pyseccomp as seccomp
    except ImportError:
        return "the pyseccomp package is not installed (pip install pyseccomp)"
    except (OSError, RuntimeError):  # pyseccomp raises RuntimeError when ctypes finds no libseccomp
        return "libseccomp is not installed (Debian, Ubuntu: apt install libseccomp2; Fedora: dnf install libseccomp)"
    try:
        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
        rules.add_rule(seccomp.ERRNO(errno.EPERM), "io_uring_setup")
        rules.load()
    except (OSError, RuntimeError, ValueError, AttributeError) as exc:
        return f"the kernel refused the seccomp filter ({type(exc).__name__}: {str(exc)[:80]})"
    return None


def why_open() -> str | None:
    """Why the network could not be closed in this process (None: it was, or it was not tried)."""
    return _WHY[0] if _WHY else None


def open_note(reason: str | None = None) -> str:
    """One line saying that the second wall is missing, why, and that the guard still holds."""
    return (f"user queries run without the second wall, because {reason or why_open() or 'seccomp is unavailable'}; "
            "the guard still refuses SERVICE, LOAD, updates and foreign datasets")


def limit_memory(budget_mib: int | None) -> None:
    """Cap the memory the process may write to (``RLIMIT_DATA``) at what it holds now plus ``budget_mib``
    MiB (None: no cap), and write no core file when it stops there. Call it once the graph is open and a
    first query has run, so that the budget is the query's alone."""
    if budget_mib is None or not sys.platform.startswith("linux"):
        return
    import resource

    used = _data_bytes()
    if used is None:
        return
    cap = used + budget_mib * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    elif cap >= 2 ** 62:  # more than any address space: no cap (setrlimit would raise OverflowError)
        cap = resource.RLIM_INFINITY
    resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    # A panic in the engine at the budget (pyo3 handed a NULL) would print its backtrace if the user's
    # environment asks for one (RUST_BACKTRACE=1): that needs memory, fails, and Rust's out-of-memory hook
    # then waits for the backtrace lock its own panic holds, so the query hung for ever instead of stopping
    os.environ["RUST_BACKTRACE"] = "0"


def _data_bytes() -> int | None:
    """What ``RLIMIT_DATA`` counts for this process now (VmData), in bytes."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def stopped_for_memory(exitcode: int | None) -> bool:
    """Whether a process with a memory cap stopped because it reached it: the engine (Rust) and the
    parser (C) abort when an allocation fails; Python raises MemoryError, which armskg catches."""
    import signal

    return exitcode == -signal.SIGABRT


def run_confined(job: Callable[[], int], budget_mib: int | None, prepare: Callable[[], int] | None = None) -> int:
    """Run ``job`` in a child process with no network and a memory budget; return its exit code.

    ``prepare`` runs first in the child, before the budget is set (open the graph, run a first query), so
    that the budget bounds the query and not the graph; an exit code other than 0 from it ends the child. The child's standard error is read here: when the
    child is stopped (the engine ran out of its budget and aborted), one line says so instead of the
    engine's own words. Ctrl-C stops the child at once, even inside a long aggregate that pyoxigraph would
    not interrupt. Without ``fork`` (not Linux or macOS), the job runs here, with the guard as its only wall.
    """
    if not hasattr(os, "fork"):
        return (prepare() if prepare is not None else 0) or job()
    import signal

    parent = os.getpid()
    read, write = os.pipe()
    # Ctrl-C is held back (blocked) from just before the fork until the parent stands in the ``try`` below
    # that stops the child: a Ctrl-C in that window would otherwise end the parent and leave the child
    # running, holding the caller's standard output (issue 15). One that came before the block is raised
    # by the checkpoint, before there is a child.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        _checkpoint()
        pid = os.fork()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        os.close(read)
        os.close(write)
        raise
    if pid == 0:  # the child: never returns
        _child(job, prepare, read, write, budget_mib, parent, held)
    try:
        os.close(write)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a Ctrl-C held back arrives here
        with os.fdopen(read, "rb") as pipe:
            said = pipe.read(1 << 16)
            while pipe.read(1 << 16):
                pass
        _, status = os.waitpid(pid, 0)
    except KeyboardInterrupt:
        _stop(pid)
        raise
    return _report(status, said.decode("utf-8", "replace"), budget_mib)


def _checkpoint() -> None:
    """Nothing: calling a Python function lets the interpreter raise a KeyboardInterrupt it holds."""


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this forked process when its parent ends, however the parent ends (Ctrl-C,
    SIGKILL, a crash), so that no query or validation outlives the command that started it (Linux
    ``PR_SET_PDEATHSIG``; elsewhere the parent's own stop is the only one). A parent already gone ends it now."""
    import signal

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(130)


def _child(job: Callable[[], int], prepare: Callable[[], int] | None, read: int, write: int,
           budget_mib: int | None, parent: int, held: set[int | signal.Signals]) -> None:
    import signal

    code = 2
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C stops the query wherever the engine is
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        die_with_parent(parent)
        os.close(read)
        os.dup2(write, 2)
        os.close(write)
        no_network()
        code = prepare() if prepare is not None else 0
        if code == 0:
            limit_memory(budget_mib)
            code = job()
    except MemoryError:
        print(memory_message(budget_mib), file=sys.stderr)
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


def memory_message(budget_mib: int | None) -> str:
    return (f"armskg: error: the answer needs more memory than this query's budget ({budget_mib} MiB): narrow "
            "the query, add a LIMIT, or give --max-memory-mib")


def _report(status: int, said: str, budget_mib: int | None) -> int:
    if os.WIFEXITED(status):
        sys.stderr.write(said)
        return os.WEXITSTATUS(status)
    signal_number = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
    notes = [line for line in said.splitlines() if line.startswith("armskg: note:")]
    for line in notes:
        print(line, file=sys.stderr)
    errors = [line for line in said.splitlines() if line.startswith("armskg: error:")]
    if stopped_for_memory(-signal_number):
        print(memory_message(budget_mib), file=sys.stderr)
    elif errors:
        print(errors[-1], file=sys.stderr)
    else:
        print(f"armskg: error: the query stopped the engine (signal {signal_number}); it was not answered",
              file=sys.stderr)
    return 2


def check_budget(value: float, name: str) -> float:
    """A positive, finite number for a limit given on the command line (``nan`` and ``inf`` refused)."""
    import math

    if not math.isfinite(value) or value <= 0:
        raise ArmskgError(f"{name} must be positive and finite, not {value!r}")
    return value
