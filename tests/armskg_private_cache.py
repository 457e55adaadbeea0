"""A pytest plugin (``-p armskg_private_cache`` in pyproject.toml): every test and doctest, wherever it is
collected from (tests/ or src/armskg/), builds into a private cache folder, never the user's ~/.cache.

Each process of the run has its own folders: the main one and, under pytest-xdist, each worker (its
``pytest_configure`` runs again in the worker). ``ARMSKG_CACHE`` is where armskg builds; ``XDG_CACHE_HOME``
is where the other programs the tests start keep their caches (Chromium's and dconf's, matplotlib's font
list, pip's): every one of them follows it on Linux, so none of them writes into ~/.cache either.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_KEY = "armskg_private_cache"


def pytest_configure(config: pytest.Config) -> None:
    folders = [tempfile.mkdtemp(prefix="armskg-test-cache-"), tempfile.mkdtemp(prefix="armskg-test-xdg-cache-")]
    setattr(config, _KEY, folders)
    os.environ["ARMSKG_CACHE"], os.environ["XDG_CACHE_HOME"] = folders


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in getattr(config, _KEY, []):
        shutil.rmtree(folder, ignore_errors=True)
