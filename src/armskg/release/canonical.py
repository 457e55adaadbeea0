"""The dataset written the same way every time: blank nodes labelled from what surrounds them, quads and
triples sorted, so that the same graph gives the same bytes whichever build made it."""

from __future__ import annotations

import pyoxigraph as ox

from armskg.export.rdfview import EXTRA_PREFIXES, blank_labels
from armskg.vocab import GRAPH

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterable

#: Prefixes for the Turtle files (the project's own, and the vocabularies the release description uses).
TURTLE_PREFIXES: dict[str, str] = {
    **EXTRA_PREFIXES,
    "dcat": "http://www.w3.org/ns/dcat#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "void": "http://rdfs.org/ns/void#",
}


def canonical_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads with every blank node renamed by :func:`blank_labels` (from its neighbourhood, not from
    the order a parser met it in)."""
    given = list(quads)
    labels = blank_labels(given)
    if not labels:
        return given

    def term(value: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> object:
        return ox.BlankNode(labels[value.value]) if isinstance(value, ox.BlankNode) else value

    def renamed(q: ox.Quad) -> ox.Quad:
        if not (isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)):
            return q  # most quads: kept as they are, not built again
        return ox.Quad(term(q.subject), q.predicate, term(q.object), q.graph_name)  # type: ignore[arg-type]

    return [renamed(q) for q in given]


def sorted_lines(data: bytes) -> bytes:
    """N-Triples or N-Quads with its lines sorted (each statement is one line: literals escape newlines)."""
    lines = sorted(set(data.splitlines()))
    return b"".join(line + b"\n" for line in lines if line)


def nquads(quads: list[ox.Quad]) -> bytes:
    """The whole dataset as sorted N-Quads."""
    return sorted_lines(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")


def graph_names(quads: list[ox.Quad]) -> list[str]:
    """The named graphs present, by IRI, sorted."""
    return sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)})


def graph_turtle(quads: list[ox.Quad], graph: str) -> bytes:
    """One named graph as Turtle, its triples in sorted order, with the project's prefixes."""
    name = ox.NamedNode(graph)
    triples = sorted((ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name == name), key=str)
    return turtle(triples, f"# The named graph <{graph}> of the armskg dataset.\n")


def turtle(triples: list[ox.Triple], comment: str = "") -> bytes:
    """Triples as Turtle with the release's prefixes (only those used), in the order given."""
    used = {t.value for triple in triples for t in (triple.subject, triple.predicate, triple.object)
            if isinstance(t, ox.NamedNode)} | {t.datatype.value for triple in triples
                                                for t in (triple.object,) if isinstance(t, ox.Literal)}
    prefixes = {p: iri for p, iri in sorted(TURTLE_PREFIXES.items()) if any(u.startswith(iri) for u in used)}
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""
    return comment.encode() + body


def graph_file(graph: str) -> str:
    """The Turtle file of a named graph in a release: ``graphs/asserted.ttl`` for …/graph/asserted."""
    short = graph[len(GRAPH):] if graph.startswith(GRAPH) else graph.rsplit("/", 1)[-1]
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in short) or "graph"
    return f"graphs/{safe}.ttl"
