"""The dataset written the same way every time: blank nodes labelled from what surrounds them
(:func:`armskg.export.rdfview.canonical_quads`, which the JSON-LD export shares), quads and triples sorted,
so that the same graph gives the same bytes whichever build made it."""

from __future__ import annotations

import bisect

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


def sort_quads(quads: list[ox.Quad]) -> tuple[list[ox.Quad], bytes]:
    """The quads without repeats in the order of their N-Quads lines, and those lines: the release's sorted N-Quads.

    One serialisation (in Rust, one line a quad, in the order given) and one sort of its lines, instead
    of a ``str()`` of each triple to sort by. In this order each graph's triples are in the order of their
    ``str()`` too: a quad's line is its triple's ``str()``, then a space and the graph, and where one
    triple's text is the start of another's (``"a"`` and ``"a"@en``) the longer one goes on with a
    character above the space (``@ ^ -``, a letter or a digit), so the space never reorders them; and
    UTF-8 bytes sort as their characters do."""
    lines = (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").splitlines()
    if len(lines) != len(quads):  # never: N-Quads escape line breaks in literals
        raise AssertionError(f"{len(quads)} quads gave {len(lines)} lines of N-Quads")
    order = sorted(range(len(lines)), key=lines.__getitem__)
    if len(set(lines)) < len(lines):  # a quad given twice is kept once (a store never holds one twice)
        order = [i for n, i in enumerate(order) if n == 0 or lines[i] != lines[order[n - 1]]]
    text = b"\n".join([lines[i] for i in order]) + b"\n" if order else b""
    return [quads[i] for i in order], text


def graph_turtles(quads: list[ox.Quad]) -> dict[str, bytes]:
    """Each named graph as Turtle, by IRI (sorted): its triples in the order given (:func:`sort_quads`),
    with the project's prefixes. The quads are gone through once, not once per graph."""
    triples: dict[str, list[ox.Triple]] = {}
    for q in quads:
        graph = q.graph_name
        if isinstance(graph, ox.NamedNode):
            triples.setdefault(graph.value, []).append(q.triple)
    return {graph: turtle(triples[graph], f"# The named graph <{graph}> of the armskg dataset.\n")
            for graph in sorted(triples)}


def _used_iris(triples: list[ox.Triple]) -> list[str]:
    """The IRIs the triples name (their datatypes too), sorted: each distinct term is looked at once."""
    terms = {t.subject for t in triples} | {t.predicate for t in triples}
    objects = {t.object for t in triples}
    used = {t.value for t in terms | objects if isinstance(t, ox.NamedNode)}
    used.update({t.datatype.value for t in objects if isinstance(t, ox.Literal)})
    return sorted(used)


def _names_one(used: list[str], namespace: str) -> bool:
    """Whether a sorted list holds an IRI in the namespace (those sort together, from the first at or
    after the namespace itself)."""
    at = bisect.bisect_left(used, namespace)
    return at < len(used) and used[at].startswith(namespace)


def turtle(triples: list[ox.Triple], comment: str = "") -> bytes:
    """Triples as Turtle with the release's prefixes (only those used), in the order given."""
    used = _used_iris(triples)
    prefixes = {p: iri for p, iri in sorted(TURTLE_PREFIXES.items()) if _names_one(used, iri)}
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""
    return comment.encode() + body


def graph_file(graph: str) -> str:
    """The Turtle file of a named graph in a release: ``graphs/asserted.ttl`` for …/graph/asserted."""
    short = graph[len(GRAPH):] if graph.startswith(GRAPH) else graph.rsplit("/", 1)[-1]
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in short) or "graph"
    return f"graphs/{safe}.ttl"
