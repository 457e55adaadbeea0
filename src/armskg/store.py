"""Load RDF files into a dataset of named graphs; read and write the compiled artifact."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from typing import Any

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.namespaces import ASSERTED_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH, XSD
from armskg.resources import graph_files, ontology_file, shapes_file


@functools.cache
def _where() -> re.Pattern[str]:
    """The opening of a WHERE group, outside comments (compiled on first use, not at start-up)."""
    return re.compile(r"(?im)^([^#\n]*?\bWHERE\s*\{)")


def date_literal(day: Any) -> ox.Literal:
    """An ``xsd:date`` literal for a :class:`datetime.date`.

    >>> import datetime
    >>> date_literal(datetime.date(2025, 12, 27)).value
    '2025-12-27'
    """
    return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))


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


def load_turtle(store: ox.Store, path: Path, graph: str, root: Path | None = None) -> None:
    """Parse one Turtle file into a named graph, turning a syntax error into a one-line message."""
    shown = path.relative_to(root) if root and path.is_relative_to(root) else path
    try:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
    except SyntaxError as exc:
        message = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise ArmskgError(f"{shown}: malformed Turtle: {message}") from None
    except OSError as exc:
        raise ArmskgError(f"{shown}: cannot read: {exc.strerror}") from None


def load_sources(root: Path) -> ox.Store:
    """Load the ontology, shapes and every graph/ file into a fresh in-memory store."""
    store = ox.Store()
    load_turtle(store, ontology_file(root), ONTOLOGY_GRAPH, root)
    load_turtle(store, shapes_file(root), SHAPES_GRAPH, root)
    for path in graph_files(root):
        load_turtle(store, path, ASSERTED_GRAPH, root)
    return store


def write_artifact(store: ox.Store, path: Path) -> None:
    """Write the store as an on-disk pyoxigraph store (a directory) that a query opens read-only in
    about 20 ms; parsing the same data as N-Quads took 90 ms (docs/benchmarks.md).

    It is built in a temporary directory beside ``path`` and renamed into place, so a reader finds the
    old artifact, the new one, or none (and then builds it), never a half-written one.
    """
    import shutil
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".armskg-", dir=path.parent))
    try:
        target = ox.Store(str(tmp))
        target.bulk_extend(store)
        target.flush()
        del target
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=".armskg-old-", dir=path.parent))
            os.replace(path, old / "artifact")
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def read_artifact(path: Path, in_memory: bool = False) -> ox.Store:
    """Open a compiled artifact read-only, or copy it into memory for many queries (about 10 times
    faster per query, after a one-off copy)."""
    try:
        store = ox.Store.read_only(str(path))
    except OSError as exc:
        raise ArmskgError(f"{path}: unreadable artifact ({str(exc).splitlines()[0]}); run 'armskg build'") from None
    if not in_memory:
        return store
    memory = ox.Store()
    memory.bulk_extend(store)
    return memory
