"""tests/benchmarks/scale.py refuses a count that makes no sense in one line, exit 2, before any work: with
``--times 0`` it copied the data -1 times and went on to time two 1x graphs for minutes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCALE = Path(__file__).parent / "benchmarks" / "scale.py"


@pytest.mark.parametrize(("args", "message"), [
    (["run", "--times", "0"], "--times must be a positive number, not 0"),
    (["run", "--times", "-3"], "--times must be a positive number, not -3"),
    (["run", "--runs", "0"], "--runs must be a positive number, not 0"),
    (["run", "--api-runs", "-1"], "--api-runs must be a positive number, not -1"),
    (["generate", "--times", "0"], "--times must be a positive number, not 0"),
    (["generate", "--times", "-1"], "--times must be a positive number, not -1"),
    (["generate", "--min-actions", "-1"], "--min-actions must be zero or more, not -1"),
], ids=["run-0", "run-negative", "runs-0", "api-runs-negative", "generate-0", "generate-negative", "min-actions"])
def test_a_count_that_makes_no_sense_is_refused_in_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "copy"
    extra = ["-o", str(out)] if args[0] == "generate" else []
    done = subprocess.run([sys.executable, str(SCALE), *args, *extra], capture_output=True, text=True, timeout=60,
                          check=False)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"scale.py: error: {message}\n"
    assert not out.exists()


def test_generate_into_a_folder_that_exists_is_refused_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(SCALE), "generate", "--times", "2", "-o", str(tmp_path)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stderr) == (2, f"scale.py: error: {tmp_path} exists: give a new folder\n")
