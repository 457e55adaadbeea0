"""Shared fixtures: the real graph, built once per session, and helpers to run the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from engines import Virtuoso

import armskg
from armskg.resources import data_root

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def kg() -> armskg.KnowledgeGraph:
    """The real armskg graph, built (or read from the cache) once."""
    return armskg.load()


@pytest.fixture(scope="session")
def release(kg: armskg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release of the real graph (``armskg dump``), written once per session."""
    folder = tmp_path_factory.mktemp("release") / "armskg-release"
    kg.dump(folder)
    return folder


@pytest.fixture(scope="session")
def virtuoso(release: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """One OpenLink Virtuoso per session (tests/engines.py), its own database in a temporary folder, with the
    release's N-Quads loaded: its default graph is the union of all graphs."""
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"), release)
    server.load("armskg.nq")
    yield server
    server.close()


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
