"""Shared fixtures: the real graph, built once per session, and helpers to run the CLI."""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from engines import Virtuoso
from support import StatsOn, opened_once, run_armskg

import armskg
from armskg.resources import artifact_path, data_root

FIXTURES = Path(__file__).parent / "fixtures"


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


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: a worker more than the cores this process may use (``--maxprocesses`` caps it). Part of
    the suite waits rather than computes (servers starting, a browser drawing, a slow reader, a time limit
    running out); the extra worker computes meanwhile. On 2 cores the README's test command took 143 s with
    three workers against 157 s with two (docs/benchmarks.md)."""
    return len(os.sched_getaffinity(0)) + 1


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden`` rewrites the golden files under tests/golden/ from today's output."""
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files from today's output")


@pytest.fixture()
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites the golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def kg() -> armskg.KnowledgeGraph:
    """The real armskg graph, built (or read from the cache) once; the same copy in memory as the commands
    and doctests run in this process read (``support.opened_once``)."""
    with opened_once():
        return armskg.load()


@pytest.fixture(scope="session")
def stats_on(kg: armskg.KnowledgeGraph) -> StatsOn:
    """``kg.stats(as_of=DAY)``, computed once per day for the session: the graph is read-only here, and a
    dozen tests (tests/test_one_status.py, test_reports.py) read the report of the same few days."""
    return functools.cache(lambda day: kg.stats(as_of=day))


def cached_artifact_copy(path: Path, built: Path | None = None) -> Path:
    """A copy at ``path`` of a cached artifact: ``built`` (:func:`small_artifact`'s or :func:`tiny_artifact`'s)
    or, by default, the session's of the project's data (the ``kg`` fixture built it, with the code ``armskg
    build`` runs): the same files as a build leaves them, without the stamp a later read writes beside them.
    A test about what a later command does with an artifact needs no build of its own to get one (3 to 5 s)."""
    built = artifact_path(data_root()) if built is None else built
    assert built.is_dir(), built
    return Path(shutil.copytree(built, path, symlinks=True, ignore=shutil.ignore_patterns("verified.json")))


def _folder_digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


