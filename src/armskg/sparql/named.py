"""Named queries: read their headers, bind parameters safely, run them."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pyoxigraph as ox

from armskg.errors import ArmskgError, Name, ParameterError
from armskg.resources import queries_dir
from armskg.sparql.results import Result
from armskg.sparql.status import require_complete
from armskg.sparql.terms import Names, date_literal, names_of, parse_date
from armskg.sparql.text import compiled, select, with_values
from armskg.vocab import XSD

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


# Plain classes rather than dataclasses or typing.NamedTuple: this module is on every query's path,
# and importing dataclasses (with inspect) or typing costs more than a whole query (docs/benchmarks.md).
class Param:
    """A declared parameter of a named query."""

    __slots__ = ("default", "name", "required", "type", "var")

    def __init__(self, name: str, type: str, default: str | None = None, required: bool = True,
                 var: str | None = None) -> None:
        self.name, self.type, self.default, self.required = name, type, default, required
        #: The SPARQL variable it binds (default: its name), when a result column already has the name.
        self.var = var or name

class NamedQuery:
    """A SPARQL query with its header."""

    __slots__ = ("complete", "lists", "name", "order", "ordered", "params", "summary", "text", "types", "user")

    def __init__(self, name: str, text: str, summary: str = "", params: tuple[Param, ...] = (),
                 user: bool = False, complete: tuple[str, ...] = (), order: tuple[str, ...] = (),
                 ordered: tuple[str, ...] = (), lists: tuple[str, ...] = (),
                 types: dict[str, str] | None = None) -> None:
        self.name, self.text, self.summary, self.params = name, text, summary, params
        #: a query file a user wrote (not one of queries/): guarded and run as ad-hoc SPARQL
        self.user = user
        #: the parameters that must name a treaty whose participation record is complete (never-joined)
        self.complete = complete
        #: the columns armskg sorts the rows by (``#+ order:``), after whichever engine answered (see finish)
        self.order = order
        #: date parameters that must come in this order (``#+ ordered: from, to``): a window that ends before
        #: it starts is bad input, never an empty answer
        self.ordered = ordered
        #: the columns whose values are sets of words, e.g. a GROUP_CONCAT of source URLs (``#+ lists:``):
        #: GROUP_CONCAT's order is each engine's (and each store's) own, so armskg sorts the words (see finish)
        self.lists = lists
        #: the type of each column that has one (``#+ types: since: date``), which an answer keeps even when
        #: it has no value to show it: an empty answer's dates are still dates in a DataFrame
        self.types = types or {}

    @property
    def dated(self) -> bool:
        """Whether the query takes a date (``as_of``): a date given to one that does not is refused."""
        return any(p.name == "as_of" for p in self.params)

    def why_no_date(self, keywords: bool = False) -> str:
        """The end of the refusal of a date given to this query, which takes none: what it takes instead
        (a Python keyword with a trailing underscore, as the API takes it, with ``keywords``), or that it
        asks the same on any day."""
        from keyword import iskeyword

        taken = ", ".join(p.name + "_" if keywords and iskeyword(p.name) else p.name for p in self.params)
        return f"its parameters are {taken}" if taken else "it asks the same of the graph on any day"

    def column_types(self, columns: list[str]) -> dict[str, str]:
        """The declared types of those of ``columns`` that have one (``Result.types``)."""
        return {c: t for c, t in self.types.items() if c in columns}

    @property
    def hidden(self) -> frozenset[str]:
        """The variables that only carry parameters, left out of the answer."""
        return frozenset(p.var for p in self.params)

def parse_header(name: str, text: str) -> NamedQuery:
    """Read the ``#+ key: value`` lines at the top of a query file."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#+"):
            break
        key, _, value = line[2:].partition(":")
        header[key.strip()] = value.strip()
    params = []
    for pname, spec in parse_params(name, header.get("params", "")).items():
        default = spec.get("default")
        params.append(Param(pname, spec.get("type", "string"), None if default is None else str(default),
                            required=spec.get("optional") != "true" and default is None, var=spec.get("var")))
    complete = tuple(filter(None, (p.strip() for p in header.get("complete", "").split(","))))
    order, ordered, lists = (tuple(filter(None, (c.strip() for c in header.get(key, "").split(","))))
                             for key in ("order", "ordered", "lists"))
    types = {column.strip(): kind.strip() for column, _, kind in
             (item.partition(":") for item in header.get("types", "").split(",") if item.strip())}
    return NamedQuery(name, text, header.get("summary", ""), tuple(params), complete=complete, order=order,
                      ordered=ordered, lists=lists, types=types)

_PARAM = r"\s*([a-z_][a-z0-9_]*)\s*:\s*\{([^{}]*)\}\s*(?:,|$)"

