"""Answer one SPARQL request over a read-only store, in the format a client asks for (the work that
``armskg serve`` hands to its worker processes)."""

from __future__ import annotations

import pyoxigraph as ox

from armskg.build.answers import Answers, answer_named
from armskg.errors import ArmskgError
from armskg.sparql.named import NamedQuery, bind, load_named, named_queries, notes
from armskg.sparql.results import SPARQL_FORMATS, NotXml, Result
from armskg.vocab import PREFIXES

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from pathlib import Path

    from armskg.sparql.terms import Names

#: What a client may ask for, best first when it does not mind: media type -> short name.
TABLE_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
#: Media types clients ask for a graph by that armskg answers in a format of its own (last, so that they
#: never win a wildcard): a program that asks for JSON gets JSON-LD, which is JSON; Turtle is N3.
OTHER_GRAPH_TYPES = {"application/json": "jsonld", "text/n3": "turtle", "text/rdf+n3": "turtle"}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",  # what rdflib's SPARQLStore and SPARQLWrapper ask for by default
    "application/x-turtle": "turtle",
    "text/plain": "ntriples",
    **OTHER_GRAPH_TYPES,
}
#: The ``format=`` parameter's short names, for links a browser follows.
SHORT_NAMES = {"json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml"}
#: Other names clients put in ``format=`` for a graph answer (CONSTRUCT, DESCRIBE): SPARQLWrapper sends its
#: return format there as well as in Accept (``n3``, ``json-ld``, ``rdf+xml``, and ``xml`` or ``json`` when a
#: program asks a CONSTRUCT for XML or JSON), and for some formats its Accept list after it
#: (``format=json-ld&format=application/ld+json,application/x-json+ld``): media types are read as Accept is.
GRAPH_ALIASES = {"n3": "turtle", "ttl": "turtle", "nt": "ntriples", "json-ld": "jsonld", "json": "jsonld",
                 "rdf+xml": "rdfxml", "rdf": "rdfxml", "xml": "rdfxml"}
_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
          "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ntriples": "application/n-triples",
          "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}
_RDF = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML}


class Refused(ArmskgError):
    """A request the endpoint will not answer, with the HTTP status that says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def negotiate(accept: str | None, offered: dict[str, str]) -> str:
    """Pick the short name of the offered media type the Accept header prefers (q-values, ``type/*``,
    ``*/*``); the first offered when the header is missing; 406 when nothing offered is acceptable.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", TABLE_TYPES)
    'xml'
    >>> negotiate("text/html,application/xhtml+xml,*/*;q=0.8", TABLE_TYPES)
    'json'
    >>> negotiate("text/*", GRAPH_TYPES)
    'turtle'
    """
    if not accept or not accept.strip():
        return next(iter(offered.values()))
    ranges = []
    for part in accept.split(","):
        kind, *args = (p.strip() for p in part.split(";"))
        q = 1.0
        for arg in args:
            key, _, value = arg.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((kind.lower(), q))
    best, best_q = None, 0.0
    for media, short in offered.items():
        major = media.split("/")[0]
        q, specific = 0.0, -1
        for kind, kq in ranges:
            rank = 2 if kind == media else 1 if kind == f"{major}/*" else 0 if kind == "*/*" else -1
            if rank > specific:
                q, specific = kq, rank
        if q > best_q:
            best, best_q = short, q
    if best is None:
        raise Refused(406, f"none of the formats asked for ({accept[:80]}) is offered: {', '.join(offered)}")
    return best


def choose(fmt: str | None, accept: str | None, offered: dict[str, str]) -> str:
    """The format given by a ``format=`` parameter when it fits the answer (a short name, another client's
    name for it, or media types read as an Accept header is), else by the Accept header; 400 when the
    parameter fits nothing offered.

    >>> choose("application/ld+json,application/x-json+ld", None, GRAPH_TYPES)
    'jsonld'
    >>> choose("n3", "text/turtle", GRAPH_TYPES), choose("xml", None, GRAPH_TYPES), choose("xml", None, TABLE_TYPES)
    ('turtle', 'rdfxml', 'xml')
    """
    if not fmt:
        return negotiate(accept, offered)
    shorts = set(offered.values())
    short = fmt
    if "/" in fmt:  # one media type, or a list of them as an Accept header gives them
        try:
            return negotiate(fmt, offered)
        except Refused:
            pass
    elif fmt not in shorts and "rdfxml" in shorts:
        short = GRAPH_ALIASES.get(fmt, fmt)
    if short not in shorts:
        raise Refused(400, f"format {fmt[:40]!r} does not fit this answer: use one of {', '.join(sorted(shorts))}")
    return short


def table_body(result: Result, short: str) -> bytes:
    """A SELECT result as SPARQL 1.1 Query Results JSON, XML, CSV (CRLF line ends) or TSV, written by
    pyoxigraph's serializers (:meth:`Result.serialize`). XML 1.0 cannot carry some characters even escaped:
    an answer that holds one is refused in XML (406), never altered."""
    try:
        return result.serialize(short)
    except NotXml as exc:
        raise Refused(406, str(exc)) from None


def boolean_body(answer: ox.QueryBoolean, short: str) -> bytes:
    """An ASK result in the chosen format, written by pyoxigraph's serializer (CSV and TSV: the bare word)."""
    return answer.serialize(format=SPARQL_FORMATS[short]) or b""


class Answerer:
    """Answers queries over one read-only store; keeps the named queries and the names between requests."""

    def __init__(self, store: ox.Store, root: Path, max_rows: int, max_bytes: int = 64 * 1024 * 1024,
                 answers: Answers | None = None) -> None:
        self.store, self.root, self.max_rows, self.max_bytes = store, root, max_rows, max_bytes
        #: the answers the build stored for the named queries that take no parameter (build/answers.py)
        self.answers = answers
        self.names: dict[str, Names] = {}
        self.named: dict[str, NamedQuery] = {name: load_named(root, name) for name in named_queries(root)}

    def sparql(self, text: str, accept: str | None, fmt: str | None = None,
               default_graphs: list[str] | None = None, named_graphs: list[str] | None = None) -> tuple[str, bytes]:
        """Guard and run a query (sparql.guard, here in the worker, under the time limit); return the media
        type and the body."""
        from armskg.sparql.adhoc import Budget, execute, read_rows, read_triples
        from armskg.sparql.guard import check, own_graphs

        checked = check(text)
        default_graphs = own_graphs(default_graphs, "default-graph-uri")
        named_graphs = own_graphs(named_graphs, "named-graph-uri")
        budget = Budget(self.max_rows, self.max_bytes, "this endpoint's")
        answer = execute(self.store, checked, None, default_graphs, named_graphs)
        try:
            if isinstance(answer, ox.QueryBoolean):
                short = choose(fmt, accept, TABLE_TYPES)
                return _MEDIA[short], boolean_body(answer, short)
            if isinstance(answer, ox.QuerySolutions):
                short = choose(fmt, accept, TABLE_TYPES)
                return _MEDIA[short], self._sized(table_body(read_rows(answer, budget), short))
            short = choose(fmt, accept, GRAPH_TYPES)
            triples = read_triples(answer, budget)
        except OSError as exc:
            raise Refused(400, f"the query failed: {str(exc).splitlines()[0] if str(exc) else 'read error'}") from None
        prefixes = PREFIXES if short in ("turtle", "rdfxml") else None
        return _MEDIA[short], self._sized(ox.serialize(triples, format=_RDF[short], prefixes=prefixes) or b"")

    def _sized(self, body: bytes) -> bytes:
        if len(body) > self.max_bytes:
            raise Refused(400, f"the answer is larger than this endpoint's limit ({self.max_bytes // (1024 * 1024)} "
                               "MiB): add a LIMIT or narrow the query")
        return body

    def named_query(self, name: str, values: dict[str, str], accept: str | None,
                    fmt: str | None = None) -> tuple[str, bytes, list[str]]:
        """Run a named query with parameters given as strings, bound as the command line binds them; with
        the answer, the notes its reader must know (:func:`armskg.sparql.named.notes`)."""
        if name not in self.named:
            raise Refused(404, f"unknown query {name[:60]!r}; known: {', '.join(self.named)}")
        named = self.named[name]
        values = {key.replace("-", "_"): value for key, value in values.items()}
        short = choose(fmt, accept, TABLE_TYPES)
        bindings = bind(self.store, named, values, self.names)
        result = answer_named(self.store, self.answers, named, bindings)
        if len(result.rows) > self.max_rows:
            raise self._too_many()
        return _MEDIA[short], self._sized(table_body(result, short)), notes(self.store, named, bindings)

    def _too_many(self) -> Refused:
        return Refused(400, f"the answer has more than {self.max_rows} rows, this endpoint's limit: add a LIMIT")

