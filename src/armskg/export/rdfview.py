"""The ``rdf`` view: one node per resource, one edge per triple between resources; literals become
attributes of their subject (never nodes: equal dates would merge into one node and lose their datatype).

Blank nodes get labels computed from what surrounds them, so the same graph always exports the same
bytes although the store names its blank nodes afresh on every load.
"""

from __future__ import annotations

import functools
import hashlib
import re

import pyoxigraph as ox

from armskg.export.graph import ViewGraph
from armskg.vocab import GRAPH, ID, PREFIXES, XSD

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterable

#: armskg's prefixes and a few more that the ontology and shapes use, for readable ids and labels.
EXTRA_PREFIXES = {**PREFIXES, "sh": "http://www.w3.org/ns/shacl#", "schema": "https://schema.org/",
                  "wdt": "http://www.wikidata.org/prop/direct/", "wd": "http://www.wikidata.org/entity/",
                  "border": ID + "border/", "membership": ID + "membership/", "rule": ID + "rule/", "status": ID + "status/", "graph": GRAPH}
_NMTOKEN = re.compile(r"[A-Za-z0-9._:-]+")
#: The prefixes, longer namespaces first (a stable sort: of two as long, the one named first).
_LONGEST_FIRST = sorted(EXTRA_PREFIXES.items(), key=lambda item: -len(item[1]))


@functools.cache
def compact(iri: str) -> str:
    """An IRI as a CURIE with armskg's prefixes when its local part is plain, or the IRI itself.

    >>> compact("https://w3id.org/armskg/id/state/LTU")
    'state:LTU'
    >>> compact("https://example.org/a b")
    'https://example.org/a b'
    """
    for prefix, base in _LONGEST_FIRST:  # the longest namespace that leaves a plain local part
        if iri.startswith(base) and _NMTOKEN.fullmatch(iri[len(base):] or "-"):
            return f"{prefix}:{iri[len(base):]}"
    return iri


def token(text: str) -> str:
    """A string made safe as an XML NMTOKEN (GraphML ids): letters, digits and ``._:-`` only.

    >>> token("https://example.org/x#y")
    'https_example.org_x_y'
    """
    return re.sub(r"[^A-Za-z0-9._:-]+", "_", text.replace("://", "_")) or "_"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _has_blank(q: ox.Quad) -> bool:
    return isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)