def parse_params(name: str, text: str) -> dict[str, dict[str, str]]:
    """Parse the header's ``{name: {key: value, ...}, ...}`` (one level, plain scalars).

    >>> parse_params("q", "{treaty: {type: treaty}, as_of: {type: date, default: today}}")
    {'treaty': {'type': 'treaty'}, 'as_of': {'type': 'date', 'default': 'today'}}
    """
    body = text.strip()
    if not body:
        return {}
    if not (body.startswith("{") and body.endswith("}")):
        raise ArmskgError(f"query {name!r}: its '#+ params:' header is not a {{...}} mapping")
    params: dict[str, dict[str, str]] = {}
    position, inner = 0, body[1:-1]
    while position < len(inner.rstrip()):
        match = compiled(_PARAM).match(inner, position)
        if not match:
            raise ArmskgError(f"query {name!r}: cannot read its '#+ params:' header near {inner[position:][:30]!r}")
        spec = {}
        for item in filter(None, (part.strip() for part in match.group(2).split(","))):
            key, _, value = item.partition(":")
            spec[key.strip()] = value.strip()
        params[match.group(1)] = spec
        position = match.end()
    return params

def named_queries(root: Path) -> dict[str, Path]:
    """Every named query file under queries/ (not the rules or checks)."""
    return {p.stem: p for p in sorted(queries_dir(root).glob("*.rq"))}

def load_named(root: Path, name: str) -> NamedQuery:
    """Find a named query by name, or read a query file given by path."""
    if name.endswith(".rq"):
        path = Path(name)
        if not path.is_file():
            raise ArmskgError(f"no query file {name}")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ArmskgError(f"cannot read {name}: {getattr(exc, 'strerror', None) or exc}") from None
        query = parse_header(path.stem, text)
        query.user = True
        return query
    known = named_queries(root)
    if name not in known:
        import difflib

        close = difflib.get_close_matches(name, list(known), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(known)}"
        raise ArmskgError(f"unknown query {name!r}{hint}")
    return parse_header(name, known[name].read_text(encoding="utf-8"))

def bind(store: ox.Store, query: NamedQuery, values: dict[str, str],
         names: dict[str, Names] | None = None) -> dict[ox.Variable, Any]:
    """Turn user-given strings into RDF terms, checked against the declared types.

    ``names`` keeps the names of each kind between calls, for a process that answers many queries over
    one read-only store (``armskg serve``): looking them up costs more than most queries.
    """
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise ParameterError(f"query {query.name!r} has no parameter {unknown[0]!r} (parameters: {known})")
    bound: dict[ox.Variable, Any] = {}
    for param in query.params:
        raw = values.get(param.name, param.default)
        if raw is None:
            if param.required:
                raise ParameterError(f"query {query.name!r} needs ", Name(param.name), "=...")
            continue
        bound[ox.Variable(param.var)] = _term(store, param, raw, names)
    for name in query.complete:
        term = bound.get(ox.Variable(declared[name].var)) if name in declared else None
        if term is not None:
            require_complete(store, term, query.name)
    dates = [(name, bound.get(ox.Variable(declared[name].var))) for name in query.ordered if name in declared]
    for (earlier, first), (later, last) in pairwise(dates):
        if first is not None and last is not None and first.value > last.value:  # ISO dates: text order is date order
            raise ParameterError("", Name(earlier), f" {first.value} is after ", Name(later), f" {last.value}")
    return bound

