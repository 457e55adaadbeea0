"""SPARQL as text: bind parameters with VALUES blocks, refuse what may leave the process, run a SELECT."""

from __future__ import annotations

import functools
import re

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from typing import Any

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.vocab import GRAPH


@functools.cache
def _where() -> re.Pattern[str]:
    """The opening of a WHERE group, outside comments (compiled on first use, not at start-up)."""
    return re.compile(r"(?im)^([^#\n]*?\bWHERE\s*\{)")

def _terms(term: Any) -> str:
    """One term, or several (a list or tuple: the variable takes each in turn), as SPARQL text."""
    return " ".join(str(t) for t in term) if isinstance(term, (list, tuple)) else str(term)

def with_values(text: str, bindings: dict[ox.Variable, Any]) -> str:
    """Bind parameters with a VALUES block at the start of every WHERE group (subqueries included).
    A parameter may take several values (a list of terms).

    The values are RDF terms made from checked input (an IRI found in the graph, a parsed date), written
    out by pyoxigraph, so no user text reaches the query. A VALUES block inside each group lets the engine
    use the constants while it evaluates the group; pyoxigraph's own substitutions are applied after
    evaluation, and were up to 40 times slower here (docs/benchmarks.md).

    >>> t = ox.Literal("2025-06-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    >>> print(with_values("SELECT ?x WHERE { ?x ?p ?as_of }", {ox.Variable("as_of"): t}))
    SELECT ?x WHERE {
      VALUES ?as_of { "2025-06-01"^^<http://www.w3.org/2001/XMLSchema#date> }
     ?x ?p ?as_of }
    """
    if not bindings:
        return text
    block = "".join(f"\n  VALUES ?{var.value} {{ {_terms(term)} }}" for var, term in bindings.items())
    return _where().sub(lambda m: m.group(1) + block + "\n", text)

_STRIP = (r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')

@functools.cache
def compiled(pattern: str) -> re.Pattern[str]:
    """Compile a pattern on first use, not at import (start-up time counts for every query)."""
    return re.compile(pattern)

def sparql_keywords(text: str, keep_iris: bool = False) -> str:
    """The query with its strings, IRIs and comments blanked, so that keywords can be looked for (with
    ``keep_iris``, the IRIs stay, so that what a keyword names can be read too)."""
    if keep_iris:
        return compiled(_STRIP).sub(lambda m: m.group(0) if m.group(0).startswith("<") else " ", text)
    return compiled(_STRIP).sub(" ", text)

def declares_dataset(query: str) -> bool:
    """Whether a query names its own dataset (``FROM`` / ``FROM NAMED``), which then replaces the union."""
    return compiled(r"(?i)(?<![?$\w])FROM\b").search(sparql_keywords(query)) is not None

def select(store: ox.Store, query: str, bindings: dict[ox.Variable, Any] | None = None) -> ox.QuerySolutions:
    """Run a SELECT query over the union of the dataset's graphs, with parameters bound (with_values).

    A query that declares its own dataset (``FROM`` / ``FROM NAMED``) gets exactly that: graphs of this
    dataset, never fetched from anywhere (``FROM <https://w3id.org/armskg/graph/asserted>``).
    """
    union = not declares_dataset(query)
    try:
        solutions = store.query(with_values(query, bindings or {}), use_default_graph_as_union=union)
    except SyntaxError as exc:
        raise ArmskgError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise ArmskgError("only SELECT queries are answered here")
    return solutions


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
