"""Ad-hoc SPARQL (``-e``, a user's .rq file, ``kg.sparql``, the endpoint): guarded, with the common prefixes
predeclared, parameters bound as RDF terms, and the answer read within a budget of rows and bytes."""

from __future__ import annotations

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.sparql.guard import ADHOC_PREFIXES, Checked, bind
from armskg.sparql.results import Result

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from typing import Any

    from armskg.sparql.terms import Names

#: What an ad-hoc query may return by default: rows (or triples), and bytes of values.
MAX_ROWS = 1_000_000
MAX_BYTES = 256 * 1024 * 1024

#: The type of an ad-hoc query's parameter, by its name (as the named queries name theirs).
_TYPES = {"state": "state", "left": "treaty", "bound": "treaty", "treaty": "treaty", "alliance": "organisation",
          "organisation": "organisation", "org": "organisation", "statement": "statement", "as_of": "date",
          "from": "date", "to": "date", "date": "date"}


class Budget:
    """How much of an answer may be read: rows (or triples), and bytes of the values in them."""

    __slots__ = ("max_bytes", "max_rows", "where")

    def __init__(self, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES, where: str = "armskg's") -> None:
        self.max_rows, self.max_bytes, self.where = max_rows, max_bytes, where

    def exceeded(self, what: str) -> ArmskgError:
        if what == "rows":
            return ArmskgError(f"the answer has more than {self.max_rows} rows, {self.where} limit: add a LIMIT")
        return ArmskgError(f"the answer is larger than {self.where} limit ({self.max_bytes // (1024 * 1024)} MiB "
                           "of values): add a LIMIT or narrow the query")


def _size(term: Any) -> int:
    value = getattr(term, "value", None)
    return len(value) if isinstance(value, str) else len(str(term))


def read_rows(solutions: ox.QuerySolutions, budget: Budget) -> Result:
    """Read a SELECT's rows within the budget."""
    columns = [v.value for v in solutions.variables]
    rows: list[list[Any]] = []
    size = 0
    for solution in solutions:
        row = [solution[i] for i in range(len(columns))]
        size += sum(_size(t) for t in row if t is not None)
        if len(rows) >= budget.max_rows:
            raise budget.exceeded("rows")
        if size > budget.max_bytes:
            raise budget.exceeded("bytes")
        rows.append(row)
    return Result(columns, rows)


def read_triples(triples: ox.QueryTriples, budget: Budget) -> list[ox.Triple]:
    """Read a CONSTRUCT's or DESCRIBE's triples within the budget."""
    out: list[ox.Triple] = []
    size = 0
    for triple in triples:
        size += _size(triple.subject) + _size(triple.predicate) + _size(triple.object)
        if len(out) >= budget.max_rows:
            raise budget.exceeded("rows")
        if size > budget.max_bytes:
            raise budget.exceeded("bytes")
        out.append(triple)
    return out


def execute(store: ox.Store, checked: Checked, bindings: dict[ox.Variable, Any] | None = None,
            default_graphs: list[str] | None = None, named_graphs: list[str] | None = None) -> Any:
    """Start a guarded query: pyoxigraph's lazy answer (solutions, triples or a boolean).

    The default graph is the union of the dataset's graphs, unless the query (FROM, FROM NAMED) or the
    protocol (default-graph-uri, named-graph-uri) names graphs, which the guard has checked are armskg's own:
    then the dataset is the one named, and a default graph not named is empty (SPARQL 1.1 Query 13.2,
    Protocol 2.1.4), whether the query or the request names the graphs.
    """
    options: dict[str, Any] = {"use_default_graph_as_union": not (default_graphs or named_graphs or checked.dataset),
                               "prefixes": ADHOC_PREFIXES}
    if default_graphs or named_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs or ()]
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    text = checked.text
    if bindings:
        bound = bind(checked, bindings)
        if bound is None:
            options["substitutions"] = {v: t for v, t in bindings.items() if v.value in checked.variables}
        else:
            text = bound
    try:
        return store.query(text, **options)
    except SyntaxError as exc:
        raise ArmskgError(f"SPARQL syntax error: {str(exc).splitlines()[0] if str(exc) else 'unreadable query'}") from None
    except (ValueError, TypeError, RuntimeError) as exc:
        raise ArmskgError(f"bad query: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None


def answer(store: ox.Store, checked: Checked, bindings: dict[ox.Variable, Any] | None = None,
           budget: Budget | None = None) -> Result | bool | list[ox.Triple]:
    """Run a guarded query: a Result (SELECT), a bool (ASK) or a list of triples (CONSTRUCT, DESCRIBE)."""
    budget = budget or Budget()
    found = execute(store, checked, bindings)
    failure = None
    try:
        if isinstance(found, ox.QueryBoolean):
            return bool(found)
        if isinstance(found, ox.QuerySolutions):
            return read_rows(found, budget)
        return read_triples(found, budget)
    except ArmskgError as exc:
        failure = str(exc)
    except OSError as exc:  # the engine's own failure (a SERVICE the second wall stopped, a read error)
        failure = f"the query failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
    finally:
        # pyoxigraph's answers must be dropped in the thread that made them: nothing (no traceback) may
        # carry this one to the caller's thread
        del found
    raise ArmskgError(failure)


#: The RDF formats a CONSTRUCT or DESCRIBE answer is written in.
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                 "rdfxml": ox.RdfFormat.RDF_XML}


def graph_bytes(triples: list[ox.Triple], fmt: str) -> bytes:
    """A CONSTRUCT's or DESCRIBE's triples as Turtle (with armskg's prefixes), N-Triples, JSON-LD or RDF/XML."""
    from armskg.vocab import PREFIXES

    prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
    return ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes) or b""


def adhoc_bindings(store: ox.Store, values: dict[str, str], names: dict[str, Names] | None = None) -> dict[ox.Variable, Any]:
    """Bind ``-p key=value`` (and ``--as-of``) for an ad-hoc query: the type comes from the name, as in
    the named queries (``state``, ``treaty``, ``alliance``, ``statement``, ``as_of``/``from``/``to``: a
    date); any other name binds a plain string. The variable is the name (``?state``)."""
    from armskg.sparql.named import NamedQuery, Param, bind

    params = []
    for key in values:
        if not key.isidentifier() or not key.isascii():
            raise ArmskgError(f"bad parameter name {key[:40]!r}: use letters, digits and _")
        params.append(Param(key, _TYPES.get(key, "string"), required=False))
    return bind(store, NamedQuery("-e", "", params=tuple(params)), values, names)
