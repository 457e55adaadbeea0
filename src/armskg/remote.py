"""Other SPARQL stores: upload the graph with the SPARQL 1.1 Graph Store HTTP Protocol (``armskg push``) and
run queries on any SPARQL 1.1 Protocol endpoint (``armskg query --endpoint``).

Plain ``urllib``: one request each way, nothing to install.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.sparql.results import Result
from armskg.vocab import XSD

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

_CHUNK = 64 * 1024


def graph_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol URL of the default graph, or of a named graph (indirect identification).

    >>> graph_url("http://127.0.0.1:7878/store", None)
    'http://127.0.0.1:7878/store?default'
    >>> graph_url("http://h/ds/data?x=1", "https://w3id.org/armskg/graph/all")
    'http://h/ds/data?x=1&graph=https%3A%2F%2Fw3id.org%2Farmskg%2Fgraph%2Fall'
    """
    _check_url(endpoint)
    _check_graph(graph)
    joiner = "&" if "?" in endpoint else "?"
    return endpoint + joiner + ("default" if graph is None else urllib.parse.urlencode({"graph": graph}))


def check_target(endpoint: str, graph: str | None = None) -> None:
    """Refuse a bad endpoint URL or graph IRI in one line: the command line asks this before it loads (or
    builds) the graph, which takes seconds, so that a typo costs nothing.

    >>> check_target("http//127.0.0.1:7878/store")
    Traceback (most recent call last):
    armskg.errors.ArmskgError: bad endpoint 'http//127.0.0.1:7878/store': expected an http:// or https:// URL
    """
    _check_url(endpoint)
    _check_graph(graph)


def _check_url(url: str) -> None:
    try:
        parts = urllib.parse.urlsplit(url)
        scheme, host = parts.scheme, parts.hostname
        parts.port  # noqa: B018 - a port that is no number (or out of range) raises here
    except ValueError:
        scheme, host = "", None
    if scheme not in ("http", "https") or not host:
        raise ArmskgError(f"bad endpoint {url[:80]!r}: expected an http:// or https:// URL")


def _check_graph(graph: str | None) -> None:
    """Refuse a graph name that is not an absolute IRI here, before the graph is serialised and sent (a store
    would refuse it after the upload, or take a relative one against its own base)."""
    if graph is None:
        return
    try:
        ox.NamedNode(graph)
    except ValueError as exc:
        raise ArmskgError(f"bad --graph {graph[:80]!r}: expected an absolute IRI ({exc})") from None


def graph_bytes(store: ox.Store) -> tuple[bytes, int]:
    """Every triple of the dataset (its graphs merged, as queries read them) as N-Triples, and how many."""
    # pyoxigraph writes each graph's triples (0.13 s, against 0.5 s making a Triple object of every quad in
    # Python); their lines, deduplicated and sorted as bytes, are the triples in the order of their N-Triples text
    graphs = [ox.DefaultGraph(), *store.named_graphs()]
    written = b"".join(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) or b"" for g in graphs)
    lines = sorted(set(written.splitlines(keepends=True)))
    return b"".join(lines), len(lines)


