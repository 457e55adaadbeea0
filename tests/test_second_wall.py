"""The second wall missing: on a machine without libseccomp (simulated here the way it fails there: ctypes
finds no ``libseccomp.so``, so pyseccomp cannot load), the command line, the API and ``armskg serve`` say
so in one line, never a traceback, and the guard (the first wall) still refuses every way out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import sampled
from test_no_network import Listener, listener  # noqa: F401 - the fixture
from test_serve import JSON, get, start_serve, stop
from test_ssrf import hostile, quiet

import armskg

NOTE = ("armskg: note: user queries run without the second wall, because libseccomp is not installed (Debian, "
        "Ubuntu: apt install libseccomp2; Fedora: dnf install libseccomp); the guard still refuses SERVICE, LOAD, "
        "updates and foreign datasets\n")


@pytest.fixture(scope="module")
def without_libseccomp(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment whose Python finds no libseccomp (a sitecustomize hides it from ctypes)."""
    folder = tmp_path_factory.mktemp("no-libseccomp")
    (folder / "sitecustomize.py").write_text(textwrap.dedent("""
        import ctypes.util
        _find = ctypes.util.find_library
        ctypes.util.find_library = lambda name: None if name == "seccomp" else _find(name)
    """), encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))}


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "armskg", *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


def test_the_cli_says_so_in_one_line_and_answers(kg: armskg.KnowledgeGraph, without_libseccomp: dict[str, str]) -> None:
    done = _cli(without_libseccomp, "query", "-e", "ASK { state:LTU ak:iso3 'LTU' }")
    assert (done.returncode, done.stdout, done.stderr) == (0, "true\n", NOTE)


#: The tricks and forms the command line's -e gets without libseccomp (each a new process, 0.2 s): the quick
#: run sends each trick once, in one form or the other; the thorough run (CI) every trick in both forms. The
#: guard they meet is the one test_ssrf's test_api tries every trick and form on.
GUARD_CASES = sampled(["plain", "escaped-quote", "unicode-escape", "variable", "exists"], ["select", "describe"])


@pytest.mark.parametrize(("trick", "form"), GUARD_CASES)
def test_the_cli_guard_still_refuses(kg: armskg.KnowledgeGraph, without_libseccomp: dict[str, str],
                                     listener: Listener, trick: str, form: str) -> None:  # noqa: F811
    done = _cli(without_libseccomp, "query", "-e", hostile(trick, form, listener.port))
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    note, error = done.stderr.splitlines(keepends=True)
    assert note == NOTE and error.startswith("armskg: error: SERVICE is not allowed")
    assert quiet(listener)


def test_the_api_says_so_once_and_the_guard_refuses(kg: armskg.KnowledgeGraph, without_libseccomp: dict[str, str],
                                                    listener: Listener) -> None:  # noqa: F811
    script = textwrap.dedent(f"""
        import armskg
        from armskg.errors import ArmskgError
        kg = armskg.load(in_memory=False)
        print(kg.sparql("ASK {{ state:LTU ak:iso3 'LTU' }}"))
        try:
            kg.sparql({hostile("plain", "select", listener.port)!r})
        except ArmskgError as exc:
            print("refused:", exc)
        print(kg.sparql("ASK {{ ?s ?p ?o }}"))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=without_libseccomp,
                          timeout=120, check=False)
    assert done.returncode == 0 and done.stderr == NOTE
    assert done.stdout.splitlines()[0::2] == ["True", "True"] and done.stdout.splitlines()[1].startswith(
        "refused: SERVICE is not allowed")
    assert quiet(listener)


@pytest.fixture(scope="module")
def open_server(kg: armskg.KnowledgeGraph, without_libseccomp: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    process, base = start_serve("--workers", "1", env=without_libseccomp)
    said: list[str] = []
    assert process.stderr is not None
    said.append(process.stderr.readline())
    said.append(process.stderr.readline())
    yield base, said
    stop(process)


def test_serve_says_so_once_at_start(open_server: tuple[str, list[str]]) -> None:
    base, said = open_server
    assert said[0].startswith("armskg serve: SPARQL endpoint")
    assert said[1] == "armskg serve: note: " + NOTE.removeprefix("armskg: note: ")
    health = json.loads(get(f"{base}/health")[2])
    assert health["network_closed"] is False and health["network_open_because"].startswith("libseccomp is not installed")


@pytest.mark.parametrize("trick", ["plain", "escaped-hash", "unicode-in-iri", "subquery", "prefixed"])
def test_the_endpoint_guard_still_refuses(open_server: tuple[str, list[str]], listener: Listener,  # noqa: F811
                                          trick: str) -> None:
    base, _ = open_server
    query = hostile(trick, "select", listener.port)
    status, _, body = get(f"{base}/sparql?query={urllib.parse.quote(query)}", JSON)
    assert (status, body.startswith(b"SERVICE is not allowed")) == (400, True)
    assert quiet(listener)
    assert get(f"{base}/sparql?query={urllib.parse.quote('ASK { ?s ?p ?o }')}", JSON)[0] == 200


def test_quiet_is_not_vacuous(listener: Listener) -> None:  # noqa: F811
    """quiet() sees a connection made before it."""
    import socket

    with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
        pass
    time.sleep(0.2)
    assert not quiet(listener)


def test_the_simulation_hides_libseccomp(without_libseccomp: dict[str, str], tmp_path: Path) -> None:
    """Without the simulation the filter loads here; with it, pyseccomp fails as it does where libseccomp is absent."""
    probe = "from armskg.sandbox import no_network, why_open; print(no_network(explain=False), why_open())"
    plain = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False)
    hidden = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False,
                            env=without_libseccomp)
    assert plain.stdout == "True None\n"
    assert hidden.stdout.startswith("False libseccomp is not installed")
