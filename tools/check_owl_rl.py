"""CI check: the OWL 2 RL closure of the built graph, with the vocabularies it builds on, has no clash.

    python tools/check_owl_rl.py VOCABULARY_FILE ...    # e.g. PROV-O, SKOS, ORG as N-Quads or Turtle

The graph armskg builds (every named graph but the SHACL shapes) and the vocabularies it reuses are closed
under the OWL 2 RL rules by ``reasonable`` (a Rust OWL 2 RL reasoner, about 10 s here where owlrl took
95 s); then every pair of classes the closure declares disjoint (``owl:disjointWith``,
``owl:AllDisjointClasses``) must share no individual, and no individual may be an ``owl:Nothing``. PROV-O,
for one, declares ``prov:Activity`` and ``prov:Entity`` disjoint: a treaty action is an activity, a treaty or
a status interval an entity, and no property of armskg's may make one thing both.

The vocabularies come from npm's ``@vocabulary/*`` packages (Zazuko's copies of the W3C files), which
``.ci/run`` installs; nothing is fetched from the web here. Exit 0: no clash; 1: clashes, one per line;
2: an error.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF

Triple = tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]


def clashes(triples: Iterable[Triple]) -> list[str]:
    """The individuals that the closure puts in two disjoint classes (or in owl:Nothing), one line each."""
    types: dict[rdflib.term.Node, set[rdflib.term.Node]] = {}
    disjoint: set[tuple[rdflib.term.Node, rdflib.term.Node]] = set()
    groups: dict[rdflib.term.Node, rdflib.term.Node] = {}
    lists: dict[rdflib.term.Node, tuple[rdflib.term.Node | None, rdflib.term.Node | None]] = {}
    for s, p, o in triples:
        if p == RDF.type:
            types.setdefault(s, set()).add(o)
        elif p == OWL.disjointWith:
            disjoint.add((s, o))
        elif p == OWL.members:
            groups[s] = o
        elif p in (RDF.first, RDF.rest):
            first, rest = lists.get(s, (None, None))
            lists[s] = (o, rest) if p == RDF.first else (first, o)
    for group, head in groups.items():
        if OWL.AllDisjointClasses not in types.get(group, set()):
            continue
        members = _members(lists, head)
        disjoint.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    found = []
    for node, held in sorted(types.items(), key=lambda item: str(item[0])):
        if OWL.Nothing in held:
            found.append(f"{node} is an owl:Nothing")
        for a, b in sorted(disjoint, key=str):
            if a in held and b in held and a != b:
                found.append(f"{node} is both {a} and {b}, which are disjoint")
    return found


def _members(lists: dict[rdflib.term.Node, tuple[rdflib.term.Node | None, rdflib.term.Node | None]],
             head: rdflib.term.Node) -> list[rdflib.term.Node]:
    members: list[rdflib.term.Node] = []
    seen: set[rdflib.term.Node] = set()
    while head in lists and head not in seen:
        seen.add(head)
        first, rest = lists[head]
        if first is not None:
            members.append(first)
        if rest is None:
            break
        head = rest
    return members


def closure(graph: rdflib.Graph) -> list[Triple]:
    """The OWL 2 RL closure of a graph (its own triples and what the rules infer)."""
    import reasonable

    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(graph)
    return list(reasoner.reason())


def armskg_graph(vocabularies: list[Path]) -> rdflib.Graph:
    """The built armskg dataset (all graphs but the shapes) merged with the vocabularies' files."""
    from armskg.build import open_store
    from armskg.vocab import SHAPES_GRAPH

    store, _, _ = open_store(None, None, in_memory=False)
    graph = rdflib.Graph()
    for quad in store:
        if quad.graph_name.value != SHAPES_GRAPH:
            graph.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
    for path in vocabularies:
        dataset = rdflib.Dataset()
        dataset.parse(path, format="nquads" if path.suffix == ".nq" else None)
        for context in dataset.graphs():
            for triple in context:
                graph.add(triple)
    return graph


def _term(term: object) -> rdflib.term.Node:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def main(argv: list[str]) -> int:
    vocabularies = [Path(a) for a in argv]
    missing = [str(p) for p in vocabularies if not p.is_file()]
    if not vocabularies or missing:
        print(f"check_owl_rl: give the vocabularies' files ({', '.join(missing) or 'none given'} not found)",
              file=sys.stderr)
        return 2
    graph = armskg_graph(vocabularies)
    found = clashes(closure(graph))
    for line in found[:50]:
        print(line)
    if found:
        print(f"check_owl_rl: {len(found)} clash(es) in the OWL 2 RL closure of {len(graph)} triples", file=sys.stderr)
        return 1
    print(f"check_owl_rl: no clash in the OWL 2 RL closure of {len(graph)} triples "
          f"({', '.join(p.name for p in vocabularies)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