def blank_labels(quads: list[ox.Quad]) -> dict[str, str]:
    """Stable labels for blank nodes: a few rounds of hashing each one's neighbourhood (the quads with a
    blank node as subject or object; the rounds go through those only, a few hundred of 160,000)."""
    quads = [q for q in quads if _has_blank(q)]
    blanks = {t.value for q in quads for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
    if not blanks:
        return {}
    label = dict.fromkeys(blanks, "")

    def name(term: object) -> str:
        return label[term.value] if isinstance(term, ox.BlankNode) else str(term)

    for _ in range(4):
        parts: dict[str, list[str]] = {b: [] for b in blanks}
        for q in quads:
            if isinstance(q.subject, ox.BlankNode):
                parts[q.subject.value].append(f">{q.predicate} {name(q.object)}")
            if isinstance(q.object, ox.BlankNode):
                parts[q.object.value].append(f"<{q.predicate} {name(q.subject)}")
        label = {b: _digest(label[b], *sorted(parts[b])) for b in blanks}
    ordered = sorted(blanks, key=lambda b: label[b])
    out: dict[str, str] = {}
    for b in ordered:
        short = "b" + label[b][:12]
        while short in out.values():
            short += "x"
        out[b] = short
    return out


def canonical_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads with every blank node renamed by :func:`blank_labels` (from its neighbourhood, not from
    the order a parser met it in), so that writers name a blank node ``_:`` and its value. The quads
    without a blank node (nearly all) are kept as they are, not built again."""
    given = list(quads)
    touching = [i for i, q in enumerate(given) if _has_blank(q)]
    labels = blank_labels([given[i] for i in touching])

    def term(value: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        return ox.BlankNode(labels[value.value]) if isinstance(value, ox.BlankNode) else value

    for i in touching:
        q = given[i]
        given[i] = ox.Quad(term(q.subject), q.predicate, term(q.object), q.graph_name)  # type: ignore[arg-type]
    return given


def node_id(term: ox.NamedNode | ox.BlankNode, blanks: dict[str, str]) -> str:
    """The node key of a resource: its IRI, or ``_:label`` for a blank node."""
    return "_:" + blanks[term.value] if isinstance(term, ox.BlankNode) else term.value


def literal_value(term: ox.Literal) -> str | int | bool:
    """A literal as a Python value: integers and booleans typed, everything else its lexical form."""
    datatype = term.datatype.value
    if datatype == XSD + "boolean" and term.value in ("true", "false"):
        return term.value == "true"
    if datatype == XSD + "integer" and term.value.lstrip("-").isdigit():
        return int(term.value)
    return term.value


def _attr_name(predicate: str) -> str:
    return compact(predicate).replace(":", "_")


def _quad_order(q: ox.Quad) -> tuple[str, str, str, str]:
    return str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)


def rdf_graph(store: ox.Store) -> ViewGraph:
    """The full dataset, every named graph, as one multigraph; each edge names its graph."""
    # The nodes and the edges are sorted below, so only the literals' order counts (the first of two equal
    # values, True and 1, is kept): those quads, and the few with a blank node, are sorted; sorting all
    # 160,000 by four strings each took a second. Each quad's terms are read once (each read builds them).
    said: list[ox.Quad] = []  # literal objects
    links: list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode, str]] = []
    touching: list[ox.Quad] = []  # a blank node at either end
    for q in store.quads_for_pattern(None, None, None, None):
        head, tail = q.subject, q.object
        if isinstance(head, ox.BlankNode) or isinstance(tail, ox.BlankNode):
            touching.append(q)
        if isinstance(tail, ox.Literal):
            said.append(q)
        else:
            g = q.graph_name
            links.append((head, q.predicate, tail, g.value.removeprefix(GRAPH) if isinstance(g, ox.NamedNode) else ""))  # type: ignore[arg-type]
    blanks = blank_labels(sorted(touching, key=_quad_order))
    literals: dict[str, dict[str, set[str | int | bool]]] = {}
    resources: set[str] = set()
    for q in sorted(said, key=_quad_order):
        subject = node_id(q.subject, blanks)  # type: ignore[arg-type]
        resources.add(subject)
        literals.setdefault(subject, {}).setdefault(_attr_name(q.predicate.value), set()).add(literal_value(q.object))  # type: ignore[arg-type]
    edges: list[tuple[str, str, str, str]] = []
    for start, predicate, end, graph_name in links:
        subject, target = node_id(start, blanks), node_id(end, blanks)
        resources.add(subject)
        resources.add(target)
        edges.append((subject, target, predicate.value, graph_name))
    graph = ViewGraph(view="rdf", as_of="")
    for node in sorted(resources):
        attrs: dict[str, str | int | bool] = {"label": compact(node), "kind": "blank" if node.startswith("_:") else "iri"}
        for key, values in sorted(literals.get(node, {}).items()):
            attrs[key] = next(iter(values)) if len(values) == 1 else " | ".join(sorted(str(v) for v in values))
        label = attrs.get("rdfs_label")
        if isinstance(label, str):
            attrs["label"] = label
        graph.add_node(node, **attrs)
    edges.sort(key=lambda e: (e[0], e[2], e[1], e[3]))
    width = len(str(len(edges)))
    for i, (s, o, p, name) in enumerate(edges):
        graph.add_edge(s, o, key=f"t{i:0{width}d}", kind=compact(p), label=compact(p), predicate=p, graph=name)
    return graph
