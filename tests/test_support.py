"""The tests' own layout: what a test file imports comes from a module (tests/support.py, tests/engines.py,
...), never from ``tests.conftest``, which pytest has already loaded as ``conftest``: importing it under the
other name ran it a second time, a second set of fixtures and module state beside the first."""

from __future__ import annotations

import ast
import os
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


def test_the_bytecode_the_suite_compiles_is_read_and_removed_leaving_the_tree_as_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole suite compiles armskg's modules once where Python may not write bytecode (the private-cache
    plugin): a file compiled there is used by a new process, and at the end exactly what the run made goes,
    while bytecode and folders that were there before stay."""
    import importlib.util
    import subprocess
    import sys

    from armskg_private_cache import compile_package, remove_made

    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("A = 1\n")
    (package / "sub" / "__init__.py").write_text("")
    theirs = Path(importlib.util.cache_from_source(str(package / "__init__.py")))
    theirs.parent.mkdir()
    theirs.write_bytes(b"not ours")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    made = compile_package(package)
    ours = Path(importlib.util.cache_from_source(str(package / "a.py")))
    assert ours in made and theirs not in made and theirs.parent not in made
    assert Path(importlib.util.cache_from_source(str(package / "sub" / "__init__.py"))).parent in made
    # a process that may not write bytecode (-B) reads it (-v names where each module's code came from)
    code = "import sys; sys.path.insert(0, sys.argv[1]); import pkg.a; print(pkg.a.A)"
    done = subprocess.run([sys.executable, "-B", "-v", "-c", code, str(tmp_path)], capture_output=True, text=True,
                          check=False)
    assert done.stdout == "1\n" and f"code object from '{ours}'" in done.stderr
    remove_made(made)
    assert theirs.read_bytes() == b"not ours"
    assert not ours.exists() and not (package / "sub" / "__pycache__").exists()
    assert sorted(p.relative_to(package).as_posix() for p in package.rglob("*")) == [
        "__init__.py", "__pycache__", "__pycache__/" + theirs.name, "a.py", "sub", "sub/__init__.py"]


def test_the_test_modules_rewritten_once_are_read_by_a_later_pytest_and_removed_leaving_the_tree_as_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pytestconfig: pytest.Config) -> None:
    """The whole suite rewrites the asserts of the test modules once, where Python may not write bytecode (the
    private-cache plugin), instead of once in each worker: a later pytest that may not write (-B) reads the
    rewritten module, its asserts still explained; a helper module is compiled as Python compiles it; at the
    end exactly what was made goes, and a test module edited since is rewritten afresh, not read stale."""
    import subprocess
    import sys

    from armskg_private_cache import remove_made, rewrite_test_modules

    folder = tmp_path / "suite"
    folder.mkdir()
    (folder / "helper.py").write_text("TWO = 2\n")
    (folder / "test_sum.py").write_text("from helper import TWO\n\ndef test_sum():\n    one = 1\n    assert one + 1 == TWO + 1\n")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    made = rewrite_test_modules(pytestconfig, folder)
    assert sorted(p.relative_to(folder).as_posix() for p in made) == [
        "__pycache__", f"__pycache__/helper.{sys.implementation.cache_tag}.pyc",
        f"__pycache__/test_sum.{sys.implementation.cache_tag}-pytest-{pytest.__version__}.pyc"]

    def later_pytest() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-B", "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir",
                               str(folder), str(folder)], capture_output=True, text=True, check=False, cwd=folder,
                              env={**os.environ, "PYTEST_DEBUG": "1", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})

    done = later_pytest()
    assert f"found cached rewritten pyc for {folder / 'test_sum.py'}" in done.stderr
    assert "assert (1 + 1) == (2 + 1)" in done.stdout  # the rewritten assert explains itself
    (folder / "test_sum.py").write_text("def test_sum():\n    assert 2 == 3\n")
    done = later_pytest()
    assert f"rewriting {folder / 'test_sum.py'!r}" in done.stderr and "assert 2 == 3" in done.stdout
    remove_made(made)
    assert sorted(p.name for p in folder.rglob("*")) == ["helper.py", "test_sum.py"]
