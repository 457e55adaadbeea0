"""The dataset written the same way every time: blank nodes labelled from what surrounds them
(:func:`armskg.export.rdfview.canonical_quads`, which the JSON-LD export shares), quads and triples sorted,
so that the same graph gives the same bytes whichever build made it."""

from __future__ import annotations

import pyoxigraph as ox

from armskg.export.rdfview import EXTRA_PREFIXES
from armskg.vocab import GRAPH

#: Prefixes for the Turtle files (the project's own, and the vocabularies the release description uses).
TURTLE_PREFIXES: dict[str, str] = {
    **EXTRA_PREFIXES,
    "dcat": "http://www.w3.org/ns/dcat#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "void": "http://rdfs.org/ns/void#",
}


def sorted_lines(data: bytes) -> bytes:
    """N-Triples or N-Quads with its lines sorted (each statement is one line: literals escape newlines)."""
    lines = sorted(set(data.splitlines()))
    return b"".join(line + b"\n" for line in lines if line)


def nquads(quads: list[ox.Quad]) -> bytes:
    """The whole dataset as sorted N-Quads."""
    return sorted_lines(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")


def graph_turtles(quads: list[ox.Quad]) -> dict[str, bytes]:
    """Each named graph as Turtle, by IRI (sorted): its triples in sorted order, with the project's prefixes.
    The quads are gone through once, not once per graph."""
    triples: dict[str, list[ox.Triple]] = {}
    for q in quads:
        graph = q.graph_name
        if isinstance(graph, ox.NamedNode):
            triples.setdefault(graph.value, []).append(q.triple)
    return {graph: turtle(sorted(triples[graph], key=str), f"# The named graph <{graph}> of the armskg dataset.\n")
            for graph in sorted(triples)}


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
