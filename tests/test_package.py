"""The package's public face and its distributions: a wheel and an sdist that ``python -m build`` makes and
``twine check`` accepts, and a wheel that, installed into a fresh virtual environment outside the clone,
builds the graph and answers the flagship question with no network (issue 12.5)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import armskg

REPO = Path(__file__).resolve().parents[1]
REQUIRE_TOOLS = os.environ.get("ARMSKG_REQUIRE_TOOLS") == "1"


def test_all_is_sorted_and_complete() -> None:
    assert armskg.__all__ == sorted(armskg.__all__)
    assert all(hasattr(armskg, name) for name in armskg.__all__)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, as ``python -m build`` makes them (the wheel from the sdist)."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "-o", str(out), str(REPO)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return out


def _wheel(dist: Path) -> Path:
    (wheel,) = dist.glob("armskg-*.whl")
    return wheel


def test_twine_accepts_the_wheel_and_the_sdist(dist: Path) -> None:
    files = sorted(str(p) for p in dist.iterdir())
    assert sorted(Path(f).suffix for f in files) == [".gz", ".whl"]
    done = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *files], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2


def test_the_wheel_carries_the_data_and_the_licences_and_no_tools_or_tests(dist: Path) -> None:
    with zipfile.ZipFile(_wheel(dist)) as archive:
        names = set(archive.namelist())
    for needed in ("armskg/data/ontology/armskg.ttl", "armskg/data/ontology/index.ttl", "armskg/data/ontology/shapes.ttl",
                   "armskg/data/graph/participation/apmbc.ttl", "armskg/data/queries/parties-bordering.rq",
                   "armskg/data/queries/rules/construct-02-borders.rq", "armskg/data/queries/release/treaty-actions.rq",
                   "armskg/cli.py", "armskg/py.typed", "armskg/data/queries/reports/status-on.rq", "armskg/release/dataset.ttl", "armskg/data/LICENSE", "armskg/data/DATA-LICENSE",
                   "armskg/data/NOTICE", "armskg/data/CITATION.cff", "armskg-0.1.0.dist-info/licenses/DATA-LICENSE"):
        assert needed.replace("0.1.0", armskg.__version__) in names
    parts = {part for name in names for part in Path(name).parts}
    assert not parts & {"tools", "tests", "importers.py", "conftest.py", ".ci"}


def test_the_sdist_builds_from_what_git_tracks(dist: Path) -> None:
    (sdist,) = dist.glob("armskg-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert any(n.endswith("/LICENSE") for n in names) and any(n.endswith("/CITATION.cff") for n in names)
    assert not any("/.venv" in n or "/node_modules/" in n for n in names)


def _offline(command: list[str], cwd: Path) -> list[str]:
    """The command run with no network: in a new network namespace (only a loopback, down)."""
    unshare = shutil.which("unshare")
    if not unshare:
        if REQUIRE_TOOLS:
            pytest.fail("unshare (util-linux) is missing")
        pytest.skip("unshare (util-linux) is not installed: cannot cut the network")
    flags = ["-n"] if os.geteuid() == 0 else ["-r", "-n"]
    probe = subprocess.run([unshare, *flags, "true"], capture_output=True, check=False, cwd=cwd)
    if probe.returncode != 0:
        if REQUIRE_TOOLS:
            pytest.fail(f"unshare cannot make a network namespace here: {probe.stderr[-200:]!r}")
        pytest.skip("unshare cannot make a network namespace here")
    return [unshare, *flags, "--", *command]


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh virtual environment outside the clone with the wheel (and its dependencies from PyPI)
    installed, and an environment for it: its own cache and home, nothing of this checkout."""
    home = tmp_path_factory.mktemp("fresh")
    subprocess.run([sys.executable, "-m", "venv", str(home / "venv")], check=True, timeout=120)
    done = subprocess.run([str(home / "venv" / "bin" / "pip"), "install", "--quiet", str(_wheel(dist))],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-1500:]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "ARMSKG_CACHE": str(home / "cache"), "LANG": "C.UTF-8"}
    return home, env


def _run(installed: tuple[Path, dict[str, str]], *args: str) -> subprocess.CompletedProcess[str]:
    home, env = installed
    command = _offline([str(home / "venv" / "bin" / "armskg"), *args], home)
    return subprocess.run(command, cwd=home, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow  # pip fetches the dependencies from PyPI: the thorough run (CI)
def test_the_installed_wheel_builds_and_answers_the_flagship_question_offline(installed: tuple[Path, dict[str, str]]) -> None:
    home, _ = installed
    assert not str(home).startswith(str(REPO))
    built = _run(installed, "build")
    assert built.returncode == 0 and "the graph conforms" in built.stdout, built.stderr
    assert str(home / "cache") in built.stdout
    done = _run(installed, "query", "parties-bordering", "-p", "treaty=ottawa", "-p", "state=RUS", "--as-of",
                "2026-03-01", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["iso3,label,since", "BLR,Belarus,2004-03-01", "NOR,Norway,1999-03-01",
                                        "UKR,Ukraine,2006-06-01"]


@pytest.mark.slow  # pip fetches the dependencies from PyPI: the thorough run (CI)
def test_the_installed_wheel_writes_a_release_with_its_licences(installed: tuple[Path, dict[str, str]]) -> None:
    home, _ = installed
    done = _run(installed, "dump", "-o", str(home / "release"))
    assert done.returncode == 0, done.stderr
    assert (home / "release" / "DATA-LICENSE").read_bytes() == (REPO / "DATA-LICENSE").read_bytes()


@pytest.mark.slow  # in the fresh environment the wheel was installed into, from PyPI
@pytest.mark.parametrize(("args", "extra"), [
    (("plot", "party-counts", "-p", "treaty=apmbc", "-o", "counts.png"), "armskg[pictures]"),
    (("map", "-p", "treaty=apmbc", "-o", "map.svg"), "armskg[pictures]"),
    # the HTML view's map needs matplotlib first (in both extras); [html] is the extra that has all three
    (("export", "--format", "html", "-o", "view.html"), "armskg[html]"),
], ids=["plot", "map", "html"])
def test_without_its_extra_a_command_says_which_to_install(installed: tuple[Path, dict[str, str]],
                                                           args: tuple[str, ...], extra: str) -> None:
    """What the README's install lines promise: the base install answers, the extras add pictures and HTML."""
    home, _ = installed
    done = _run(installed, *args)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert any(f"pip install '{name}'" in done.stderr for name in extra.split("|")), done.stderr
    assert not (home / args[-1]).exists()


def test_tests_and_doctests_build_into_a_private_cache() -> None:
    """The plugin named in pyproject's addopts points ARMSKG_CACHE at a fresh temporary folder for the whole
    run (doctests in src/armskg/ included), and XDG_CACHE_HOME, which the programs the tests start follow
    (Chromium, dconf, matplotlib, pip), at another, so no test writes into the user's ~/.cache; and
    XDG_CONFIG_HOME at a third, so Chromium's profile and matplotlib's folder stay out of ~/.config."""
    import tempfile

    from armskg.resources import cache_dir

    cache = cache_dir()
    assert cache.name.startswith("armskg-test-cache-")
    assert cache.parent == Path(tempfile.gettempdir())
    assert os.environ["ARMSKG_CACHE"] == str(cache)
    others = Path(os.environ["XDG_CACHE_HOME"])
    assert others.name.startswith("armskg-test-xdg-cache-") and others.parent == Path(tempfile.gettempdir())
    config = Path(os.environ["XDG_CONFIG_HOME"])
    assert config.name.startswith("armskg-test-xdg-config-") and config.parent == Path(tempfile.gettempdir())
