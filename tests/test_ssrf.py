"""No request leaves: every trick that hid SERVICE from the old text guard (issue 15), in every query form
(SELECT, ASK, CONSTRUCT, DESCRIBE), on every route (the API, the command line's -e, standard input and
.rq file, the endpoint's GET, POST form and POST sparql-query, the named-query URLs); a listener on
127.0.0.1 counts the connections it is offered. Then the second wall alone: with the guard bypassed, the
places where user queries run cannot open a network socket.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
import urllib.parse
from pathlib import Path

import pytest
from support import run_cli, sampled
from test_no_network import Listener, listener  # noqa: F401 - the fixture
from test_serve import JSON, get

import armskg
from armskg.errors import ArmskgError

#: Group patterns that reach {url}; each is put in every query form.
TRICKS = {
    "plain": "SERVICE <{url}> {{ ?s ?p ?o }}",
    "silent": "SERVICE SILENT <{url}> {{ ?s ?p ?o }}",
    "cr-comment": "?s ?p ?o # c\rSERVICE <{url}> {{ ?a ?b ?c }}\n",
    "cr-comment-alone": "?s ?p ?o # c\rSERVICE <{url}> {{ ?a ?b ?c }}",
    "escaped-hash": "ex:a\\# ?p ?o . SERVICE <{url}> {{ ?s ?p ?o }}",
    "escaped-quote": "?s ?p ex:a\\' . SERVICE <{url}> {{ ?s ?p ?o }}",
    "unicode-escape": "\\u0053ERVICE <{url}> {{ ?s ?p ?o }}",
    "unicode-in-iri": "SERVICE <http\\u003A//127.0.0.1:{port}/> {{ ?s ?p ?o }}",
    "mixed-case": "sErViCe <{url}> {{ ?s ?p ?o }}",
    "exists": "?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "not-exists": "?s ?p ?o FILTER NOT EXISTS {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "subquery": "{{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "nested": "{{ {{ OPTIONAL {{ {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }} }}",
    "union-minus": "{{ ?s ?p ?o }} UNION {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "variable": "BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }}",
    "prefixed": "SERVICE remote:sparql {{ ?s ?p ?o }}",
    "string-quote": "?s ?p \"\\\"\" . SERVICE <{url}> {{ ?s ?p ?o }}",
    "long-string": "?s ?p '''a'' . SERVICE <{url}> {{ ?s ?p ?o }} '''",
}
FORMS = {
    "select": "SELECT * WHERE {{ {body} }} LIMIT 1",
    "ask": "ASK {{ {body} }}",
    "construct": "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {body} }} LIMIT 1",
    "describe": "DESCRIBE ?s WHERE {{ {body} }} LIMIT 1",
}


def hostile(trick: str, form: str, port: int) -> str:
    """A query of the given form with the trick inside, aimed at the listener."""
    url = f"http://127.0.0.1:{port}/sparql"
    body = TRICKS[trick].format(url=url, port=port)
    prologue = f"PREFIX ex: <http://example.org/> PREFIX remote: <http://127.0.0.1:{port}/> "
    return prologue + FORMS[form].format(body=body)


def quiet(listener: Listener) -> bool:  # noqa: F811
    """Whether no connection reached the listener: one of our own is sent last and, accepted in order,
    shows that every earlier one has been counted."""
    import socket

    before = listener.connections
    with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
        pass
    deadline = time.monotonic() + 5
    while listener.connections == before and time.monotonic() < deadline:
        time.sleep(0.005)
    heard = listener.connections
    listener.connections = 0  # ready for the next query
    return before == 0 and heard == 1


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("trick", TRICKS)
def test_api(kg: armskg.KnowledgeGraph, listener: Listener, trick: str, form: str) -> None:  # noqa: F811
    try:
        kg.sparql(hostile(trick, form, listener.port))
    except ArmskgError as exc:
        assert "\n" not in str(exc)
    assert quiet(listener)


ENDPOINT_CASES = ([(trick, form, "get") for trick in TRICKS for form in FORMS]
                  + [(trick, form, route) for trick in ("escaped-quote", "cr-comment") for form in FORMS
                     for route in ("post-form", "post-query")])


@pytest.mark.parametrize(("trick", "form", "route"), ENDPOINT_CASES, ids=["-".join(c) for c in ENDPOINT_CASES])
def test_endpoint(server: str, listener: Listener, trick: str, form: str, route: str) -> None:  # noqa: F811
    query = hostile(trick, form, listener.port)
    if route == "get":
        status, _, body = get(f"{server}/sparql?query={urllib.parse.quote(query)}", "*/*")
    elif route == "post-form":
        status, _, body = get(f"{server}/sparql", "*/*", urllib.parse.urlencode({"query": query}).encode(),
                              "application/x-www-form-urlencoded")
    else:
        status, _, body = get(f"{server}/sparql", "*/*", query.encode(), "application/sparql-query")
    assert status in (200, 400), body
    assert quiet(listener)


#: The tricks the quick run sends through the command line's -e (each a new process, 0.25 s); the thorough
#: run (CI) sends all of them. The guard they meet is the one test_api tries every trick and form on.
CLI_TRICKS = ("plain", "cr-comment", "unicode-escape", "subquery", "variable", "prefixed")


@pytest.mark.parametrize("trick", [t if t in CLI_TRICKS else pytest.param(t, marks=pytest.mark.slow) for t in TRICKS])
def test_cli_expression(listener: Listener, trick: str) -> None:  # noqa: F811
    done = run_cli("query", "-e", hostile(trick, "select", listener.port))
    assert done.returncode in (0, 2) and "Traceback" not in done.stderr
    assert quiet(listener)


#: Standard input and a .rq file, each a new process (0.2 s): the quick run sends each query form once, two
#: through each route; the thorough run (CI) every form through both.
CLI_FORMS = sampled(FORMS, ["stdin", "file"])


@pytest.mark.parametrize(("form", "how"), CLI_FORMS)
def test_cli_forms(listener: Listener, tmp_path: Path, form: str, how: str) -> None:  # noqa: F811
    query = hostile("escaped-quote", form, listener.port)
    if how == "stdin":
        done = run_cli("query", "-e", "-", stdin=query)
    else:
        path = tmp_path / "remote.rq"
        path.write_text(query, encoding="utf-8")
        done = run_cli("query", str(path))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("armskg: error: SERVICE is not allowed: armskg queries never leave the process or "
                           "change the graph\n")
    assert quiet(listener)


@pytest.mark.parametrize("params", [
    {"treaty": "<http://127.0.0.1:{port}/>", "state": "RUS"},
    {"treaty": "ottawa", "state": "RUS } SERVICE <http://127.0.0.1:{port}/> { ?s ?p ?o"},
    {"treaty": "ottawa", "state": "RUS", "as_of": "2026-03-01 } SERVICE <http://127.0.0.1:{port}/> {"},
], ids=["iri", "state", "date"])
def test_named_query_urls(server: str, listener: Listener, params: dict[str, str]) -> None:  # noqa: F811
    filled = {k: v.replace("{port}", str(listener.port)) for k, v in params.items()}
    status, _, body = get(f"{server}/queries/parties-bordering?{urllib.parse.urlencode(filled)}", JSON)
    assert status == 400 and len(body.decode().strip().splitlines()) == 1
    assert quiet(listener)


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_protocol_graphs_outside_the_dataset_are_400(server: str, listener: Listener, parameter: str) -> None:  # noqa: F811
    query = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    for graph in (f"http://127.0.0.1:{listener.port}/g", "not an iri <>"):
        status, _, body = get(f"{server}/sparql?query={query}&{parameter}={urllib.parse.quote(graph)}", JSON)
        assert status == 400 and body.startswith(parameter.encode()), body
        assert b"internal error" not in body
    assert quiet(listener)


# --- the second wall: the guard bypassed ----------------------------------------------------------------

def _service(port: int) -> str:
    return f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"


def test_api_query_thread_cannot_open_a_socket(kg: armskg.KnowledgeGraph, listener: Listener) -> None:  # noqa: F811
    from armskg.api import _confined

    with pytest.raises(OSError):
        _confined(lambda: list(kg.store.query(_service(listener.port))))  # straight to the engine, no guard
    assert quiet(listener)


def test_api_query_thread_leaves_the_callers_threads_alone(listener: Listener) -> None:  # noqa: F811
    import socket

    from armskg.api import _confined

    _confined(lambda: None)
    with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
        pass
    deadline = time.monotonic() + 5
    while not listener.connections and time.monotonic() < deadline:
        time.sleep(0.005)
    assert listener.connections == 1


@pytest.mark.parametrize("where", ["cli-child", "worker"])
def test_confined_processes_cannot_open_a_socket(kg: armskg.KnowledgeGraph, listener: Listener, where: str) -> None:  # noqa: F811
    """The command line's query process (run_confined) and the endpoint's workers (no_network, then
    limit_memory, as serve/pool.py's _worker_main does) run a SERVICE query with no guard in front."""
    run = {"cli-child": "print(run_confined(go, 512))",
           "worker": "print(no_network()); limit_memory(512); go()"}[where]
    script = textwrap.dedent(f"""
        import pyoxigraph as ox
        from armskg.sandbox import limit_memory, no_network, run_confined
        def go():
            try:
                list(ox.Store().query({_service(listener.port)!r}))
            except OSError as exc:
                print("refused:", exc)
            return 0
        {run}
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert "refused:" in done.stdout, done.stdout + done.stderr
    assert quiet(listener)


def test_endpoint_workers_report_the_network_closed(server: str) -> None:
    status, _, body = get(f"{server}/health", "application/json")
    assert status == 200 and json.loads(body)["network_closed"] is True