def push(store: ox.Store, endpoint: str, graph: str | None = None, replace: bool = False,
         progress: Callable[[int, int], None] | None = None, timeout: float = 300) -> int:
    """Upload the graph to a Graph Store Protocol endpoint in one request: PUT replaces the target graph,
    POST adds to it. Returns the number of triples sent; raises ArmskgError with one line on failure,
    saying what the store may now hold."""
    url = graph_url(endpoint, graph)
    where = f"graph <{graph}>" if graph else "the default graph"
    try:
        _reach(url, min(timeout, 30))
    except OSError as exc:
        raise ArmskgError(f"push to {url} failed: {exc}; nothing was sent, so {where} there is as it was") from None
    body, count = graph_bytes(store)
    sent = [0]

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), _CHUNK):
            yield body[start:start + _CHUNK]
            sent[0] = min(start + _CHUNK, len(body))
            if progress:
                progress(sent[0], len(body))

    request = urllib.request.Request(url, data=chunks(), method="PUT" if replace else "POST", headers={
        "Content-Type": "application/n-triples", "Content-Length": str(len(body))})
    try:
        with _no_redirects().open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise ArmskgError(f"push to {url} failed: the store answered {exc.code} {exc.reason} (a redirect to "
                              f"{exc.headers.get('Location', '?')[:120]}), so nothing was stored: give the Graph "
                              "Store URL itself") from None
        raise ArmskgError(f"push to {url} failed: {exc.code} {exc.reason}: {_first_line(exc)}; the store "
                          f"refused the one request, so {where} there should be as it was") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        state = (f"nothing was sent, so {where} there is as it was" if not sent[0] else
                 f"the connection broke after {sent[0] * 100 // len(body)}% was sent, so {where} there may hold "
                 "part of the graph: push again with --replace")
        raise ArmskgError(f"push to {url} failed: {reason}; {state}") from None
    return count


def _reach(url: str, timeout: float) -> None:
    """Open a TCP connection to where the request for ``url`` goes (its host and port, or the proxy urllib
    takes from the environment for it) and close it, before the graph is serialised (a second or more): a
    port where nothing listens, or a host that does not resolve, then fails at once. Raises OSError."""
    import socket

    parts = urllib.parse.urlsplit(url)
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and not urllib.request.proxy_bypass(parts.hostname or ""):
        parts = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    default = 443 if parts.scheme == "https" else 80
    socket.create_connection((parts.hostname or "", parts.port or default), timeout=timeout).close()


class _Refuse(urllib.request.HTTPRedirectHandler):
    """Follow no redirect: urllib would turn a redirected POST or PUT into a GET without the body, and the
    store's 200 for that GET would read as success although nothing was stored."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _no_redirects() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_Refuse())


def _first_line(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read(2000).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text.splitlines()[0][:200] if text else "no message"


def select(endpoint: str, text: str, default_graph: str | None = None, timeout: float = 60) -> Result:
    """Run a SELECT query on a SPARQL 1.1 Protocol endpoint (POST form) and read its JSON results."""
    _check_url(endpoint)
    _check_graph(default_graph)
    fields = [("query", text)] + ([("default-graph-uri", default_graph)] if default_graph else [])
    request = urllib.request.Request(endpoint, data=urllib.parse.urlencode(fields).encode(), method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = json.load(response)
    except urllib.error.HTTPError as exc:
        raise ArmskgError(f"{endpoint} answered {exc.code} {exc.reason}: {_first_line(exc)}") from None
    except (urllib.error.URLError, OSError) as exc:
        waited = f" after {time.monotonic() - started:.0f} s" if isinstance(exc, TimeoutError) else ""
        raise ArmskgError(f"cannot query {endpoint}{waited}: {getattr(exc, 'reason', exc)}") from None
    except ValueError:
        raise ArmskgError(f"{endpoint} did not answer with SPARQL JSON results") from None
    return results_from_json(data)


def results_from_json(data: dict[str, Any]) -> Result:
    """Read SPARQL 1.1 Query Results JSON into a Result of pyoxigraph terms, as a local query gives.

    >>> r = results_from_json({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri", "value": "http://a"}}]}})
    >>> r.rows
    [[<NamedNode value=http://a>]]
    """
    if "results" not in data:
        raise ArmskgError("the endpoint answered an ASK, not a SELECT")
    columns = list(data["head"]["vars"])
    rows = [[_term(b[c]) if c in b else None for c in columns] for b in data["results"]["bindings"]]
    return Result(columns, rows)


def _term(value: dict[str, str]) -> Any:
    kind = value["type"]
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return ox.BlankNode(value["value"])
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"])
    return ox.Literal(value["value"], datatype=ox.NamedNode(value.get("datatype", XSD + "string")))
