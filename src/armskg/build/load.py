"""Load ontology/, the shapes and graph/ into a dataset of named graphs."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.resources import graph_files, ontology_files, shapes_file
from armskg.vocab import ASSERTED_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH


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
    for path in ontology_files(root):
        load_turtle(store, path, ONTOLOGY_GRAPH, root)
    load_turtle(store, shapes_file(root), SHAPES_GRAPH, root)
    for path in graph_files(root):
        load_turtle(store, path, ASSERTED_GRAPH, root)
    return store
