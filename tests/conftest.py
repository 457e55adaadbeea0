"""Shared fixtures: the real graph, built once per session, and helpers to run the CLI."""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from engines import Virtuoso

import armskg
from armskg.resources import artifact_path, data_root

FIXTURES = Path(__file__).parent / "fixtures"
#: The ``stats_on`` fixture: ``kg.stats(as_of=DAY)``, memoised.
StatsOn = Callable[[str], "tuple[armskg.Result, armskg.Result]"]


#: CI sets this (.ci/run): the slow, thorough tests (marked ``slow``) run too, and the fuzz tests try three
#: times as many examples. Without it the suite stays quick for a developer; it never drops a behaviour an
#: issue asks for, only a second, larger case of one that quicker tests already cover.
THOROUGH = os.environ.get("ARMSKG_THOROUGH") == "1"


def fuzz_examples(count: int) -> int:
    """How many examples a fuzz test tries: ``count``, or three times as many with ``ARMSKG_THOROUGH=1``."""
    return count * 3 if THOROUGH else count


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the tests marked ``slow`` unless ``ARMSKG_THOROUGH=1`` (as in CI)."""
    if THOROUGH:
        return
    skip = pytest.mark.skip(reason="slow and thorough: ARMSKG_THOROUGH=1 runs it, as CI does")
    for item in items:
        if item.get_closest_marker("slow") is not None:
            item.add_marker(skip)


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden`` rewrites the golden files under tests/golden/ from today's output."""
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files from today's output")


@pytest.fixture()
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites the golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def kg() -> armskg.KnowledgeGraph:
    """The real armskg graph, built (or read from the cache) once."""
    return armskg.load()


@pytest.fixture(scope="session")
def stats_on(kg: armskg.KnowledgeGraph) -> StatsOn:
    """``kg.stats(as_of=DAY)``, computed once per day for the session: the graph is read-only here, and a
    dozen tests (tests/test_one_status.py, test_reports.py) read the report of the same few days."""
    return functools.cache(lambda day: kg.stats(as_of=day))


def cached_artifact_copy(path: Path) -> Path:
    """A copy at ``path`` of the session's cached artifact of the project's data (the ``kg`` fixture built it,
    with the code ``armskg build`` runs): the same files as a build leaves them, without the stamp a later
    read writes beside them. A test about what a later command does with an artifact needs no build of its
    own to get one (3 to 5 s)."""
    built = artifact_path(data_root())
    assert built.is_dir(), built
    return Path(shutil.copytree(built, path, symlinks=True, ignore=shutil.ignore_patterns("verified.json")))


@pytest.fixture(scope="session")
def release(kg: armskg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release of the real graph, written once per session by ``armskg dump`` (another process, as a user
    runs it) into a folder that exists and is empty."""
    folder = tmp_path_factory.mktemp("release")
    assert not any(folder.iterdir())
    done = run_armskg("dump", "-o", str(folder))
    assert done.returncode == 0 and done.stdout.startswith("wrote release"), done.stdout + done.stderr
    assert "sha256sum -c SHA256SUMS" in done.stdout
    return folder


@pytest.fixture(scope="session")
def virtuoso(release: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """One OpenLink Virtuoso per session (tests/engines.py), its own database in a temporary folder, with the
    release's N-Quads loaded: its default graph is the union of all graphs."""
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"), release)
    server.load("armskg.nq")
    yield server
    server.close()


@pytest.fixture(scope="session")
def server(kg: armskg.KnowledgeGraph) -> Iterator[str]:
    """One running ``armskg serve`` (at most 5,000 rows, two workers) for the run's tests that only ask it
    questions (test_serve.py, test_ssrf.py, test_attacks.py, ...): a test that kills workers or needs other
    limits starts a server of its own. Returns its base URL.

    One for the whole run, not one per pytest-xdist worker (a server and its two workers load the graph
    three times, 3 s of CPU): the first worker to ask starts it, under a lock in the run's shared folder
    (tests/armskg_private_cache.py), and says where it listens there; the others read it. It outlives that
    worker (its standard error goes to a file there, not to a pipe that worker would close), and the run's
    main process stops it at the end, with Ctrl-C as a person would."""
    import fcntl
    import gc
    import json
    import warnings

    from armskg_private_cache import shared_folder, stop_at_end
    from test_serve import start_serve

    folder = shared_folder()
    started: list[subprocess.Popen[str]] = []
    with (folder / "server.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        record = folder / "server.json"
        if record.exists():
            base = str(json.loads(record.read_text(encoding="utf-8"))["base"])
        else:
            with (folder / "server.log").open("w", encoding="utf-8") as log:
                process, base = start_serve("--max-rows", "5000", "--workers", "2", stderr=log)
            stop_at_end(process.pid)
            record.write_text(json.dumps({"pid": process.pid, "base": base}), encoding="utf-8")
            started.append(process)
            del process  # the list holds it, and lets it go at the end
    yield base
    with warnings.catch_warnings():  # "still running": it is, for the other workers, until the run ends
        warnings.simplefilter("ignore", ResourceWarning)
        started.clear()
        gc.collect()


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of ontology/, graph/ and queries/ for tests that break a fact."""
    root = data_root()
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(root / folder, tmp_path / folder)
    return tmp_path


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
    A test about the process itself (signals, pipes, its environment) starts one of its own."""
    if _needs_a_process(args):
        return run_armskg(*args, stdin=stdin)
    return _run_here(args, stdin)


def _needs_a_process(args: tuple[str, ...]) -> bool:
    """Whether ``armskg ARGS`` must run in a process of its own: a user's SPARQL (-e or a .rq file, not
    sent to an endpoint) runs in a forked child that seccomp and a memory limit confine for good; ``serve``
    starts worker processes and runs until stopped; ``build`` and ``validate`` fork a SHACL worker, and
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


#: CI sets this, so that a missing browser or Graphviz fails there instead of skipping.
REQUIRE_TOOLS = os.environ.get("ARMSKG_REQUIRE_TOOLS") == "1"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's chromium and chromedriver) in which no host name resolves but this
    machine's 127.0.0.1 (where the tests' servers listen): anything a page tried to fetch from elsewhere
    would fail and show as a console error."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        if REQUIRE_TOOLS:
            pytest.fail("chromium and chromedriver are not installed (.ci/run installs them)")
        pytest.skip("chromium and chromedriver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900",
                     "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        options.add_argument(argument)
    options.binary_location = chromium
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    session = webdriver.Chrome(service=Service(driver), options=options)
    yield session
    session.quit()


def console_errors(browser: Any) -> list[Any]:
    """The browser's console errors since the last call (reading the log empties it)."""
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def wait_ready(browser: Any, seconds: float = 60) -> None:
    """Wait until the page says it has drawn (``document.body.dataset.ready``)."""
    import time

    deadline = time.monotonic() + seconds
    while browser.execute_script("return document.body && document.body.dataset.ready") != "true":
        assert time.monotonic() < deadline, "the page never finished drawing"
        time.sleep(0.05)
