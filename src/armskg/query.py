"""Named queries: read their headers, bind parameters safely, run them, format the results."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.names import Names, names_of
from armskg.namespaces import GRAPH, XSD
from armskg.resources import queries_dir
from armskg.store import compiled, date_literal, select, sparql_keywords, with_values

FORMATS = ("table", "csv", "tsv", "json", "md")


TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
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

    __slots__ = ("name", "params", "summary", "text")

    def __init__(self, name: str, text: str, summary: str = "", params: tuple[Param, ...] = ()) -> None:
        self.name, self.text, self.summary, self.params = name, text, summary, params

    @property
    def hidden(self) -> frozenset[str]:
        """The variables that only carry parameters, left out of the answer."""
        return frozenset(p.var for p in self.params)


class Result:
    """Rows of a SELECT query, with their column names in order; iterating yields dicts of strings."""

    def __init__(self, columns: list[str], rows: list[list[Any]] | None = None, as_of: str | None = None) -> None:
        self.columns = columns
        self.rows = rows or []
        self.as_of = as_of

    def __repr__(self) -> str:
        return f"Result(columns={self.columns!r}, rows={len(self.rows)}, as_of={self.as_of!r})"

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):  # type: ignore[no-untyped-def]
        for row in self.rows:
            yield {c: (t.value if t is not None else None) for c, t in zip(self.columns, row)}

    def __getitem__(self, index: int) -> dict[str, str | None]:
        row = self.rows[index]
        return {c: (t.value if t is not None else None) for c, t in zip(self.columns, row)}

    def column(self, name: str) -> list[str | None]:
        """Every value of one column."""
        return [row[name] for row in self]


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
    return NamedQuery(name, text, header.get("summary", ""), tuple(params))


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
        return parse_header(path.stem, guard(path.read_text(encoding="utf-8")))
    known = named_queries(root)
    if name not in known:
        import difflib

        close = difflib.get_close_matches(name, list(known), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(known)}"
        raise ArmskgError(f"unknown query {name!r}{hint}")
    return parse_header(name, known[name].read_text(encoding="utf-8"))


def parse_date(text: str | dt.date, what: str = "date") -> dt.date:
    """Parse a strict ISO date (YYYY-MM-DD) or 'today'; a date is returned as it is."""
    if isinstance(text, dt.date):
        return text
    if text == "today":
        return dt.date.today()
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.replace("-", "").isdigit():
        raise ArmskgError(f"bad {what} {text[:40]!r}: expected YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ArmskgError(f"bad {what} {text!r}: {exc}") from None


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
        raise ArmskgError(f"query {query.name!r} has no parameter {unknown[0]!r} (parameters: {known})")
    bound: dict[ox.Variable, Any] = {}
    for param in query.params:
        raw = values.get(param.name, param.default)
        if raw is None:
            if param.required:
                raise ArmskgError(f"query {query.name!r} needs -p {param.name}=...")
            continue
        bound[ox.Variable(param.var)] = _term(store, param, raw, names)
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
            raise ArmskgError(f"bad {param.name} {raw[:40]!r}: expected a whole number")
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
    """Drop the columns that only carry parameters and note the as-of date, as every named query's
    answer is shown, whichever engine ran it."""
    hidden = {p.var for p in query.params}
    keep = [i for i, c in enumerate(result.columns) if c not in hidden]
    if len(keep) < len(result.columns):
        result.columns = [result.columns[i] for i in keep]
        result.rows = [[row[i] for i in keep] for row in result.rows]
    as_of_term = bindings.get(ox.Variable("as_of"))
    result.as_of = as_of_term.value if as_of_term is not None else None
    return result


def run_named(store: ox.Store, query: NamedQuery, bindings: dict[ox.Variable, Any]) -> Result:
    """Run a named query with its parameters bound, as every local engine answers it (API, endpoint)."""
    return finish(run(store, query.text, bindings, query.hidden), query, bindings)


def term_json(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def format_result(result: Result, fmt: str) -> str:
    """Render a result as table, csv, tsv, json (SPARQL 1.1 Query Results JSON) or md."""
    if fmt == "json":
        import json

        bindings = [{c: term_json(t) for c, t in zip(result.columns, row) if t is not None} for row in result.rows]
        return json.dumps({"head": {"vars": result.columns}, "results": {"bindings": bindings}}, indent=2) + "\n"
    cells = [["" if v is None else v for v in row.values()] for row in result]
    if fmt in ("csv", "tsv"):
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(cells)
        return out.getvalue()
    if fmt == "md":
        lines = ["| " + " | ".join(result.columns) + " |", "|" + "---|" * len(result.columns)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(result.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(result.columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


_FORBIDDEN = r"(?i)\b(SERVICE|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|COPY|MOVE|ADD|WITH|USING)\b"
#: FROM or FROM NAMED and what it names: only armskg's own graphs are allowed
_FROM = r"(?i)(?<![?$\w])FROM\s+(NAMED\s+)?(<[^>]*>|\S+)"


def guard(text: str) -> str:
    """Refuse SPARQL that could reach the network or change data (SERVICE, LOAD, any update).

    >>> guard("SELECT * WHERE { ?s ?p 'SERVICE' }")
    "SELECT * WHERE { ?s ?p 'SERVICE' }"
    >>> guard("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    armskg.errors.ArmskgError: SERVICE is not allowed: armskg queries never leave the process or change the graph
    >>> guard("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    armskg.errors.ArmskgError: FROM <file:///etc/passwd> is not allowed: armskg reads only the graphs of its own dataset (FROM <https://w3id.org/armskg/graph/asserted>, …/derived, …/timeline, …/ontology, …/shapes)
    >>> guard("SELECT * FROM <https://w3id.org/armskg/graph/asserted> WHERE { ?s ?p ?o }")[:44]
    'SELECT * FROM <https://w3id.org/armskg/graph'
    """
    found = compiled(_FORBIDDEN).search(sparql_keywords(text))
    if found:
        raise ArmskgError(f"{found.group(1).upper()} is not allowed: armskg queries never leave the process or change the graph")
    for match in compiled(_FROM).finditer(sparql_keywords(text, keep_iris=True)):
        if not match.group(2).startswith(f"<{GRAPH}"):
            shown = match.group(2) if len(match.group(2)) <= 60 else match.group(2)[:57] + "..."
            raise ArmskgError(f"FROM {shown} is not allowed: armskg reads only the graphs of its own dataset "
                              f"(FROM <{GRAPH}asserted>, …/derived, …/timeline, …/ontology, …/shapes)")
    return text
