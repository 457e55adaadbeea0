"""Shared fixtures: the real graph, built once per session, and helpers to run the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import armskg
from armskg.resources import data_root

FIXTURES = Path(__file__).parent / "fixtures"


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


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of ontology/, graph/ and queries/ for tests that break a fact."""
    root = data_root()
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(root / folder, tmp_path / folder)
    return tmp_path


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m armskg ARGS`` as a user would, capturing its output."""
    return subprocess.run([sys.executable, "-m", "armskg", *args], capture_output=True, text=True, input=stdin,
                          timeout=120, check=False)


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