def _term(store: ox.Store, param: Param, raw: str, names: dict[str, Names] | None) -> Any:
    if param.type == "date":
        return date_literal(parse_date(raw, param.name))
    if param.type in ("state", "treaty", "organisation", "statement"):
        if names is None:
            return names_of(store, param.type).resolve(raw)
        if param.type not in names:
            names[param.type] = names_of(store, param.type)
        return names[param.type].resolve(raw)
    if param.type == "integer":
        if not re.fullmatch(r"-?\d{1,9}", raw):
            raise ParameterError("bad ", Name(param.name), f" {raw[:40]!r}: expected a whole number")
        return ox.Literal(raw, datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(raw)

def run(store: ox.Store, text: str, bindings: dict[ox.Variable, Any] | None = None,
        hidden: frozenset[str] = frozenset()) -> Result:
    """Run a SELECT query over the union of the dataset's graphs, with parameters bound, leaving out the
    ``hidden`` columns (those that only carry parameters) as the rows are read."""
    solutions = select(store, text, bindings)
    variables = [v.value for v in solutions.variables]
    keep = [i for i, c in enumerate(variables) if c not in hidden]
    rows = [[solution[i] for i in keep] for solution in solutions]  # by index: 15% faster than by name
    return Result([variables[i] for i in keep], rows)

def bound_text(query: NamedQuery, bindings: dict[ox.Variable, Any]) -> str:
    """The query's text with its parameters bound by VALUES blocks, to send to another SPARQL endpoint."""
    return with_values(query.text, bindings)

def finish(result: Result, query: NamedQuery, bindings: dict[ox.Variable, Any]) -> Result:
    """Sort the words of the header's ``#+ lists:`` columns and the rows by its ``#+ order:`` columns, drop
    the columns that only carry parameters and note the as-of date, as every named query's answer is shown,
    whichever engine ran it."""
    for column in query.lists:
        sort_words(result, column, query.name)
    if query.order:
        sort_rows(result, query.order, query.name)
    hidden = {p.var for p in query.params}
    keep = [i for i, c in enumerate(result.columns) if c not in hidden]
    if len(keep) < len(result.columns):
        result.columns = [result.columns[i] for i in keep]
        result.rows = [[row[i] for i in keep] for row in result.rows]
    as_of_term = bindings.get(ox.Variable("as_of"))
    result.as_of = as_of_term.value if as_of_term is not None else None
    result.types = query.column_types(result.columns)
    return result

def sort_words(result: Result, column: str, name: str) -> None:
    """Put the space-separated words of each value in ``column`` in code-point order, once each: SPARQL
    leaves GROUP_CONCAT's order to the engine, and pyoxigraph's follows how the store was filled, so the
    same sources came in another order from the build's store than from the artifact."""
    if column not in result.columns:
        raise ArmskgError(f"query {name!r}: its '#+ lists:' names {column!r}, not one of its columns")
    i = result.columns.index(column)
    for row in result.rows:
        term = row[i]
        if isinstance(term, ox.Literal) and " " in term.value:
            words = " ".join(sorted(set(term.value.split())))
            if words != term.value:
                row[i] = ox.Literal(words, datatype=term.datatype) if not term.language else ox.Literal(
                    words, language=term.language)

def _order_key(term: Any) -> tuple[int, str]:
    # SPARQL's order (18.1.5): unbound, then blank nodes, then IRIs, then literals; within each, the string
    return (0, "") if term is None else (
        3 if isinstance(term, ox.Literal) else 2 if isinstance(term, ox.NamedNode) else 1, term.value)

def sort_rows(result: Result, columns: tuple[str, ...], name: str) -> None:
    """Sort the rows by the given columns, each by its string, as SPARQL's ORDER BY sorts plain strings
    (by code point; unbound first); equal rows keep the engine's order.

    For a query whose every row is a string (``#+ order:``): pyoxigraph's ORDER BY reads every string it
    compares afresh from the store, which cost disputed-claims' 21,000 rows at 8 times the graph most of
    their time (docs/benchmarks.md); Python sorts them in a tenth of that.
    """
    missing = [c for c in columns if c not in result.columns]
    if missing:
        raise ArmskgError(f"query {name!r}: its '#+ order:' names {missing[0]!r}, not one of its columns")
    # one stable sort per column, the last first: a key of one string sorts 21,000 rows in 27 ms, a tuple
    # of (kind, string) pairs for every column in 66 ms
    for i in reversed([result.columns.index(c) for c in columns]):
        result.rows.sort(key=_column_key(i, all(type(row[i]) is ox.Literal for row in result.rows)))

def _column_key(i: int, literals: bool) -> Callable[[list[Any]], Any]:
    """The sort key of column ``i``: its string where every value is a literal, else SPARQL's kind first."""
    if literals:
        return lambda row: row[i].value
    return lambda row: _order_key(row[i])

def notes(store: ox.Store, query: NamedQuery, bindings: dict[ox.Variable, Any]) -> list[str]:
    """What a reader of the answer must know: for each treaty the query is asked about whose participation
    record was read before the as-of date, that acts since may be missing (the API's ``Result.notes``, the
    command line's ``note:`` lines, the endpoint's ``Armskg-Notes`` header). A query over a window of dates
    (``#+ ordered: from, to``: changes) reaches up to the window's last date, which is its as-of date."""
    from armskg.sparql.status import record_notes

    as_of = bindings.get(ox.Variable("as_of"))
    if as_of is None and query.ordered:
        last = {p.name: p.var for p in query.params}.get(query.ordered[-1])
        as_of = bindings.get(ox.Variable(last)) if last else None
    treaties = [term.value for p in query.params if p.type == "treaty"
                for term in [bindings.get(ox.Variable(p.var))] if isinstance(term, ox.NamedNode)]
    return record_notes(store, treaties, as_of.value if isinstance(as_of, ox.Literal) else None)

def run_named(store: ox.Store, query: NamedQuery, bindings: dict[ox.Variable, Any]) -> Result:
    """Run a named query with its parameters bound, as every local engine answers it (API, endpoint)."""
    return finish(run(store, query.text, bindings, query.hidden), query, bindings)
