"""The public Python face of armskg: ``armskg.load()`` returns a :class:`KnowledgeGraph`."""

from __future__ import annotations

import datetime as dt
import os
from keyword import iskeyword
from pathlib import Path

import pyoxigraph as ox

from armskg.build import compile_dataset, open_store
from armskg.build.answers import Answers, answer_named
from armskg.errors import ArmskgError, Name, ParameterError
from armskg.sparql.named import bind, finish, load_named
from armskg.sparql.results import Result
from armskg.sparql.terms import parse_date

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    import networkx as nx
    from matplotlib.figure import Figure

    from armskg import check as check_
    from armskg import release, reports
    from armskg.build.validate import ValidationReport
    from armskg.sparql.guard import Checked
    from armskg.sparql.named import NamedQuery
    from armskg.sparql.terms import Names

    Bindings = dict[ox.Variable, Any]


class KnowledgeGraph:
    """The compiled armskg dataset, ready to query."""

    def __init__(self, store: ox.Store, root: Path, answers: Answers | None = None) -> None:
        self.store = store
        self.root = root
        #: the answers the build stored for the named queries that take no parameter (build/answers.py)
        self.answers = answers
        #: the names of states, treaties, ... read once for the queries' parameters (the store is read-only)
        self.names: dict[str, Names] = {}

    def query(self, name: str, *, as_of: str | dt.date | None = None, **params: str | dt.date) -> Result:
        """Run a named query (or a .rq file) with parameters; ``as_of`` defaults to today, and is refused by
        a query that takes no date (``disputed-claims``, ``changes``). A parameter that is a Python keyword
        takes a trailing underscore (``from_=`` for the ``changes`` query's ``from``).

        >>> kg = load()
        >>> kg.query("parties-bordering", treaty="ottawa", state="Russia", as_of="2026-03-01").column("iso3")
        ['BLR', 'NOR', 'UKR']
        >>> kg.query("changes", from_="2026-02-19", to="2026-02-20", treaty="ottawa").values()[0]["date"]
        datetime.date(2026, 2, 20)
        """
        found = self.run(name, as_of=as_of, **params)
        if not isinstance(found, Result):  # a .rq file of the user's that is ASK, CONSTRUCT or DESCRIBE
            form = "an ASK" if isinstance(found, bool) else "a CONSTRUCT or DESCRIBE"
            raise ArmskgError(f"{name} is {form} query, and query gives a table: run it with kg.run(...)")
        return found

    def run(self, name: str, *, as_of: str | dt.date | None = None,
            **params: str | dt.date) -> Result | bool | list[ox.Triple]:
        """Run a named query, or a .rq file of your own whatever its form, with its header's parameters
        bound as :meth:`query` binds them: a :class:`Result` for SELECT (as :meth:`query` gives), a bool for
        ASK, a list of ``pyoxigraph.Triple`` for CONSTRUCT and DESCRIBE."""
        named, bindings = self._bind(name, as_of, params)
        if not named.user:
            return self._noted(answer_named(self.store, self.answers, named, bindings), named, bindings)
        # a .rq file a user wrote: guarded and confined like kg.sparql
        from armskg.sparql.adhoc import Budget, answer
        from armskg.sparql.guard import check

        checked = check(named.text)
        _refuse_computed(named, checked, bindings)
        found = _confined(lambda: answer(self.store, checked, bindings, Budget()))
        return self._noted(finish(found, named, bindings), named, bindings) if isinstance(found, Result) else found

    def query_endpoint(self, endpoint: str, name: str, *, as_of: str | dt.date | None = None,
                       graph: str | None = None, **params: str | dt.date) -> Result:
        """Run a named query on another SPARQL 1.1 endpoint (e.g. a store ``armskg push`` filled), with its
        parameters bound here as for :meth:`query`; ``graph`` is sent as the default-graph-uri."""
        from armskg.remote import select
        from armskg.sparql.named import bound_text

        named, bindings = self._bind(name, as_of, params)
        if named.user:  # a .rq file of the user's: the same refusal as here, before anything is sent
            from armskg.sparql.guard import check

            _refuse_computed(named, check(named.text), bindings)
        return self._noted(finish(select(endpoint, bound_text(named, bindings), graph), named, bindings), named,
                           bindings)

    def sparql_endpoint(self, endpoint: str, text: str, *, as_of: str | dt.date | None = None,
                        params: dict[str, str] | None = None, graph: str | None = None) -> Result:
        """Run an ad-hoc SELECT on another SPARQL 1.1 endpoint, guarded and with ``as_of`` and ``params``
        bound here as for :meth:`sparql` (``?as_of`` today by default), sent as ``VALUES``; ``graph`` is sent
        as the default-graph-uri."""
        from armskg.remote import select
        from armskg.sparql.adhoc import adhoc_bindings
        from armskg.sparql.guard import bind as bind_text
        from armskg.sparql.guard import check

        checked = check(text)
        bindings = adhoc_bindings(self.store, _adhoc_values(checked, as_of, params), self.names)
        bound = bind_text(checked, bindings)
        if bound is None:
            raise ArmskgError("this query has no WHERE group to bind its parameters in: write CONSTRUCT { ... } WHERE { ... }")
        return select(endpoint, bound, graph)

    def _noted(self, result: Result, named: NamedQuery, bindings: Bindings) -> Result:
        """The answer with the notes its reader must know (``Result.notes``): for each treaty it is asked
        about whose record was read before the as-of date, that acts since may be missing."""
        from armskg.sparql.named import notes

        result.notes = notes(self.store, named, bindings)
        return result

    def _bind(self, name: str, as_of: str | dt.date | None, params: dict[str, Any]) -> tuple[NamedQuery, Bindings]:
        named = load_named(self.root, name)
        # a parameter Python cannot name (``from``) is given with a trailing underscore (``from_``)
        values = {(k[:-1] if k.endswith("_") and iskeyword(k[:-1]) else k): _given(v, k) for k, v in (params or {}).items()}
        if as_of is not None:  # a date given to a query that takes none is refused, as on the command line
            if not named.dated:
                raise ParameterError(f"query {name!r} takes no ", Name("as_of"), ": " + named.why_no_date(keywords=True))
            values["as_of"] = _given(as_of, "as_of")
        try:
            return named, bind(self.store, named, values, self.names)
        except ParameterError as exc:  # name a keyword parameter as it is given here (``from_``)
            raise ParameterError(*(Name(p + "_") if isinstance(p, Name) and iskeyword(p) else p
                                   for p in exc.parts)) from None

    def sparql(self, text: str, *, as_of: str | dt.date | None = None, params: dict[str, str] | None = None,
               max_rows: int | None = None, max_bytes: int | None = None) -> Any:
        """Run an ad-hoc query over the whole dataset: a :class:`Result` for SELECT, a bool for ASK, a list
        of ``pyoxigraph.Triple`` for CONSTRUCT and DESCRIBE.

        The common prefixes (ak, rdf, rdfs, owl, xsd, skos, prov, dct, dcterms, ...) are declared; ``as_of``
        and ``params`` bind ``?as_of``, ``?state``, ``?treaty``, ... as RDF terms (a name is resolved
        as for the named queries). ``?as_of`` defaults to today, as for the named queries, unless the
        query gives it values itself (a triple pattern, GRAPH, VALUES, ``BIND (... AS ?as_of)``, ``(... AS
        ?as_of)``: read on the parsed query), where it is left to the query; a SELECT's :class:`Result`
        says the date bound (``as_of``). SERVICE, LOAD, updates and a FROM outside armskg's own graphs are
        refused, on the parsed query; the query runs in a thread that cannot open a network socket (on
        Linux). The answer may hold at most ``max_rows`` rows and ``max_bytes`` bytes of values.

        >>> kg = load()
        >>> kg.sparql("ASK { state:LTU ak:iso3 ?code }")
        True
        >>> rows = kg.sparql("SELECT ?t WHERE { ?t ak:terminationDate ?end FILTER (?end <= ?as_of) }")
        >>> rows.as_of == dt.date.today().isoformat(), "https://w3id.org/armskg/id/treaty/inf" in rows.column("t")
        (True, True)
        """
        from armskg.sparql.adhoc import MAX_BYTES, MAX_ROWS, Budget, adhoc_bindings, answer
        from armskg.sparql.guard import check

        checked = check(text)
        bindings = adhoc_bindings(self.store, _adhoc_values(checked, as_of, params), self.names)
        budget = Budget(max_rows or MAX_ROWS, max_bytes or MAX_BYTES)
        found = _confined(lambda: answer(self.store, checked, bindings, budget))
        day = bindings.get(ox.Variable("as_of"))
        if isinstance(found, Result) and "as_of" in checked.variables and isinstance(day, ox.Literal):
            found.as_of = day.value
        return found

    def changes(self, from_: str | dt.date, to: str | dt.date | None = None, *, treaty: str | None = None) -> reports.CitedReport:
        """Every change of status after ``from_`` and up to ``to`` (default today), with its act and sources.

        >>> kg = load()
        >>> print(kg.changes("2025-12-26", "2025-12-27", treaty="ottawa").render().splitlines()[2])
          2025-12-27  Estonia (EST), Anti-Personnel Mine Ban Convention: withdrawing → withdrawn
        >>> kg.changes(from_="2026-02-19", to="2026-02-20").data["changes"][0]["to_status"]
        'withdrawn'
        """
        from armskg import reports

        return reports.changes(self.store, self.root, from_, to if to is not None else dt.date.today(), treaty)

    def timeline(self, state: str, *, as_of: str | dt.date | None = None, treaty: str | None = None) -> reports.CitedReport:
        """What a state did, treaty by treaty in date order, with its status on ``as_of`` and the sources."""
        from armskg import reports

        return reports.timeline(self.store, self.root, state, as_of, treaty)

    def check(self, text: str | bytes, *, as_of: str | dt.date | None = None) -> check_.CheckReport:
        """Check a text's claims about treaty participation against the record as of ``as_of`` (else a
        ``date: YYYY-MM-DD`` line at the text's top, else today): each supported, contradicted or
        unverifiable, with the evidence. See :mod:`armskg.check`.

        >>> report = load().check("Russia has never signed the Ottawa Treaty.", as_of="2025-05-08")
        >>> [(c.quote, c.verdict, c.states, c.treaty) for c in report.claims]
        [('Russia has never signed the Ottawa Treaty', 'supported', ['RUS'], 'apmbc')]
        """
        from armskg.check import check

        return check(self, text, as_of)

    def stats(self, *, as_of: str | dt.date | None = None) -> tuple[Result, Result]:
        """The data report: per treaty (as known on ``as_of``) and per kind of fact, how many there are and
        the share with a source; per treaty also the parties (`not recorded` where the participation record
        is partial and the treaty in force) and the states `not recorded` on the date, and how complete the
        participation record is.

        >>> treaties, facts = load().stats(as_of="2026-03-01")
        >>> {r["treaty"]: (r["sourced_pct"], r["coverage"]) for r in treaties.values()}["apmbc"]
        (Decimal('100.0'), 'complete')
        """
        from armskg import reports

        return reports.stats(self.store, self.root, as_of)

    def push(self, endpoint: str, graph: str | None = None, replace: bool = False,
             progress: Callable[[int, int], None] | None = None) -> int:
        """Upload the graph to a SPARQL 1.1 Graph Store HTTP Protocol endpoint; returns the triples sent."""
        from armskg.remote import push

        return push(self.store, endpoint, graph, replace, progress)

    def dump(self, output: str | os.PathLike[str]) -> release.Dump:
        """Write a versioned, deterministic release of the graph into the folder ``output`` (new, empty, or
        an earlier dump): N-Quads, Turtle per named graph, JSON-LD, CSV tables, VoID/DCAT, the licences and
        notices, and SHA256SUMS. A folder holding anything armskg did not write is refused."""
        from armskg import release

        return release.dump(self.store, self.root, output)

    def validate(self) -> ValidationReport:
        """Validate the source files afresh (shapes and checks)."""
        return compile_dataset(self.root, timeline=False).report

    def plot_party_counts(self, treaties: str | Iterable[str], output: str | os.PathLike[str] | None = None, *,
                          as_of: str | dt.date | None = None) -> Figure:
        """Plot the parties at the end of each year, a line per treaty (``"apmbc,ccm"`` or a list names several).

        Writes ``output`` (.svg or .png) if given, and returns the matplotlib figure. Needs the extra
        ``pip install 'armskg[pictures]'``; see :mod:`armskg.pictures`.
        """
        from armskg.pictures import plot_party_counts

        return plot_party_counts(self, treaties, output, as_of=as_of)

    def plot_map(self, treaty: str, output: str | os.PathLike[str] | None = None, *,
                 as_of: str | dt.date | None = None, region: str = "world") -> Figure:
        """Map every state's status towards a treaty on a date (``region``: world, europe, baltic, ...).

        Writes ``output`` (.svg or .png) if given, and returns the matplotlib figure. Needs the extra
        ``pip install 'armskg[pictures]'``; see :mod:`armskg.pictures`.
        """
        from armskg.pictures import plot_status_map

        return plot_status_map(self, treaty, output, as_of=as_of, region=region)
    def to_networkx(self, view: str = "relations", *, treaty: str | list[str] | None = None,
                    as_of: str | dt.date | None = None, region: str | None = None) -> nx.MultiDiGraph:
        """A view of the graph as a networkx MultiDiGraph: ``relations`` (states, treaties and
        organisations; party-to, consented-to, signatory-of, withdrew-from, member-of and borders edges
        with their dates), ``borders`` (states with their status towards each treaty on ``as_of``), or
        ``rdf`` (one node per resource, one edge per triple). Nodes are keyed by IRI.

        >>> kg = load()
        >>> g = kg.to_networkx(treaty="ottawa", as_of="2026-03-01", region="LTU:0")
        >>> sorted(kind for _, _, kind in g.edges(data="kind"))  # the EU and NATO; Ottawa left in 2025
        ['member-of', 'member-of', 'withdrew-from']
        """
        from armskg import export

        return export.view(self.store, view, export.filters(self.store, _names(treaty), as_of, region)).to_networkx()

    def export(self, fmt: str, *, view: str = "relations", treaty: str | list[str] | None = None,
               as_of: str | dt.date | None = None, region: str | None = None) -> bytes:
        """A view exported for a graph viewer: graphml, gexf, cytoscape, dot, jsonld or html (bytes); the
        ``map`` view (html only) is the map through time."""
        from armskg import export

        return export.render(self.store, fmt, view, export.filters(self.store, _names(treaty), as_of, region), self.root)

    def __len__(self) -> int:
        return len(self.store)


_SANDBOX: list[Any] = []


def _confined(job: Callable[[], Any]) -> Any:
    """Run a user's query in armskg's one query thread, which cannot open network sockets (seccomp, Linux),
    so that a SERVICE the guard missed reaches nothing; the rest of the caller's process is unaffected."""
    if not _SANDBOX:
        import threading
        from concurrent.futures import ThreadPoolExecutor

        from armskg.sandbox import no_network

        threading.stack_size(64 * 1024 * 1024)  # the engine recurses on deep queries: as the main thread has
        try:
            _SANDBOX.append(ThreadPoolExecutor(1, "armskg-query", initializer=no_network))
            _SANDBOX[0].submit(lambda: None).result()
        finally:
            threading.stack_size(0)
    return _SANDBOX[0].submit(job).result()


def _names(value: str | list[str] | None) -> list[str] | None:
    return [value] if isinstance(value, str) else value


def _refuse_computed(named: NamedQuery, checked: Checked, bindings: Bindings) -> None:
    """Refuse a value bound to a variable a user's .rq file sets itself after AS while its ``#+ params:``
    header declares it: bound beside the query's own ``AS ?name``, the engine's syntax error came back,
    whatever was given, here or at another endpoint."""
    clash = sorted(v.value for v in bindings if v.value in checked.computed)
    if clash:
        raise ArmskgError(f"query {named.name!r}: its '#+ params:' header makes ?{clash[0]} a parameter, but "
                          f"the query sets it itself (AS ?{clash[0]})")


def _adhoc_values(checked: Checked, as_of: str | dt.date | None, params: dict[str, str] | None) -> dict[str, str]:
    """An ad-hoc query's parameters as text: ``params``, and ``as_of`` (today if not given, as a named query's
    default, where the query reads ``?as_of`` and gives it no value itself: left unbound, it answers nothing).
    A value for a variable the query does not mention is refused (on the parsed query), as an unknown
    parameter of a named query is."""
    values = {k: str(v) for k, v in (params or {}).items()}
    if as_of is not None:
        values["as_of"] = _given(as_of, "as_of")
    for name in values:  # a value the query would not read: dropped without a word, the answer looked bound
        if name not in checked.variables:
            raise ParameterError(Name(name), f" was given, but the query has no ?{name}: it would change nothing")
        if name in checked.computed:  # bound beside the query's own AS ?name, the engine's syntax error came back
            raise ParameterError(Name(name), f" cannot be given: the query sets ?{name} itself (AS ?{name})")
    if "as_of" not in values and "as_of" in checked.variables and "as_of" not in checked.assigned:
        values["as_of"] = "today"
    return values


def _given(value: Any, name: str) -> str:
    """A value given for a parameter, as the command line would give it: a date (a datetime, a pandas
    Timestamp) as its day in ISO form, anything else as its string."""
    return parse_date(value, name).isoformat() if isinstance(value, dt.date) else str(value)


def load(root: str | os.PathLike[str] | None = None, artifact: str | os.PathLike[str] | None = None,
         in_memory: bool = True) -> KnowledgeGraph:
    """Open armskg's graph, building the compiled artifact first if needed.

    By default the graph is copied into memory, which suits many queries (a notebook); ``in_memory=False``
    reads it on disk, which suits one (the command line).
    """
    store, base, answers = open_store(root, artifact, in_memory)
    return KnowledgeGraph(store, base, answers)


__all__ = ["KnowledgeGraph", "Result", "load"]
