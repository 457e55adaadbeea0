"""A pytest plugin (``-p armskg_private_cache`` in pyproject.toml): every test and doctest, wherever it is
collected from (tests/ or src/armskg/), builds into a private cache folder, never the user's ~/.cache."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_KEY = "armskg_private_cache"


def pytest_configure(config: pytest.Config) -> None:
    folder = tempfile.mkdtemp(prefix="armskg-test-cache-")
    setattr(config, _KEY, folder)
    os.environ["ARMSKG_CACHE"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = getattr(config, _KEY, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
