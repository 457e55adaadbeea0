"""armskg push and query --endpoint against a real Oxigraph server (the ``oxigraph`` package) and a real
OpenLink Virtuoso (tests/engines.py), and every named query asked four ways — locally, through ``armskg
serve``, through Oxigraph server and through Virtuoso after a push — with the same answer."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from engines import Virtuoso, known_wrong
from support import run_cli
from test_serve import SAMPLES, free_port, get, same_answer

import armskg
from armskg.remote import results_from_json
from armskg.sparql.results import format_result

GRAPH = "https://example.org/armskg-test-graph"


def oxigraph_binary() -> str:
    """The ``oxigraph`` command the test extra installs, beside this Python or on the PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server is missing: pip install -e '.[test]' installs it")
    return found


@pytest.fixture(scope="module")
def oxigraph(kg: armskg.KnowledgeGraph) -> Iterator[str]:
    """An empty in-memory Oxigraph server on a free port of 127.0.0.1; yields its base URL."""
    port = free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"oxigraph did not start: {process.communicate()[1][-300:]}") from None
            time.sleep(0.1)
    yield base
    process.terminate()
    try:
        process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


@pytest.fixture(scope="module")
def pushes(oxigraph: str, small_artifact: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """``armskg push`` into the Oxigraph server: the whole graph into its default graph with --replace (PUT),
    which every named query reads, and the small data's artifact (tests/conftest.py: every treaty, the states
    and their borders, the Mine Ban Convention's participation) into GRAPH without it (POST, adding to a
    graph that holds nothing yet); what each printed."""
    done = {"default": run_cli("push", "--endpoint", oxigraph + "/store", "--replace"),
            "graph": run_cli("push", "--endpoint", oxigraph + "/store", "--graph", GRAPH, "--artifact",
                             str(small_artifact))}
    for push in done.values():
        assert push.returncode == 0, push.stderr
    return done


@pytest.fixture(scope="module")
def pushed(oxigraph: str, pushes: dict[str, subprocess.CompletedProcess[str]]) -> str:
    """The Oxigraph server after :func:`pushes`."""
    return oxigraph


def _count(base: str, where: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"
    answer = results_from_json(json.loads(get(f"{base}/query?query={urllib.parse.quote(query)}",
                                              "application/sparql-results+json")[2]))
    return int(answer.rows[0][0].value)


@pytest.mark.parametrize(("push", "where", "said"), [
    ("default", "?s ?p ?o", "triples to the default graph at "),
    ("graph", f"GRAPH <{GRAPH}> {{ ?s ?p ?o }}", f"triples to graph <{GRAPH}> at "),
])
def test_push_reports_what_it_sent(pushes: dict[str, subprocess.CompletedProcess[str]], pushed: str, push: str,
                                   where: str, said: str) -> None:
    """Each push says how many triples it sent, where, and whether it replaced or added (progress on standard
    error, a line each tenth when not on a terminal), and the store holds that many."""
    done = pushes[push]
    assert done.stdout.startswith("pushed ") and said in done.stdout
    assert ("(replaced)" if push == "default" else "(added)") in done.stdout
    assert "100% of" in done.stderr
    sent = int(done.stdout.split()[1])
    assert _count(pushed, where) == sent


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_named_query_agrees_locally_through_serve_and_through_oxigraph(
        name: str, kg: armskg.KnowledgeGraph, pushed: str, server: str) -> None:
    params = SAMPLES[name]
    local = json.loads(format_result(kg.query(name, **params), "json"))
    remote = json.loads(format_result(kg.query_endpoint(pushed + "/query", name, **params), "json"))
    served = json.loads(get(f"{server}/queries/{name}?{urllib.parse.urlencode(params)}",
                            "application/sparql-results+json")[2])
    assert local["results"]["bindings"] or name == "statement-followup"
    assert same_answer(remote, local)
    assert same_answer(served, local)


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_cli_query_endpoint_prints_what_a_local_query_prints(pushed: str, fmt: str) -> None:
    args = ["query", "parties-bordering", "-p", "treaty=ottawa", "-p", "state=Russia", "--as-of", "2025-06-01",
            "--format", fmt]
    local = run_cli(*args)
    remote = run_cli(*args, "--endpoint", pushed + "/query")
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout


def test_query_endpoint_reads_a_named_graph(pushed: str) -> None:
    args = ["query", "parties-bordering", "-p", "treaty=ottawa", "-p", "state=RUS", "--as-of", "2026-03-01",
            "--format", "csv", "--endpoint", pushed + "/query"]
    done = run_cli(*args, "--graph", GRAPH)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == ["BLR,Belarus,2004-03-01", "NOR,Norway,1999-03-01",
                                            "UKR,Ukraine,2006-06-01"]
    empty = run_cli(*args, "--graph", "https://example.org/nothing-here")
    assert empty.stdout.strip() == "iso3,label,since"


def test_query_endpoint_works_against_armskg_serve(server: str) -> None:
    done = run_cli("query", "withdrawals", "--as-of", "2026-03-01", "--format", "csv", "--endpoint", server + "/sparql")
    local = run_cli("query", "withdrawals", "--as-of", "2026-03-01", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert sorted(done.stdout.splitlines()) == sorted(local.stdout.splitlines())


@pytest.mark.parametrize("extra", [["--as-of", "2026-01-01"], []], ids=["as-of", "today"])
def test_ad_hoc_sparql_on_an_endpoint_binds_as_of_and_parameters(server: str, extra: list[str]) -> None:
    """-e with --endpoint dropped -p and --as-of without a word (and so answered nothing for a query that
    reads ?as_of); they are bound here and sent as VALUES, ?as_of today by default, as a local -e binds them."""
    query = ("SELECT ?iso3 WHERE { ?i ak:treaty ?treaty ; ak:status ?status ; ak:actor/ak:iso3 ?iso3 ; ak:date ?d "
             "FILTER (?status = \"withdrawn\" && !(?d > ?as_of)) } ORDER BY ?iso3")
    args = ["query", "-e", query, "-p", "treaty=ottawa", *extra, "--format", "csv"]
    remote, local = run_cli(*args, "--endpoint", server + "/sparql"), run_cli(*args)
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout
    assert "LTU" in remote.stdout.split()


def test_ad_hoc_sparql_on_an_endpoint_is_guarded(pushed: str) -> None:
    done = run_cli("query", "-e", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                   "--endpoint", pushed + "/query")
    assert done.returncode == 2 and "SERVICE is not allowed" in done.stderr
    done = run_cli("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--endpoint", pushed + "/query",
                   "--format", "csv")
    assert done.returncode == 0 and int(done.stdout.split()[1]) > 20_000


@pytest.mark.parametrize(("where", "message"), [
    ("closed-port", "nothing was sent, so the default graph there is as it was"),
    ("wrong-path", "404"),
    ("not-http", "expected an http:// or https:// URL"),
])
def test_push_failures_are_one_line(oxigraph: str, small_artifact: Path, where: str, message: str) -> None:
    """What a failed push prints does not depend on the graph's size: the graph pushed is the small data's
    (tests/conftest.py), a fifth of the whole, which the run builds once for other tests."""
    endpoint = {"closed-port": f"http://127.0.0.1:{free_port()}/store", "wrong-path": oxigraph + "/nope",
                "not-http": "file:///tmp/store"}[where]
    done = run_cli("push", "--endpoint", endpoint, "--artifact", str(small_artifact))
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if not line.startswith("pushing")]
    assert len(errors) == 1 and errors[0].startswith("armskg: error: ") and message in errors[0]


def test_a_push_where_nothing_listens_fails_before_the_graph_is_serialised(kg: armskg.KnowledgeGraph,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A push to a port where nothing listens serialised the whole graph (0.5 s) before it tried to connect:
    it connects first, and fails at once."""
    import armskg.remote

    def serialise(store: object) -> tuple[bytes, int]:
        raise AssertionError("the graph was serialised before the push tried to connect")

    monkeypatch.setattr(armskg.remote, "graph_bytes", serialise)
    endpoint = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(armskg.errors.ArmskgError) as refused:
        kg.push(endpoint, "https://example.org/g")
    assert str(refused.value).startswith(f"push to {endpoint}?graph=https%3A%2F%2Fexample.org%2Fg failed: ")
    assert str(refused.value).endswith("; nothing was sent, so graph <https://example.org/g> there is as it was")


@pytest.mark.parametrize("command", ["push", "query"])
@pytest.mark.parametrize("graph", ["not an iri", "armskg"], ids=["space", "relative"])
def test_a_graph_that_is_no_iri_is_refused_before_anything_is_sent(command: str, graph: str) -> None:
    """Nothing listens on the endpoint's port: the refusal comes before any connection is tried."""
    args = ["push"] if command == "push" else ["query", "withdrawals"]
    done = run_cli(*args, "--endpoint", f"http://127.0.0.1:{free_port()}/store", "--graph", graph)
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if not line.startswith("pushing")]
    assert len(errors) == 1 and errors[0].startswith(f"armskg: error: bad --graph {graph!r}: expected an absolute IRI")
    assert "pushing" not in done.stderr


@pytest.mark.parametrize("command", ["push", "query"])
@pytest.mark.parametrize(("endpoint", "graph", "message"), [
    ("ftp://127.0.0.1/store", None, "bad endpoint 'ftp://127.0.0.1/store': expected an http:// or https:// URL"),
    ("http:///store", None, "bad endpoint 'http:///store': expected an http:// or https:// URL"),
    ("http://127.0.0.1:99999/store", None, "bad endpoint 'http://127.0.0.1:99999/store'"),
    ("http://127.0.0.1:9/store", "not an iri", "bad --graph 'not an iri': expected an absolute IRI"),
], ids=["scheme", "no-host", "port", "graph"])
def test_a_bad_target_is_refused_before_the_graph_is_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           command: str, endpoint: str, graph: str | None,
                                                           message: str) -> None:
    """A fresh user's typo in --endpoint or --graph was refused only after the graph was built (6 s):
    now at once, and nothing is built into the empty cache the command is given."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("ARMSKG_CACHE", str(cache))
    args = ["push"] if command == "push" else ["query", "withdrawals"]
    done = run_cli(*args, "--endpoint", endpoint, *(["--graph", graph] if graph else []))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"armskg: error: {message}")
    assert not cache.exists() or not any(cache.iterdir())


def test_query_endpoint_failures_are_one_line() -> None:
    done = run_cli("query", "withdrawals", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "cannot query" in done.stderr


def test_graph_without_endpoint_is_refused() -> None:
    done = run_cli("query", "withdrawals", "--graph", GRAPH)
    assert done.returncode == 2 and "--graph goes with --endpoint" in done.stderr


# --- OpenLink Virtuoso ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def virtuoso_pushed(virtuoso: Virtuoso) -> Iterator[Virtuoso]:
    """The session's Virtuoso after ``armskg push --graph GRAPH --replace`` into its Graph Store (Virtuoso's has
    no default graph to push to); the graph is deleted afterwards, since Virtuoso's default graph is the union
    of all its graphs, which tests/test_engines.py reads."""
    done = run_cli("push", "--endpoint", virtuoso.graph_store, "--graph", GRAPH, "--replace")
    assert done.returncode == 0, done.stderr
    yield virtuoso
    request = urllib.request.Request(f"{virtuoso.graph_store}?{urllib.parse.urlencode({'graph': GRAPH})}",
                                     method="DELETE")
    urllib.request.urlopen(request, timeout=60).read()


@pytest.mark.slow  # Virtuoso: the thorough run (CI); Oxigraph server is the remote store of every run
def test_push_to_virtuoso_reports_what_it_sent(virtuoso_pushed: Virtuoso, kg: armskg.KnowledgeGraph) -> None:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
    done = run_cli("query", "-e", query, "--endpoint", virtuoso_pushed.endpoint, "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[1]) == len({(q.subject, q.predicate, q.object) for q in kg.store})


# Pushed into one graph and read with --graph, Virtuoso 7.2.5 answers party-counts right in some runs and
# wrong (every year 0) in others: its known-wrong mark is not strict (engines.NOT_ALWAYS).
@pytest.mark.slow  # Virtuoso: the thorough run (CI); Oxigraph server is the remote store of every run
@pytest.mark.parametrize("name", [pytest.param(name, marks=known_wrong("virtuoso", name)) for name in sorted(SAMPLES)])
def test_every_named_query_agrees_locally_and_through_virtuoso(name: str, kg: armskg.KnowledgeGraph,
                                                                virtuoso_pushed: Virtuoso) -> None:
    params = SAMPLES[name]
    local = json.loads(format_result(kg.query(name, **params), "json"))
    try:
        answer = kg.query_endpoint(virtuoso_pushed.endpoint, name, graph=GRAPH, **params)
    except armskg.errors.ArmskgError as exc:
        # Virtuoso 7.2.5 once stalled a whole minute on a query it answers in 0.1 s (state-timeline, in one CI
        # run of many, under the full suite's load; never alone): ask once more before calling it a failure
        if "timed out" not in str(exc):
            raise
        answer = kg.query_endpoint(virtuoso_pushed.endpoint, name, graph=GRAPH, **params)
    remote = json.loads(format_result(answer, "json"))
    assert same_answer(remote, local)


@pytest.mark.slow  # Virtuoso: the thorough run (CI); Oxigraph server is the remote store of every run
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_cli_query_endpoint_on_virtuoso_prints_what_a_local_query_prints(virtuoso_pushed: Virtuoso, fmt: str) -> None:
    args = ["query", "parties-bordering", "-p", "treaty=ottawa", "-p", "state=Russia", "--as-of", "2025-06-01",
            "--format", fmt]
    local = run_cli(*args)
    remote = run_cli(*args, "--endpoint", virtuoso_pushed.endpoint, "--graph", GRAPH)
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout
