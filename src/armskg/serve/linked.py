"""Dereferenceable IRIs: what the graph says about one of its IRIs, for machines (Turtle, JSON-LD,
N-Triples, RDF/XML) and the facts a page about it shows to people.

``https://w3id.org/armskg/id/state/LTU`` is served at ``/id/state/LTU``; the ontology's terms
(``https://w3id.org/armskg/ontology#State``) at ``/ontology``. An IRI is known when some quad of the
dataset names it; its description is every triple with it as subject, with the blank nodes those reach
(its concise bounded description), at most :data:`MAX_TRIPLES` triples.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from armskg.serve.protocol import OTHER_GRAPH_TYPES, Refused
from armskg.vocab import AK, ID, ONTOLOGY_GRAPH, PREFIXES

#: What an IRI's description may hold (a state has about 200 triples, a treaty about 40).
MAX_TRIPLES = 5_000
#: What a path under /id/ may be: the graph's IRIs are readable ASCII (kind/code[/...]).
_PATH = re.compile(r"[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+){1,4}")
#: What a client may ask an IRI for, best first when it does not mind: a page for people.
RESOURCE_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "turtle",
    "text/plain": "ntriples",
    **OTHER_GRAPH_TYPES,
}
_RDF = {"turtle": (ox.RdfFormat.TURTLE, "text/turtle"), "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
        "ntriples": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
        "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml")}
RDF_FORMATS = tuple(_RDF)
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def iri_for(path: str) -> ox.NamedNode:
    """The IRI that ``/id/PATH`` serves; a path that cannot be one of the graph's IRIs is 404.

    >>> iri_for("state/LTU").value
    'https://w3id.org/armskg/id/state/LTU'
    """
    if len(path) > 300 or not _PATH.fullmatch(path) or ".." in path.split("/"):
        raise Refused(404, f"no such IRI in armskg: /id/{path[:80]}")
    return ox.NamedNode(ID + path)


def known(store: ox.Store, iri: ox.NamedNode) -> bool:
    """Whether any quad of the dataset names the IRI (as subject or object)."""
    return any(True for _ in store.quads_for_pattern(iri, None, None)) or \
        any(True for _ in store.quads_for_pattern(None, None, iri))


def description(store: ox.Store, iri: ox.NamedNode, graph: ox.NamedNode | None = None) -> list[ox.Triple]:
    """The triples with ``iri`` as subject in every graph (or in ``graph``), and the blank nodes they
    reach, each once, sorted; at most :data:`MAX_TRIPLES`."""
    seen: set[ox.Triple] = set()
    todo: list[ox.NamedNode | ox.BlankNode] = [iri]
    done: set[ox.NamedNode | ox.BlankNode] = set()
    while todo:
        subject = todo.pop()
        if subject in done:
            continue
        done.add(subject)
        for quad in store.quads_for_pattern(subject, None, None, graph):
            seen.add(ox.Triple(quad.subject, quad.predicate, quad.object))
            if isinstance(quad.object, ox.BlankNode):
                todo.append(quad.object)
            if len(seen) > MAX_TRIPLES:
                raise Refused(413, f"{iri.value} has more than {MAX_TRIPLES} triples: ask the SPARQL endpoint")
    return sorted(seen, key=str)


def serialize(triples: list[ox.Triple], short: str) -> tuple[str, bytes]:
    """Triples in an RDF format: its media type and the bytes."""
    fmt, media = _RDF[short]
    prefixes = {**PREFIXES, "id": ID} if short in ("turtle", "rdfxml") else None
    return media, ox.serialize(triples, format=fmt, prefixes=prefixes) or b""


def ontology_triples(store: ox.Store) -> list[ox.Triple]:
    """The ontology as the dataset holds it (its named graph), sorted."""
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    return sorted((ox.Triple(q.subject, q.predicate, q.object)
                   for q in store.quads_for_pattern(None, None, None, graph)), key=str)


def label(store: ox.Store, node: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """A node's label for people: rdfs:label, skos:prefLabel or dcterms:title (English first), else its
    IRI shortened with the known prefixes."""
    if isinstance(node, ox.Literal):
        return node.value
    found: list[ox.Literal] = []
    for predicate in (LABEL, PREF_LABEL, TITLE):
        found = [q.object for q in store.quads_for_pattern(node, predicate, None) if isinstance(q.object, ox.Literal)]
        if found:
            break
    if found:
        english = [f for f in found if f.language in (None, "en")]
        return min(english or found, key=lambda lit: lit.value).value
    return short(node.value) if isinstance(node, ox.NamedNode) else "_:" + node.value


def short(iri: str) -> str:
    """An IRI with a known prefix (``ak:State``, ``state:LTU``), or as it is.

    >>> short("https://w3id.org/armskg/ontology#State"), short("https://w3id.org/armskg/id/state/LTU")
    ('ak:State', 'state:LTU')
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(best):
            best, name = namespace, prefix
    return f"{name}:{iri[len(best):]}" if best else iri


def local_path(iri: str) -> str | None:
    """Where this server serves an IRI of armskg's (``/id/state/LTU``, ``/ontology#State``), else None.

    >>> local_path("https://w3id.org/armskg/id/state/LTU"), local_path("https://w3id.org/armskg/ontology#code")
    ('/id/state/LTU', '/ontology#code')
    """
    if iri.startswith(ID):
        return "/id/" + iri[len(ID):]
    if iri.startswith(AK):
        return "/ontology#" + iri[len(AK):]
    if iri == AK.rstrip("#"):
        return "/ontology"
    return None


def types(store: ox.Store, iri: ox.NamedNode) -> set[str]:
    """The IRIs of the classes the resource is typed with."""
    return {q.object.value for q in store.quads_for_pattern(iri, TYPE, None) if isinstance(q.object, ox.NamedNode)}
