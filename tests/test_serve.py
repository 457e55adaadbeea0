"""armskg serve: the SPARQL 1.1 Protocol, content negotiation, named-query URLs, the page, and its limits.

One real server (a subprocess on a free port of 127.0.0.1, at most 5,000 rows: the session's ``server`` of
conftest.py) serves most tests, one with a time limit of 1 s the runaway query; the security tests point SERVICE and FROM at a listener of their own and check it hears nothing.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from armskg_private_cache import stat_fields
from support import interruptible, run_cli
from test_no_network import Listener

import armskg
from armskg.sparql.results import format_result

JSON = "application/sparql-results+json"
TREATIES = "PREFIX ak: <https://w3id.org/armskg/ontology#> SELECT ?code WHERE { ?t a ak:Treaty ; ak:code ?code } ORDER BY ?code"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
BORDERING = "/queries/parties-bordering?treaty=ottawa&state=RUS&as_of=2026-03-01"

#: Parameters that every named query is run with, here and in test_remote.py.
SAMPLES: dict[str, dict[str, str]] = {
    "alliance-frontline-withdrawals": {"alliance": "nato", "state": "RUS", "treaty": "ottawa", "as_of": "2026-03-01"},
    "changes": {"from": "2025-01-01", "to": "2026-03-01"},
    "disputed-claims": {},
    "never-joined": {"treaty": "ottawa", "as_of": "2026-03-01"},
    "non-parties": {"treaty": "ottawa", "as_of": "2026-03-01"},
    "parties-bordering": {"treaty": "ottawa", "state": "RUS", "as_of": "2025-06-01"},
    "party-counts": {"treaty": "ccm", "as_of": "2026-03-01"},
    "state-exits": {"state": "RUS", "as_of": "2026-03-01"},
    "state-timeline": {"state": "LTU", "as_of": "2026-03-01"},
    "statement-followup": {"as_of": "2026-03-01"},
    "still-bound": {"left": "ottawa", "bound": "ccw-apii", "as_of": "2026-03-01"},
    "treaty-status": {"treaty": "ottawa", "as_of": "2026-03-01"},
    "withdrawals": {"as_of": "2026-03-01"},
}


def free_port() -> int:
    """A port nothing listens on now, on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_serve(*options: str, env: dict[str, str] | None = None,
                stderr: Any = subprocess.PIPE) -> tuple[subprocess.Popen[str], str]:
    """Start ``armskg serve`` on a free port and wait until it answers; returns it and its base URL. Its
    standard error goes to a pipe (or to ``stderr``, a file, for a server that outlives the test process)."""
    port = free_port()
    process = subprocess.Popen(interruptible("serve", "--port", str(port), *options),
                               stderr=stderr, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(base + "/queries", timeout=5).read()
            return process, base
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                said = process.communicate()[1] or ""
                raise RuntimeError(f"armskg serve did not start: {said[-500:]}") from None
            time.sleep(0.2)


def stop(process: subprocess.Popen[str]) -> None:
    """Stop a server we started (Ctrl-C first, as a person would)."""
    import signal

    process.send_signal(signal.SIGINT)
    try:
        process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


def get(url: str, accept: str | None = None, data: bytes | None = None,
        content_type: str | None = None, method: str | None = None,
        headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request; returns status, headers (lower-case names) and body, for errors too."""
    all_headers = dict(headers or {})
    if accept:
        all_headers["Accept"] = accept
    if content_type:
        all_headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=all_headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def values(body: bytes) -> list[dict[str, str]]:
    """The rows of a SPARQL JSON result, as plain values."""
    data = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.fixture(scope="module")
def hasty_server(kg: armskg.KnowledgeGraph) -> Iterator[str]:
    """A server with a time limit of 1 s, and a client deadline shorter than that: a client that has sent its
    request (with "Connection: close", as urllib does) waits for the answer however long the query takes.
    One worker (each loads the graph, 0.5 s of CPU): the next request waits for its replacement."""
    process, base = start_serve("--timeout", "1", "--workers", "1", "--client-timeout", "0.5")
    yield base
    stop(process)


@pytest.fixture()
def listener() -> Iterator[Listener]:
    """A local listener that SERVICE and FROM are pointed at (test_no_network's), checked to hear a connection."""
    listening = Listener()
    with socket.create_connection(("127.0.0.1", listening.port), timeout=2):
        pass
    deadline = time.monotonic() + 2
    while not listening.connections and time.monotonic() < deadline:
        time.sleep(0.02)
    assert listening.connections == 1
    listening.connections = 0
    yield listening
    listening.close()


# --- the protocol ---------------------------------------------------------------------------------------

def test_named_query_url_answers_the_flagship_question(server: str) -> None:
    status, headers, body = get(server + BORDERING, JSON)
    assert status == 200 and headers["content-type"].startswith(JSON)
    assert [row["iso3"] for row in values(body)] == ["BLR", "NOR", "UKR"]
    assert json.loads(body)["head"]["vars"] == ["iso3", "label", "since"]


@pytest.mark.parametrize(("as_of", "notes"), [("2026-02-03", []), ("2026-03-01", ["apmbc"])],
                         ids=["on-the-records-day", "after-it"])
def test_a_named_query_url_says_when_it_answers_past_the_treatys_record(server: str, kg: armskg.KnowledgeGraph,
                                                                        as_of: str, notes: list[str]) -> None:
    """The notes the command line prints under its caption come in the Armskg-Notes header (a JSON list):
    SPARQL's results formats have no place for them."""
    url = f"{server}/queries/parties-bordering?treaty=ottawa&state=RUS&as_of={as_of}"
    status, headers, _ = get(url, JSON)
    given = json.loads(headers.get("armskg-notes", "[]"))
    assert status == 200 and [n.split("(", 1)[1].split(")", 1)[0] for n in given] == notes
    assert given == kg.query("parties-bordering", treaty="ottawa", state="RUS", as_of=as_of).notes


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_named_query_url_gives_the_local_answer(server: str, kg: armskg.KnowledgeGraph, name: str) -> None:
    local = json.loads(format_result(kg.query(name, **SAMPLES[name]), "json"))
    status, _, body = get(f"{server}/queries/{name}?{urllib.parse.urlencode(SAMPLES[name])}", JSON)
    assert status == 200, body
    assert same_answer(json.loads(body), local)


def same_answer(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """The same columns and the same rows; rows that ORDER BY leaves tied may come in another order, and
    a GROUP_CONCAT (disputed-claims' ``source``) may list its values in another order in another store."""
    def rows(data: dict[str, Any]) -> list[str]:
        out = []
        for binding in data["results"]["bindings"]:
            if "source" in binding:
                binding["source"]["value"] = " ".join(sorted(binding["source"]["value"].split(" ")))
            out.append(json.dumps(binding, sort_keys=True))
        return sorted(out)

    return bool(one["head"] == other["head"] and rows(one) == rows(other))


@pytest.mark.parametrize(("accept", "media", "start"), [
    ("application/sparql-results+json", "application/sparql-results+json", b"{"),
    ("application/sparql-results+xml", "application/sparql-results+xml", b"<?xml"),
    ("text/csv", "text/csv", b"code\r\n"),      # SPARQL 1.1 CSV: CRLF line ends
    ("text/tab-separated-values", "text/tab-separated-values", b"?code\n"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml", b"<?xml"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json", b"{"),
    (None, "application/sparql-results+json", b"{"),
], ids=["json", "xml", "csv", "tsv", "q-values", "browser", "no-accept"])
def test_select_formats_follow_the_accept_header(server: str, accept: str | None, media: str, start: bytes) -> None:
    status, headers, body = get(f"{server}/sparql?query={urllib.parse.quote(TREATIES)}", accept)
    assert status == 200
    assert headers["content-type"].split(";")[0] == media
    assert body.startswith(start)
    assert b"apmbc" in body


@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
], ids=["turtle", "ntriples", "jsonld", "rdfxml"])
def test_construct_formats_parse_back(server: str, accept: str, fmt: ox.RdfFormat) -> None:
    query = "CONSTRUCT WHERE { ?t a <https://w3id.org/armskg/ontology#Treaty> }"
    status, headers, body = get(f"{server}/sparql?query={urllib.parse.quote(query)}", accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    treaty = ox.NamedNode("https://w3id.org/armskg/id/treaty/apmbc")
    assert treaty in {t.subject for t in ox.parse(body, format=fmt)}


def test_ask_and_describe(server: str) -> None:
    status, _, body = get(f"{server}/sparql?query={urllib.parse.quote('ASK { ?s ?p ?o }')}", JSON)
    assert status == 200 and json.loads(body)["boolean"] is True
    describe = "DESCRIBE <https://w3id.org/armskg/id/state/LTU>"
    status, _, body = get(f"{server}/sparql?query={urllib.parse.quote(describe)}", "text/turtle")
    assert status == 200 and b"Lithuania" in body


@pytest.mark.parametrize("path", [f"/sparql?query={urllib.parse.quote(TREATIES)}", BORDERING, "/sparql",
                                  "/.well-known/void", "/id/state/LTU"],
                         ids=["sparql", "named", "description", "void", "resource"])
def test_negotiated_answers_vary_on_accept(server: str, path: str) -> None:
    """The same URL gives JSON, CSV, Turtle or a page by the Accept header: a cache must know it."""
    status, headers, _ = get(server + path, "text/csv" if "?" in path else "text/turtle")
    assert status == 200
    assert "accept" in [v.strip().lower() for v in headers.get("vary", "").split(",")]


@pytest.mark.parametrize("path", [f"/sparql?query={urllib.parse.quote(TREATIES)}", BORDERING, "/sparql",
                                  "/.well-known/void", "/id/state/LTU"],
                         ids=["sparql", "named", "description", "void", "resource"])
def test_unacceptable_format_is_406(server: str, path: str) -> None:
    """Every negotiated answer refuses a format it cannot give in one line (/.well-known/void gave a 500)."""
    status, headers, body = get(server + path, "image/png")
    assert status == 406 and headers["content-type"].startswith("text/plain")
    assert b"image/png" in body and b"\n" not in body.rstrip(b"\n")


@pytest.mark.parametrize("how", ["get", "post-form", "post-query"])
def test_get_and_both_posts_give_the_same_answer(server: str, how: str) -> None:
    if how == "get":
        status, _, body = get(f"{server}/sparql?query={urllib.parse.quote(TREATIES)}", JSON)
    elif how == "post-form":
        form = urllib.parse.urlencode({"query": TREATIES}).encode()
        status, _, body = get(server + "/sparql", JSON, form, "application/x-www-form-urlencoded")
    else:
        status, _, body = get(server + "/sparql", JSON, TREATIES.encode(), "application/sparql-query")
    assert status == 200
    codes = [r["code"] for r in values(body)]
    assert "apmbc" in codes and codes == sorted(codes)


@pytest.mark.parametrize("fmt", [ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD, ox.RdfFormat.RDF_XML],
                         ids=["turtle", "ntriples", "jsonld", "rdfxml"])
def test_service_description_on_plain_get(server: str, fmt: ox.RdfFormat) -> None:
    status, headers, body = get(server + "/sparql", fmt.media_type)
    assert status == 200 and headers["content-type"].startswith(fmt.media_type)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    triples = {(q.subject.value, q.predicate.value, q.object.value) for q in ox.parse(body, format=fmt)}
    assert (server + "/sparql", sd + "endpoint", server + "/sparql") in triples


def test_a_browser_asking_for_the_endpoint_gets_the_page(server: str) -> None:
    status, headers, body = get(server + "/sparql", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and headers["content-type"].startswith("text/html") and b"<form" in body


def test_rdflib_sparqlstore_is_a_client(server: str) -> None:
    """A standard SPARQL client, with its own default formats (XML results, RDF/XML graphs)."""
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(server + "/sparql"))
    codes = [str(row[0]) for row in graph.query(TREATIES)]
    assert "apmbc" in codes
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    described = graph.query("CONSTRUCT WHERE { <https://w3id.org/armskg/id/state/LTU> ?p ?o }").graph
    assert described is not None and len(described) > 5


SELECT_FORMATS = ["json", "xml", "csv", "tsv"]
GRAPH_FORMATS = ["turtle", "n3", "rdf+xml", "json-ld", "xml", "json"]
METHODS = ["get", "post-form", "post-query"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("fmt", SELECT_FORMATS)
def test_sparqlwrapper_selects_in_every_format(server: str, fmt: str, method: str) -> None:
    """SPARQLWrapper, the common Python client, sends its return format as ``format=``, ``output=`` and
    ``results=`` beside the Accept header (and for some formats a list of media types after it)."""
    answer = _sparqlwrapper(server, TREATIES, fmt, method)
    if fmt == "json":
        codes = [row["code"]["value"] for row in answer["results"]["bindings"]]
    elif fmt == "xml":
        codes = [node.firstChild.data for node in answer.getElementsByTagName("literal")]
    else:
        codes = [line.strip('"') for line in answer.decode().split()[1:]]
    assert "apmbc" in codes and codes == sorted(codes)


@pytest.mark.parametrize("method", ["get", "post-query"])
@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
# the client's own warnings: it parses graphs into an rdflib ConjunctiveGraph, and says it sends */* for json
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.filterwarnings("ignore:Sending Accept header:RuntimeWarning")
def test_sparqlwrapper_constructs_in_every_format(server: str, fmt: str, method: str) -> None:
    from rdflib import Graph, URIRef

    query = "CONSTRUCT WHERE { <https://w3id.org/armskg/id/state/LTU> ?p ?o }"
    answer = _sparqlwrapper(server, query, fmt, method)
    if isinstance(answer, bytes):  # Turtle (asked for as turtle or n3): SPARQLWrapper leaves it unparsed
        graph = Graph().parse(data=answer, format="turtle")
    else:  # rdflib parsed RDF/XML and JSON-LD; JSON (JSON-LD) comes as parsed JSON
        graph = answer if isinstance(answer, Graph) else Graph().parse(data=json.dumps(answer), format="json-ld")
    assert (URIRef("https://w3id.org/armskg/id/state/LTU"), None, None) in graph and len(graph) > 5


def _sparqlwrapper(server: str, query: str, fmt: str, method: str) -> Any:
    import SPARQLWrapper as sw

    client = sw.SPARQLWrapper(server + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method != "get":
        client.setMethod(sw.POST)
        client.setRequestMethod(sw.URLENCODED if method == "post-form" else sw.POSTDIRECTLY)
    return client.query().convert()


def test_cors_lets_yasgui_post_from_another_origin(server: str) -> None:
    status, headers, _ = get(server + "/sparql", method="OPTIONS", headers={
        "Origin": "https://yasgui.triply.cc", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status == 200
    assert headers["access-control-allow-origin"] == "*"
    assert "POST" in headers["access-control-allow-methods"]
    status, headers, _ = get(f"{server}/sparql?query={urllib.parse.quote(TREATIES)}", JSON,
                             headers={"Origin": "https://yasgui.triply.cc"})
    assert headers["access-control-allow-origin"] == "*"


def test_page_offers_every_named_query_with_a_working_example(server: str) -> None:
    status, headers, body = get(server + "/", "text/html")
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode()
    assert '<form action="sparql"' in page and "<textarea" in page  # without scripts, a plain form still asks
    offers = json.loads(page.split('id="armskg-offers">')[1].split("</script>")[0])
    listed = {q["name"] for q in json.loads(get(server + "/queries")[2])}
    assert sorted(q["name"] for q in offers["queries"]) == sorted(listed)
    for query in offers["queries"]:
        url = f"{server}/queries/{query['name']}?{urllib.parse.urlencode(query['example'])}"
        assert get(url, JSON)[0] == 200, url


def test_every_named_query_has_sample_parameters(kg: armskg.KnowledgeGraph) -> None:
    """So that every named query is asked locally, through armskg serve and through Oxigraph (test_remote)."""
    from armskg.sparql.named import named_queries

    assert set(named_queries(kg.root)) == set(SAMPLES)


def test_queries_listing_and_unknown_query(server: str) -> None:
    status, _, body = get(server + "/queries")
    assert status == 200 and {q["name"] for q in json.loads(body)} == set(SAMPLES)
    status, _, body = get(server + "/queries/nope")
    assert status == 404 and b"unknown query" in body


def test_named_query_format_parameter_and_bad_names(server: str) -> None:
    status, _, body = get(server + BORDERING + "&format=csv")
    assert status == 200 and body == (b"iso3,label,since\r\nBLR,Belarus,2004-03-01\r\nNOR,Norway,1999-03-01\r\n"
                                      b"UKR,Ukraine,2006-06-01\r\n")
    status, _, body = get(server + "/queries/parties-bordering?treaty=ottawa&state=Rusia", JSON)
    assert status == 400 and b"unknown state 'Rusia'" in body and b"russia" in body
    status, _, body = get(server + "/queries/party-counts?treaty=ost", JSON)
    assert status == 400 and b"party-counts needs a complete participation record" in body
    status, _, body = get(server + "/queries/changes?from=2026-03-01&to=2025-06-01", JSON)
    assert status == 400 and body == b"from 2026-03-01 is after to 2025-06-01"
    # a date given to a query that takes none is refused, as on the command line (it was dropped without a word)
    status, _, body = get(server + "/queries/disputed-claims?as_of=2025-01-01", JSON)
    assert status == 400 and b"query 'disputed-claims' has no parameter 'as_of'" in body


@pytest.mark.parametrize("repeated", ["state=BLR", "as_of=2025-06-01"], ids=["state", "as_of"])
def test_a_named_query_parameter_given_twice_is_refused(server: str, repeated: str) -> None:
    """The last value would win silently, answering another question than the one the URL asks."""
    status, _, body = get(f"{server}{BORDERING}&{repeated}", JSON)
    assert status == 400 and b"given more than once" in body


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_two_queries_in_one_request_are_refused(server: str, method: str) -> None:
    """The protocol takes exactly one query; with two, a client could not know which was answered."""
    one, two = (urllib.parse.urlencode({"query": q}) for q in ("ASK {}", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"))
    if method == "GET":
        status, _, body = get(f"{server}/sparql?{one}&{two}", JSON)
    else:
        status, _, body = get(f"{server}/sparql?{one}", JSON, data=two.encode(),
                              content_type="application/x-www-form-urlencoded")
    assert status == 400 and b"more than one query" in body


# --- safety ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("request_kind", "status"), [
    ("form-update", 403), ("sparql-update", 403), ("get-update", 403),
    ("insert-as-query", 400), ("load-as-query", 400), ("clear-as-query", 400),
])
def test_updates_are_refused(server: str, request_kind: str, status: int) -> None:
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    if request_kind == "form-update":
        got = get(server + "/sparql", None, urllib.parse.urlencode({"update": update}).encode(),
                  "application/x-www-form-urlencoded")
    elif request_kind == "sparql-update":
        got = get(server + "/sparql", None, update.encode(), "application/sparql-update")
    elif request_kind == "get-update":
        got = get(f"{server}/sparql?update={urllib.parse.quote(update)}")
    else:
        text = {"insert-as-query": update, "load-as-query": "LOAD <file:///etc/passwd>",
                "clear-as-query": "CLEAR ALL"}[request_kind]
        got = get(f"{server}/sparql?query={urllib.parse.quote(text)}")
    assert got[0] == status, got[2]
    ask = "ASK { <http://example.org/a> ?p ?o }"
    assert json.loads(get(f"{server}/sparql?query={urllib.parse.quote(ask)}", JSON)[2])["boolean"] is False


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service\n<http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
], ids=["service", "service-silent", "lower-case"])
def test_service_reaches_nothing(server: str, listener: Listener, template: str) -> None:
    query = template.format(port=listener.port)
    status, _, body = get(f"{server}/sparql?query={urllib.parse.quote(query)}", JSON)
    assert status == 400 and b"SERVICE is not allowed" in body
    assert _quiet(listener)


@pytest.mark.parametrize("template", [
    "SELECT (COUNT(*) AS ?n) FROM <http://127.0.0.1:{port}/data.ttl> WHERE {{ ?s ?p ?o }}",
    "SELECT (COUNT(*) AS ?n) FROM NAMED <http://127.0.0.1:{port}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
], ids=["from", "from-named"])
def test_from_outside_the_dataset_is_refused(server: str, listener: Listener, template: str) -> None:
    query = template.format(port=listener.port)
    status, _, body = get(f"{server}/sparql?query={urllib.parse.quote(query)}", JSON)
    assert _quiet(listener)
    assert status == 400 and b"is not allowed: armskg reads only the graphs of its own dataset" in body


def _quiet(listener: Listener) -> bool:
    """test_ssrf's check that no connection reached the listener: a connection of its own, sent last, shows
    when every earlier one has been counted (no fixed sleep to guess at)."""
    from test_ssrf import quiet  # test_ssrf imports this module

    return quiet(listener)


def test_from_names_a_graph_of_the_dataset(server: str) -> None:
    query = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/armskg/graph/asserted> WHERE { ?s ?p ?o }"
    status, _, body = get(f"{server}/sparql?query={urllib.parse.quote(query)}", JSON)
    assert status == 200 and int(values(body)[0]["n"]) > 1000


DERIVED = "https://w3id.org/armskg/graph/derived"


@pytest.mark.parametrize("how", ["query", "protocol"])
def test_a_dataset_of_named_graphs_only_has_an_empty_default_graph(server: str, how: str) -> None:
    """FROM NAMED in the query and named-graph-uri in the request name the same dataset (SPARQL 1.1 Query
    13.2, Protocol 2.1.4): its named graph, and an empty default graph, not the union of every graph."""
    query = ("SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?graphs) " + (f"FROM NAMED <{DERIVED}> " if how == "query" else "")
             + "WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } FILTER (?g != <" + DERIVED + ">) } }")
    extra = f"&named-graph-uri={urllib.parse.quote(DERIVED)}" if how == "protocol" else ""
    status, _, body = get(f"{server}/sparql?query={urllib.parse.quote(query)}{extra}", JSON)
    assert status == 200, body
    assert values(body) == [{"n": "0", "graphs": "0"}]
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    status, _, body = get(f"{server}/sparql?query={urllib.parse.quote(graphs)}&named-graph-uri={urllib.parse.quote(DERIVED)}", JSON)
    assert status == 200 and values(body) == [{"g": DERIVED}]


@pytest.mark.parametrize("how", ["from", "default-graph-uri", "load"])
def test_files_are_not_read(server: str, tmp_path: Path, how: str) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text('<http://example.org/secret> <http://example.org/is> "armskg-secret-value" .\n')
    uri = secret.as_uri()
    if how == "from":
        url = f"{server}/sparql?query={urllib.parse.quote(f'SELECT ?o FROM <{uri}> WHERE {{ ?s ?p ?o }} LIMIT 9')}"
    elif how == "default-graph-uri":
        url = f"{server}/sparql?query={urllib.parse.quote('SELECT ?o WHERE { ?s ?p ?o }')}&default-graph-uri={uri}"
    else:
        url = f"{server}/sparql?query={urllib.parse.quote(f'LOAD <{uri}>')}"
    status, _, body = get(url, JSON)
    assert b"armskg-secret-value" not in body
    assert status in (200, 400)


@pytest.mark.parametrize("params", [
    {"treaty": "ottawa", "state": 'RUS" } UNION { ?s ?p ?o } #'},
    {"treaty": "ottawa", "state": "RUS> } ; DROP ALL ; #"},
    {"treaty": "<https://w3id.org/armskg/id/treaty/apmbc>", "state": "RUS"},
    {"treaty": "ottawa", "state": "RUS", "as_of": '2026-03-01"^^<http://www.w3.org/2001/XMLSchema#date> } UNION {'},
    {"treaty": "ottawa", "state": "RUS", "as_of": "2026-03-01\n} UNION { ?s ?p ?o"},
    {"treaty": "ottawa", "state": "RUS", "iso3": "x"},
], ids=["quote", "iri", "raw-iri", "typed-date", "newline", "unknown-param"])
def test_named_query_parameters_cannot_inject(server: str, params: dict[str, str]) -> None:
    status, _, body = get(f"{server}/queries/parties-bordering?{urllib.parse.urlencode(params)}", JSON)
    assert status == 400, body
    assert len(body.decode().strip().splitlines()) == 1


def test_runaway_query_is_stopped_at_the_limit_and_its_worker_killed(hasty_server: str) -> None:
    server = hasty_server

    def workers() -> set[int]:
        pid = _server_pid(server)
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return {int(c) for c in children}

    before = workers()
    started = time.monotonic()
    status, _, body = get(f"{server}/sparql?query={urllib.parse.quote(RUNAWAY)}", JSON)
    took = time.monotonic() - started
    assert status == 503 and b"time limit (1 s)" in body
    assert 0.9 < took < 5
    time.sleep(0.2)
    gone = before - workers()
    assert gone, "the worker that ran the query still exists"
    assert not any(Path(f"/proc/{pid}").exists() for pid in gone)
    assert get(server + BORDERING, JSON)[0] == 200
    deadline = time.monotonic() + 30
    while len(workers() - before) < 1 and time.monotonic() < deadline:  # a replacement starts
        time.sleep(0.2)
    assert len(workers()) == len(before)


def _server_pid(base: str) -> int:
    port = int(base.rsplit(":", 1)[1])
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "0A" and int(fields[1].split(":")[1], 16) == port:
            inode = fields[9]
            break
    else:
        raise AssertionError("no listening socket")
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if any(os.readlink(fd) == f"socket:[{inode}]" for fd in (proc / "fd").iterdir()):
                    return int(proc.name)
            except OSError:
                continue
    raise AssertionError("no process owns the socket")


def test_too_many_rows_are_refused(server: str) -> None:
    status, _, body = get(f"{server}/sparql?query={urllib.parse.quote('SELECT * WHERE { ?s ?p ?o }')}", JSON)
    assert status == 400 and b"more than 5000 rows" in body
    status, _, _ = get(f"{server}/sparql?query={urllib.parse.quote('SELECT * WHERE { ?s ?p ?o } LIMIT 5000')}", JSON)
    assert status == 200


@pytest.mark.parametrize("how", ["post-body", "get-url"])
def test_large_requests_are_refused(server: str, how: str) -> None:
    padding = "#" + "x" * (70 * 1024) + "\n"
    if how == "post-body":
        status = get(server + "/sparql", JSON, (padding + TREATIES).encode(), "application/sparql-query")[0]
        assert status == 413
    else:
        status = get(f"{server}/sparql?query={urllib.parse.quote(padding + TREATIES)}", JSON)[0]
        assert status in (400, 413, 414, 431)


def test_serve_listens_on_loopback_unless_told() -> None:
    from armskg.cli import _parser

    assert _parser().parse_args(["serve"]).host == "127.0.0.1"


def test_clients_get_10_s_unless_told() -> None:
    """The tests' servers shorten the client deadline (--client-timeout); a real one keeps 10 s."""
    from armskg.cli import _parser
    from armskg.serve import Limits
    from armskg.serve.connections import DeadlineProtocol, deadline_protocol

    assert _parser().parse_args(["serve"]).client_timeout == Limits().client_seconds == 10.0
    assert DeadlineProtocol.client_seconds == 10.0 and deadline_protocol(3.0).client_seconds == 3.0


@pytest.mark.parametrize("option", ["--timeout=0", "--timeout=-1", "--timeout=nan", "--timeout=inf", "--timeout=-inf",
                                    "--client-timeout=0", "--client-timeout=nan"])
def test_serve_rejects_bad_limits_in_one_line(option: str) -> None:
    done = run_cli("serve", option)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "must be positive" in done.stderr


@pytest.mark.parametrize("option", ["--workers=0", "--workers=-1"], ids=["workers-0", "workers-negative"])
def test_serve_rejects_no_workers_in_one_line(option: str) -> None:
    """--workers 0 once started a server with the default workers (0 was read as "not given")."""
    done = run_cli("serve", option)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "must be positive" in done.stderr


def test_port_in_use_is_one_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        done = run_cli("serve", "--port", str(busy.getsockname()[1]))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "cannot listen on 127.0.0.1:" in done.stderr


def test_a_worker_in_a_query_ends_with_its_server(kg: armskg.KnowledgeGraph) -> None:
    """A server killed outright (SIGKILL, an out-of-memory kill) closes its workers' pipes, but a worker in
    the middle of a query read its pipe only when done: it ran on, past the server's time limit, with
    nobody to stop it. The kernel now ends it with its server."""
    import signal
    import threading

    process, base = start_serve("--timeout", "120", "--workers", "1")

    def workers() -> set[int]:
        found = set()
        for child in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split():
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.add(int(child))
        return found

    def running(pid: int) -> bool:
        try:
            return stat_fields(pid)[0] != "Z"
        except OSError:
            return False

    def ticks(pid: int) -> int:
        """The CPU time ``pid`` has used, in clock ticks (utime + stime)."""
        fields = stat_fields(pid)
        return int(fields[11]) + int(fields[12])

    try:
        (worker,) = workers()
        def ask() -> None:
            try:
                get(f"{base}/sparql?query={urllib.parse.quote(RUNAWAY)}", JSON)
            except OSError:  # the server is killed under it
                pass

        assert get(f"{base}/sparql?query={urllib.parse.quote('ASK {}')}", JSON)[0] == 200  # the worker is ready
        idle = ticks(worker)
        asking = threading.Thread(target=ask, daemon=True)
        asking.start()
        # the query has reached the worker once the worker, ready and idle until then, computes: a quarter of
        # a second of its CPU (a fixed sleep of 1.5 s was 1.5 s of the worker's CPU, all of it the same query)
        deadline = time.monotonic() + 60
        while ticks(worker) - idle < os.sysconf("SC_CLK_TCK") // 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert running(worker) and ticks(worker) - idle >= os.sysconf("SC_CLK_TCK") // 4
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()  # not communicate(): a worker left running would hold the stderr pipe open
        assert process.stderr is not None
        process.stderr.close()
    deadline = time.monotonic() + 10
    while running(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = running(worker)
    if alive:
        os.kill(worker, signal.SIGKILL)
    assert not alive, "the worker ran on after its server was killed"
