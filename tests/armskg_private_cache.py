"""A pytest plugin (``-p armskg_private_cache`` in pyproject.toml): every test and doctest, wherever it is
collected from (tests/ or src/armskg/), builds into a private cache folder, never the user's ~/.cache.

The main process makes the folders and removes them at the end; pytest-xdist's workers, started after it,
inherit them (their ``pytest_configure`` runs again and keeps them), so the graph is built once for the
whole run: armskg's cache lock makes a worker that asks while another builds wait for that build.
``ARMSKG_CACHE`` is where armskg builds; ``XDG_CACHE_HOME``
is where the other programs the tests start keep their caches (Chromium's and dconf's, matplotlib's font
list, pip's): every one of them follows it on Linux, so none of them writes into ~/.cache either;
``XDG_CONFIG_HOME`` likewise keeps Chromium's profile and matplotlib's configuration folder out of ~/.config.

The whole suite run with several workers (the README's test command) starts that build at once, in a process
of its own (:func:`_build_early`), while the workers start and collect the tests (about 5 s each): the first
test that needs the graph then finds it built, or waits for the build under way, instead of starting it.

A fourth folder is shared by the run's processes (:func:`shared_folder`): a process that a worker starts for
the whole run (the session's ``armskg serve``, tests/conftest.py) is named there with :func:`stop_at_end`,
and the main process stops it (Ctrl-C, then SIGKILL after 15 s) before it removes the folders.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

_KEY = "armskg_private_cache"
#: The process that made the folders (inherited by the workers it starts).
_OWNER = "ARMSKG_TEST_CACHE_OWNER"
#: The folder the run's processes share.
_SHARED = "ARMSKG_TEST_SHARED"
#: The early build's process (:func:`_build_early`), in the main process's config.
_EARLY = "armskg_early_build"
#: The attribute of the config holding the bytecode files (and their folders) :func:`compile_package` made.
_COMPILED = "armskg_compiled"


def shared_folder() -> Path:
    """The folder this run's processes share (the main process's and its workers')."""
    return Path(os.environ[_SHARED])


def once_for_the_run(name: str, make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """What ``make`` returns, made once for the whole run, not once per pytest-xdist worker: the first
    process to ask makes it under a lock in the shared folder (``NAME.lock``) and keeps its record there
    (``NAME.json``); the others wait for the lock and read the record."""
    import fcntl
    import json

    folder = shared_folder()
    with (folder / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        record = folder / f"{name}.json"
        if not record.exists():
            record.write_text(json.dumps(make()), encoding="utf-8")
        found: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))
        return found


def stat_fields(pid: int) -> list[str]:
    """The fields of ``/proc/PID/stat`` after the command's name (which may hold spaces and parentheses):
    [0] the state ("Z" a zombie), [11] and [12] user and system CPU in clock ticks, [19] the start time.
    Raises OSError when there is no such process."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _started(pid: int) -> str:
    """When a process started (in clock ticks after boot; with its id, it names one process), or ""."""
    try:
        return stat_fields(pid)[19]
    except (OSError, IndexError):
        return ""


def _running(pid: int, started: str) -> bool:
    try:
        fields = stat_fields(pid)
    except OSError:
        return False
    return fields[19] == started and fields[0] != "Z"  # a zombie has ended: its parent has not read its status


def stop_at_end(pid: int) -> None:
    """Have the run's main process stop process ``pid`` (started by this run) when the run ends."""
    stop = shared_folder() / "stop"
    stop.mkdir(exist_ok=True)
    (stop / str(pid)).write_text(_started(pid), encoding="utf-8")


def _stop_all(folder: Path) -> None:
    """Stop the processes named in ``folder``/stop: Ctrl-C, then SIGKILL if one still runs after 15 s."""
    named = [(int(p.name), p.read_text(encoding="utf-8")) for p in (folder / "stop").glob("*")]
    running = [(pid, started) for pid, started in named if started and _running(pid, started)]
    for pid, _ in running:
        os.kill(pid, signal.SIGINT)
    deadline = time.monotonic() + 15
    while any(_running(pid, started) for pid, started in running) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid, started in running:
        if _running(pid, started):
            os.kill(pid, signal.SIGKILL)


#: The run's private cache (``ARMSKG_CACHE`` as this plugin set it, before any test changed it).
RUN_CACHE: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    global RUN_CACHE
    if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get(_OWNER) == str(os.getppid()):
        RUN_CACHE = os.environ["ARMSKG_CACHE"]
        return  # a worker of this run: the main process's folders, which it removes
    names = ("cache", "xdg-cache", "xdg-config", "shared")
    folders = [tempfile.mkdtemp(prefix=f"armskg-test-{name}-") for name in names]
    os.environ[_OWNER] = str(os.getpid())
    setattr(config, _KEY, folders)
    (os.environ["ARMSKG_CACHE"], os.environ["XDG_CACHE_HOME"], os.environ["XDG_CONFIG_HOME"],
     os.environ[_SHARED]) = folders
    RUN_CACHE = folders[0]
    if _the_whole_suite(config):
        import armskg

        _build_early(config)
        made = (compile_package(Path(armskg.__file__).parent) + compile_package(config.rootpath / "tools")
                + rewrite_test_modules(config, Path(__file__).parent))
        setattr(config, _COMPILED, made)


