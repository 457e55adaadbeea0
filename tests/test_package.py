"""The package's public face and its packaged data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import armskg

REPO = Path(__file__).resolve().parents[1]


def test_all_is_sorted_and_complete() -> None:
    assert armskg.__all__ == sorted(armskg.__all__)
    assert all(hasattr(armskg, name) for name in armskg.__all__)


def test_wheel_carries_the_data(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("armskg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("armskg/data/ontology/armskg.ttl", "armskg/data/ontology/shapes.ttl", "armskg/data/graph/participation/apmbc.ttl",
                   "armskg/data/queries/parties-bordering.rq", "armskg/data/queries/rules/construct-02-borders.rq", "armskg/cli.py",
                   "armskg/py.typed", "armskg/data/queries/reports/status-on.rq"):
        assert needed in names


def test_tests_and_doctests_build_into_a_private_cache() -> None:
    """The plugin named in pyproject's addopts points ARMSKG_CACHE at a fresh temporary folder for the whole
    run (doctests in src/armskg/ included), so no test writes into the user's ~/.cache."""
    import os
    import tempfile

    from armskg.resources import cache_dir

    cache = cache_dir()
    assert cache.name.startswith("armskg-test-cache-")
    assert cache.parent == Path(tempfile.gettempdir())
    assert os.environ["ARMSKG_CACHE"] == str(cache)
