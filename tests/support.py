"""What the tests import (a module of its own: a test file that imported tests/conftest.py as ``tests.conftest``
loaded it a second time, beside the ``conftest`` pytest loads): running the command line as a user does, and
the types of the shared fixtures."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest

import armskg

#: The ``stats_on`` fixture (tests/conftest.py): ``kg.stats(as_of=DAY)``, memoised.
StatsOn = Callable[[str], "tuple[armskg.Result, armskg.Result]"]


def interruptible(*args: str) -> list[str]:
    """The command line ``python -m armskg ARGS``, started with SIGINT at its default, as a terminal starts
    it, for a test that stops it with Ctrl-C. A test run started from a background job inherits SIGINT
    ignored (a shell without job control ignores it in background commands); Python then installs no
    KeyboardInterrupt handler, the Ctrl-C never arrives, and the test would wait for nothing (issue 15).
    A small launcher resets it and execs armskg (no ``preexec_fn``: the test process has threads)."""
    launcher = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                "os.execv(sys.executable, [sys.executable, '-m', 'armskg', *sys.argv[1:]])")
    return [sys.executable, "-c", launcher, *args]


def run_armskg(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m armskg ARGS`` in a new process, as a user would, capturing its output."""
    return subprocess.run([sys.executable, "-m", "armskg", *args], capture_output=True, text=True, input=stdin,
                          timeout=120, check=False)


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command line ``armskg ARGS`` and capture what ``python -m armskg ARGS`` would print and
    return: in this process, through the entry point's ``main`` (the same parsing, output and exit code,
    without the 0.1 s a new process takes to start and import), when the command does nothing to the
    process it runs in; in a new process (:func:`run_armskg`) when it does (:func:`_needs_a_process`).
    A test about the process itself (signals, pipes, its environment) starts one of its own. Here, the
    project's graph from the run's cache is copied into memory once per test process (:func:`opened_once`)."""
    if _needs_a_process(args):
        return run_armskg(*args, stdin=stdin)
    return _run_here(args, stdin)


def _needs_a_process(args: tuple[str, ...]) -> bool:
    """Whether ``armskg ARGS`` must run in a process of its own: a user's SPARQL (-e or a .rq file, not
    sent to an endpoint) runs in a forked child that seccomp and a memory limit confine for good; ``serve``
    starts worker processes and runs until stopped; ``build`` and ``validate`` may fork a SHACL worker, and
    ``--root`` names a copy of the data that a test may edit between two commands (each one's build is 3 s:
    a new process costs nothing that counts there). A usage error is argparse's words alone: it runs here."""
    import contextlib

    from armskg.cli import _parser

    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            parsed = _parser().parse_args(list(args))
    except SystemExit:
        return False
    if parsed.root is not None or parsed.command in ("build", "validate", "serve"):
        return True
    return parsed.command == "query" and not parsed.endpoint and bool(parsed.expression or (parsed.name or "").endswith(".rq"))


def sampled(cases: Sequence[str], ways: Sequence[str]) -> list[Any]:
    """Every (case, way) pair as pytest parameters, for a matrix the command line runs as new processes
    (0.2 s each): the quick run asks each case once, the ways taken in turn, and the others are marked
    ``slow`` (the thorough run, CI, asks them all)."""
    return [pytest.param(case, way, marks=[] if i == n % len(ways) else [pytest.mark.slow])
            for n, case in enumerate(cases) for i, way in enumerate(ways)]


#: What ``open_store`` gave for the project's data in the run's cache, copied into memory (see opened_once).
_OPENED: list[Any] = []


@contextlib.contextmanager
def opened_once() -> Iterator[None]:
    """While inside, ``armskg.load()`` (and so every command run here) gives the project's graph from the
    run's cache, copied into memory, as ``armskg.build.open_store`` gave it the first time in this process,
    and opens anything else as usual. The commands that read a graph in memory (stats, dump, push, pages,
    several exports) and ten doctests otherwise copied the 32 MB snapshot afresh, 0.3 s each, some fifty
    times a run; the copy is read only (armskg writes into a store only when it builds one), each caller
    still makes its own KnowledgeGraph around it, and the artifact was opened and checked, as armskg opens
    it, the first time. A graph given ``--root``/``root`` or ``--artifact``/``artifact``, a test with a
    cache or data of its own (``ARMSKG_CACHE``, ``ARMSKG_ROOT`` changed), or a graph read on disk is opened
    as a process would open it."""
    import os

    import armskg_private_cache

    import armskg.api

    real = armskg.api.open_store

    def open_store(root: Any = None, artifact: Any = None, in_memory: bool = True) -> Any:
        if (root is not None or artifact is not None or not in_memory or os.environ.get("ARMSKG_ROOT")
                or os.environ.get("ARMSKG_CACHE") != armskg_private_cache.RUN_CACHE):
            return real(root, artifact, in_memory)
        if not _OPENED:
            _OPENED.append(real(None, None, True))
        return _OPENED[0]

    armskg.api.open_store = open_store
    try:
        yield
    finally:
        armskg.api.open_store = real


class _Kept(io.BytesIO):
    """Bytes written to a stream, kept when the stream is closed."""

    def close(self) -> None:
        pass


def _run_here(args: tuple[str, ...], stdin: str | None) -> subprocess.CompletedProcess[str]:
    """``armskg ARGS`` through ``armskg.cli.main`` in this process, its standard streams captured as a
    process's are (UTF-8, a buffer under the text layer: ``sys.stdout.buffer`` works) and decoded as
    :func:`subprocess.run` decodes them (``text=True``: newlines translated); the library loggers the
    command line quiets are put back afterwards."""
    import logging

    from armskg.cli import main

    loggers = [logging.getLogger(name) for name in ("rdflib", "pyshacl")]
    kept = [(logger.handlers[:], logger.propagate) for logger in loggers]
    out, err = _Kept(), _Kept()
    streams = (sys.stdin, sys.stdout, sys.stderr)
    sys.stdin = io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(out), encoding="utf-8")  # type: ignore[arg-type]
    sys.stderr = io.TextIOWrapper(io.BufferedWriter(err), encoding="utf-8", errors="backslashreplace",  # type: ignore[arg-type]
                                  line_buffering=True)
    try:
        try:
            with opened_once():
                code = main(list(args))
        except SystemExit as exc:  # argparse: a usage error (2), --help or --version (0)
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
            code = 1 if isinstance(exc.code, str) else int(exc.code or 0)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
        for logger, (handlers, propagate) in zip(loggers, kept):
            logger.handlers[:], logger.propagate = handlers, propagate

    def text(data: bytes) -> str:
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")

    return subprocess.CompletedProcess([sys.executable, "-m", "armskg", *args], code, text(out.getvalue()),
                                       text(err.getvalue()))

