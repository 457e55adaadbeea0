"""armskg's own SPARQL as text: bind parameters with VALUES blocks and run a SELECT (the guard on a user's
SPARQL is sparql.guard, on the parsed query)."""

from __future__ import annotations

import functools
import re

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

import pyoxigraph as ox

from armskg.errors import ArmskgError


@functools.cache
def _where() -> re.Pattern[str]:
    """The opening of a WHERE group, outside comments (compiled on first use, not at start-up). Only for
    armskg's own queries: tests/test_queries.py requires it to find, in every file of queries/, exactly the
    groups the SPARQL parser of sparql.guard finds (which binds users' queries); the parser itself would
    cost each command 25 ms of start-up."""
    return re.compile(r"(?im)^([^#\n]*?\bWHERE\s*\{)")

def _terms(term: Any) -> str:
    """One term, or several (a list or tuple: the variable takes each in turn), as SPARQL text."""
    return " ".join(str(t) for t in term) if isinstance(term, (list, tuple)) else str(term)

def with_values(text: str, bindings: dict[ox.Variable, Any], together: bool = False) -> str:
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
    block = joint_values_block(bindings) if together else values_block(bindings)
    return _where().sub(lambda m: m.group(1) + block + "\n", text)


def values_block(bindings: dict[ox.Variable, Any]) -> str:
    """The VALUES lines that bind parameters, one per variable, as every query armskg runs binds them."""
    return "".join(f"\n  VALUES ?{var.value} {{ {_terms(term)} }}" for var, term in bindings.items())


#: At most this many rows in a joint VALUES block (every combination of the parameters' values).
_JOINT_ROWS = 4096


def joint_values_block(bindings: dict[ox.Variable, Any]) -> str:
    """The same bindings as :func:`values_block`, as one VALUES block of every combination of the values (the
    same solutions as the blocks' join), where there are two parameters or more and not too many combinations.
    pyoxigraph uses one block's constants while it evaluates the group, but evaluated a pattern whose
    predicate is a parameter (``?i ?via ?towards``) over the whole graph when a second block followed the
    first: one state's status intervals took 36 ms, against 0.3 ms with one block.

    >>> a, b = ox.Variable("a"), ox.Variable("b")
    >>> print(joint_values_block({a: ox.Literal("x"), b: [ox.Literal("1"), ox.Literal("2")]}))
    <BLANKLINE>
      VALUES (?a ?b) { ("x" "1") ("x" "2") }
    """
    import itertools
    import math

    lists = [list(term) if isinstance(term, (list, tuple)) else [term] for term in bindings.values()]
    if len(lists) < 2 or math.prod(len(terms) for terms in lists) > _JOINT_ROWS:
        return values_block(bindings)
    names = " ".join(f"?{var.value}" for var in bindings)
    rows = " ".join("(" + " ".join(str(t) for t in row) + ")" for row in itertools.product(*lists))
    return f"\n  VALUES ({names}) {{ {rows} }}"

@functools.cache
def compiled(pattern: str) -> re.Pattern[str]:
    """Compile a pattern on first use, not at import (start-up time counts for every query)."""
    return re.compile(pattern)

def select(store: ox.Store, query: str, bindings: dict[ox.Variable, Any] | None = None) -> ox.QuerySolutions:
    """Run one of armskg's own SELECT queries (queries/, never a user's: those go through sparql.guard) over
    the union of the dataset's graphs, with parameters bound (with_values)."""
    try:
        solutions = store.query(with_values(query, bindings or {}, together=True), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise ArmskgError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise ArmskgError("only SELECT queries are answered here")
    return solutions


def gather(fields: dict[str, set[str]], names: Iterable[str], values: Iterable[Any]) -> None:
    """Add one row's values (``None`` for unbound) to an act's ``fields``, each name's distinct values: an
    act whose field is given twice (two notes) comes in several rows."""
    for name, value in zip(names, values):
        if value is not None:
            fields.setdefault(name, set()).add(value.value)


def joined(fields: dict[str, set[str]]) -> dict[str, str]:
    """An act's fields from all its rows: a field given twice (two notes on one act) shows both, in one
    order whatever the engine's (notes joined by a space, other fields by a semicolon).

    >>> joined({"note": {"b.", "a."}, "date": {"1985-12-12"}})
    {'note': 'a. b.', 'date': '1985-12-12'}
    """
    return {k: (" " if k == "note" else "; ").join(sorted(v)) for k, v in fields.items()}


def columns(solutions: ox.QuerySolutions, names: tuple[str, ...], query: str) -> ox.QuerySolutions:
    """The solutions, once their columns are checked to be ``names`` in that order: for a reader that takes
    each row by position (a tuple unpacked), which is about twice as fast as by name over thousands of rows.
    An edited query whose SELECT no longer matches is an error naming it, never a row read askew."""
    found = tuple(v.value for v in solutions.variables)
    if found != names:
        raise ArmskgError(f"{query} selects {', '.join(found)}; armskg reads {', '.join(names)}, in that order")
    return solutions
