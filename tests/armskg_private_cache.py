"""A pytest plugin (``-p armskg_private_cache`` in pyproject.toml): every test and doctest, wherever it is
collected from (tests/ or src/armskg/), builds into a private cache folder, never the user's ~/.cache.

The main process makes the folders and removes them at the end; pytest-xdist's workers, started after it,
inherit them (their ``pytest_configure`` runs again and keeps them), so the graph is built once for the
whole run: armskg's cache lock makes a worker that asks while another builds wait for that build.
``ARMSKG_CACHE`` is where armskg builds; ``XDG_CACHE_HOME``
is where the other programs the tests start keep their caches (Chromium's and dconf's, matplotlib's font
list, pip's): every one of them follows it on Linux, so none of them writes into ~/.cache either;
``XDG_CONFIG_HOME`` likewise keeps Chromium's profile and matplotlib's configuration folder out of ~/.config.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_KEY = "armskg_private_cache"
#: The process that made the folders (inherited by the workers it starts).
_OWNER = "ARMSKG_TEST_CACHE_OWNER"


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get(_OWNER) == str(os.getppid()):
        return  # a worker of this run: the main process's folders, which it removes
    folders = [tempfile.mkdtemp(prefix=f"armskg-test-{name}-") for name in ("cache", "xdg-cache", "xdg-config")]
    os.environ[_OWNER] = str(os.getpid())
    setattr(config, _KEY, folders)
    os.environ["ARMSKG_CACHE"], os.environ["XDG_CACHE_HOME"], os.environ["XDG_CONFIG_HOME"] = folders


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in getattr(config, _KEY, []):
        shutil.rmtree(folder, ignore_errors=True)