def _the_whole_suite(config: pytest.Config) -> bool:
    """Whether this is the whole suite run with workers (the README's test command), not chosen files, one
    process (``-n 0``) or only collecting."""
    workers = config.getoption("numprocesses", default=None)
    return config.args == config.getini("testpaths") and bool(workers) and not config.getoption("collectonly")


def compile_package(package: Path, sources: list[Path] | None = None) -> list[Path]:
    """Where Python may not write bytecode (``PYTHONDONTWRITEBYTECODE``, as on the development machine),
    each of the run's ~200 Python processes (the workers, every ``armskg`` command a test starts, the
    servers' workers) compiled armskg's modules from source again: 0.035 s of the 0.15 s an ``armskg query``
    takes. Compile the modules of ``package`` once, into the usual ``__pycache__`` beside the sources, which
    Python reads even where it may not write; return the files (and folders) made here, none that was there
    before, for :func:`remove_made` at the end, so the tree is left as it was found. ``sources``: only those
    modules of the package, not all."""
    if not sys.dont_write_bytecode:
        return []  # Python writes and reads them itself
    import importlib.util
    import py_compile

    made: list[Path] = []
    folders: list[Path] = []
    for source in sorted(package.rglob("*.py") if sources is None else sources):
        compiled = Path(importlib.util.cache_from_source(str(source)))
        if compiled.exists():
            continue
        if not compiled.parent.exists():
            folders.append(compiled.parent)
        try:
            py_compile.compile(str(source), cfile=str(compiled), doraise=True)
        except (OSError, py_compile.PyCompileError):
            continue  # a read-only tree, or a module being edited: it is compiled from source, as before
        made.append(compiled)
    return made + folders  # the files, then the __pycache__ folders made for them


def rewrite_test_modules(config: pytest.Config, folder: Path) -> list[Path]:
    """Where Python may not write bytecode, each worker rewrote the asserts of every test module it collected
    (pytest's assertion rewriting, about half of a worker's 2.5 s of collection, in each of the three) while
    the early build waited for a core. Rewrite the test modules, conftest.py and this plugin in ``folder``
    once, here, with pytest's own rewriter, into the cached files pytest reads even where it may not write
    them (``__pycache__/NAME.cpython-311-pytest-X.pyc``: they carry the source's hash, so a module edited
    meanwhile is rewritten as before), and compile the folder's other modules (support.py) as
    :func:`compile_package` does. Return the files and folders made here, none that was there before, for
    :func:`remove_made`. Should pytest's private rewriting functions change, nothing is made for them: the
    workers rewrite as they did."""
    if not sys.dont_write_bytecode:
        return []  # pytest writes and reads them itself
    import fnmatch

    patterns = [*config.getini("python_files"), "conftest.py", Path(__file__).name]
    modules = sorted(folder.glob("*.py"))
    rewritten = [m for m in modules if any(fnmatch.fnmatch(m.name, pattern) for pattern in patterns)]
    made = compile_package(folder, [m for m in modules if m not in rewritten])
    try:
        from _pytest.assertion import rewrite
    except ImportError:
        return made
    cache = folder / "__pycache__"
    if not cache.exists():
        made.append(cache)
    for source in rewritten:
        compiled = cache / (source.stem + rewrite.PYC_TAIL)
        # a read-only tree, a module being edited, pytest's private API changed: left to the workers, as before
        with contextlib.suppress(Exception):
            if not compiled.exists():
                cache.mkdir(exist_ok=True)
                source_hash, code = rewrite._rewrite_test(source, config)
                if rewrite._write_pyc(config.stash[rewrite.assertstate_key], code, source_hash, compiled):
                    made.append(compiled)
    return made


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """A doctest's ``armskg.load()`` reads the project's graph copied into memory once per test process, as
    a command run in the test process does (``support.opened_once``): ten doctests copied the snapshot each."""
    if not isinstance(item, pytest.DoctestItem):
        return (yield)
    from support import opened_once

    with opened_once():
        return (yield)


def _build_early(config: pytest.Config) -> None:
    """Start building the graph into the run's cache, in a process of its own, when the whole suite runs
    with workers: ``armskg.load()`` as the tests' ``kg`` fixture calls it, under the cache's build lock (a
    worker that asks meanwhile waits for it rather than building too). A run of chosen files, with one
    process (``-n 0``) or only collecting is left alone: it may not need the graph at all. A build that fails
    (data being edited) says nothing here: the tests that load the graph then build it and say why."""
    log = Path(os.environ[_SHARED]) / "early-build.log"
    with log.open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen([sys.executable, "-c", "import armskg; armskg.load(in_memory=False)"],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
    setattr(config, _EARLY, process)


def pytest_unconfigure(config: pytest.Config) -> None:
    early: subprocess.Popen[bytes] | None = getattr(config, _EARLY, None)
    if early is not None and early.poll() is None:  # the run ended first (stopped, or nothing needed it)
        early.kill()
    if early is not None:
        early.wait()
    folders = getattr(config, _KEY, [])
    if folders:
        _stop_all(Path(folders[-1]))
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    remove_made(getattr(config, _COMPILED, []))


def remove_made(made: list[Path]) -> None:
    """Remove what :func:`compile_package` and :func:`rewrite_test_modules` made: the files, then the folders
    if nothing else was put there."""
    for path in sorted(made, key=lambda p: p.suffix != ".pyc"):
        with contextlib.suppress(OSError):
            if path.suffix == ".pyc":
                path.unlink()
            else:
                path.rmdir()