@pytest.fixture(scope="session")
def release(kg: armskg.KnowledgeGraph) -> Iterator[Path]:
    """A release of the real graph, written by ``armskg dump`` (another process, as a user runs it) into a
    folder that exists and is empty.

    One for the whole run, not one per pytest-xdist worker (a dump is 4 s of CPU): the first worker to ask
    writes it into the run's shared folder (tests/armskg_private_cache.py) under a lock, with a record of
    each file's digest; the others wait for it and read it. It is read-only for the tests: a test that
    changes a release copies it first (shutil.copytree), and each worker checks at its end that the shared
    one is still byte for byte what the dump wrote."""
    from armskg_private_cache import once_for_the_run, shared_folder

    folder = shared_folder() / "release"

    def dump() -> dict[str, str]:
        shutil.rmtree(folder, ignore_errors=True)  # a worker whose dump failed may have left one
        folder.mkdir()
        done = run_armskg("dump", "-o", str(folder))
        assert done.returncode == 0 and done.stdout.startswith("wrote release"), done.stdout + done.stderr
        assert "sha256sum -c SHA256SUMS" in done.stdout
        return _folder_digests(folder)

    written = once_for_the_run("release", dump)
    yield folder
    assert _folder_digests(folder) == written, "a test changed the shared release: copy it first (shutil.copytree)"


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
    import gc
    import warnings

    from armskg_private_cache import once_for_the_run, shared_folder, stop_at_end
    from test_serve import start_serve

    started: list[subprocess.Popen[str]] = []

    def start() -> dict[str, object]:
        with (shared_folder() / "server.log").open("w", encoding="utf-8") as log:
            process, base = start_serve("--max-rows", "5000", "--workers", "2", stderr=log)
        stop_at_end(process.pid)
        started.append(process)  # the list holds it, and lets it go at the end
        return {"pid": process.pid, "base": base}

    base = str(once_for_the_run("server", start)["base"])
    yield base
    with warnings.catch_warnings():  # "still running": it is, for the other workers, until the run ends
        warnings.simplefilter("ignore", ResourceWarning)
        started.clear()
        gc.collect()


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of ontology/, graph/ and queries/ for tests that break a fact and whose assertion needs
    the whole dataset (a test of build or validate mechanics takes :func:`small_data_copy`)."""
    root = data_root()
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(root / folder, tmp_path / folder)
    return tmp_path


#: The files of graph/ that :func:`small_data_copy` holds, each whole and as the project has it (its docstring
#: says why these); tests/test_cli.py's ``test_the_small_data_copy_conforms`` requires that together they conform.
SMALL_DATA = ("graph/treaties.ttl", "graph/sources.ttl", "graph/sources/nuclear-records.ttl",
              "graph/sources/other-treaties.ttl", "graph/generated/states.ttl", "graph/generated/borders.ttl",
              "graph/generated/untc-apmbc.ttl", "graph/participation/apmbc.ttl")


def edit_data(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in the file at ``path`` (a test's copy of the data) by ``new``; ``old`` must
    be there, so that an edit that no longer applies fails its test instead of testing unchanged data."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _data_copy_at(path: Path, data: dict[str, Path]) -> Path:
    """Write at ``path`` (made if missing) the project's ontology/ and queries/ whole and, as each name of
    ``data`` (``graph/...``), the file it gives; return ``path``."""
    root = data_root()
    for folder in ("ontology", "queries"):
        shutil.copytree(root / folder, path / folder)
    for name, source in data.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, path / name)
    return path


def _built(root: Path) -> Path:
    """The artifact of the data at ``root``, built (under the cache's lock, as a command builds) into the
    run's cache."""
    armskg.load(root)
    built = artifact_path(root)
    assert built.is_dir(), built
    return built


def small_data_copy_at(path: Path) -> Path:
    """Write at ``path`` (made if missing) the copy :func:`small_data_copy` describes, and return ``path``."""
    return _data_copy_at(path, {name: data_root() / name for name in SMALL_DATA})


@pytest.fixture()
def small_data_copy(tmp_path: Path) -> Path:
    """A writable copy of a real part of the data that conforms, for tests of what build and validate do (a
    fact broken and reported, a build refused, data changed and rebuilt) whose point needs one treaty's facts,
    not all of them: ontology/ and queries/ whole (the shapes, the checks, the rules, the named queries) and,
    of graph/, the files :data:`SMALL_DATA` names, whole: treaties.ttl (every treaty, one file), sources.ttl
    and the two files under sources/ whose sources treaties.ttl cites, states.ttl and borders.ttl (the
    states, their names, their land borders: parties-bordering and the border checks), and the Mine Ban
    Convention's participation with the depositary's table (its deposits, withdrawals, their notification
    and effect). Without the other treaties' participation, the alliances, the claims and the statements
    it is 37k quads of the 167k: it builds in 2 s of CPU instead of 5.5, and validates in 1.3 to 1.7 s
    instead of 2.2 to 3 (pySHACL over sources.ttl's 428 sources, all kept, is most of what is left)."""
    return small_data_copy_at(tmp_path)


@pytest.fixture(scope="session")
def small_artifact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The artifact of :func:`small_data_copy`'s contents, built once for the run (2 s of CPU) into the run's
    cache, which names it by those contents: a command on a small copy whose data is as the project has it
    reads it instead of building, and a test of what a later command does with a cached or given artifact
    (damaged, rebuilt, superseded) starts from a copy of it (:func:`cached_artifact_copy`) and rebuilds the
    small data (2 s), not the whole (5.5 s). Built under the cache's lock, as a command builds: with several
    pytest-xdist workers, the first to ask builds it, and the others wait for that build and read it."""
    return _built(small_data_copy_at(tmp_path_factory.mktemp("small-data")))


#: The one file of graph/ in :func:`tiny_data_copy`: tests/test_shapes.py's base graph (one source; two states,
#: Aland (AAA) and Bland (BBB); one treaty, code ``t``, with its rules), which conforms on its own.
TINY_GRAPH = FIXTURES / "shapes" / "base.ttl"
#: ``armskg query treaty-status -p treaty=t --as-of 2026-03-01 --format csv`` of the tiny copy, its header aside:
#: its two states, neither with an act towards its one treaty, whose participation record says nothing.
TINY_STATUS = ["AAA,Aland,not recorded,2000-01-01", "BBB,Bland,not recorded,2000-01-01"]


def tiny_data_copy_at(path: Path) -> Path:
    """Write at ``path`` (made if missing) the copy :func:`tiny_data_copy` describes, and return ``path``."""
    return _data_copy_at(path, {f"graph/{TINY_GRAPH.name}": TINY_GRAPH})


@pytest.fixture()
def tiny_data_copy(tmp_path: Path) -> Path:
    """A writable copy of the project's ontology/ and queries/ whole (the shapes, the checks, the rules, the
    named queries) with :data:`TINY_GRAPH` for its only data, for tests of what the cache and a build do with
    their folders (an artifact damaged and rebuilt, earlier builds removed, a broken query file stored or
    not), whose point needs no fact of the project's: it builds in 0.6 s of CPU, a process's start included,
    where :func:`small_data_copy` takes 1.8 (pySHACL over its 37k quads)."""
    return tiny_data_copy_at(tmp_path)


@pytest.fixture(scope="session")
def tiny_artifact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The artifact of :func:`tiny_data_copy`'s contents, built once for the run into the run's cache, as
    :func:`small_artifact` is: a test that starts from an artifact of the tiny copy starts from a copy of it."""
    return _built(tiny_data_copy_at(tmp_path_factory.mktemp("tiny-data")))


#: CI sets this, so that a missing browser or Graphviz fails there instead of skipping.
REQUIRE_TOOLS = os.environ.get("ARMSKG_REQUIRE_TOOLS") == "1"

#: Debian's chromium-headless-shell (.ci/run installs it): Chromium's headless-only build, the same Blink and
#: V8 without the browser's own windows and user interface. The browser fixture takes it when it is there:
#: the page tests cost it about a third less CPU than ``chromium --headless=new`` (docs/benchmarks.md). The
#: binary itself, not /usr/bin/chromium-headless-shell: that script runs it as a child, so chromedriver's
#: quit stopped the script and left the browser and its renderers running.
HEADLESS_SHELL = Path("/usr/lib/chromium/chromium-headless-shell")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's chromium-headless-shell, or chromium, and chromedriver) in which no host
    name resolves but this machine's 127.0.0.1 (where the tests' servers listen): anything a page tried to
    fetch from elsewhere would fail and show as a console error."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    shell = HEADLESS_SHELL if os.access(HEADLESS_SHELL, os.X_OK) else None
    if not ((shell or chromium) and driver):
        if REQUIRE_TOOLS:
            pytest.fail("chromium and chromedriver are not installed (.ci/run installs them)")
        pytest.skip("chromium and chromedriver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    # chromium --headless=new runs the whole browser, its own user interface included: its omnibox's pop-up
    # is two web pages of its own, drawn in a renderer at every start (1 s of CPU of the 2 a start costs; a
    # page test's page never shows it). The headless shell has none of it.
    headless = () if shell else ("--headless=new", "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup")
    for argument in (*headless, "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900",
                     "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        options.add_argument(argument)
    options.binary_location = str(shell or chromium)
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
