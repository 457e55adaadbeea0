"""The tests' own layout: what a test file imports comes from a module (tests/support.py, tests/engines.py,
...), never from ``tests.conftest``, which pytest has already loaded as ``conftest``: importing it under the
other name ran it a second time, a second set of fixtures and module state beside the first."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).parent


def _imported(path: Path) -> set[str]:
    """Every module a file imports (``import x``, ``from x import y``), wherever in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("path", sorted(TESTS.glob("*.py")), ids=lambda p: p.name)
def test_no_test_imports_the_tests_folder_as_a_package(path: Path) -> None:
    assert not {m for m in _imported(path) if m == "tests" or m.startswith("tests.")}


def test_the_cli_runners_live_in_a_module_of_their_own() -> None:
    """The command-line runners every test file uses are support's, not conftest's (conftest uses them too)."""
    import conftest
    import support

    assert conftest.run_armskg is support.run_armskg
    assert not hasattr(conftest, "run_cli")
