"""Resolve a state or treaty name or code to its IRI, with suggestions for unknown names."""

from __future__ import annotations

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.namespaces import sparql_prefixes
from armskg.store import select

_KINDS = {
    "state": ("ak:State", "ak:iso3|ak:iso2|rdfs:label|skos:altLabel"),
    "treaty": ("ak:Treaty", "ak:code|ak:alias|rdfs:label|skos:altLabel"),
    "organisation": ("ak:InternationalOrganisation", "ak:code|ak:alias|rdfs:label|skos:altLabel"),
    "statement": ("ak:JointStatement", "ak:code|rdfs:label"),
}


class Names:
    """Every name of one kind of thing in the graph, folded to lower case."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.by_name: dict[str, ox.NamedNode] = {}

    def resolve(self, text: str) -> ox.NamedNode:
        """Return the IRI named by ``text`` (case-insensitive), or fail suggesting the closest names."""
        key = " ".join(text.split()).casefold()
        if key in self.by_name:
            return self.by_name[key]
        import difflib

        close = difflib.get_close_matches(key, list(self.by_name), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise ArmskgError(f"unknown {self.kind} {shown!r}{hint}")


def names_of(store: ox.Store, kind: str) -> Names:
    """Collect the names of every state, treaty, organisation or statement in the store."""
    cls, paths = _KINDS[kind]
    query = sparql_prefixes() + f"SELECT ?x ?name WHERE {{ ?x a {cls} ; {paths} ?name }}"
    names = Names(kind)
    for row in select(store, query):
        names.by_name.setdefault(" ".join(row["name"].value.split()).casefold(), row["x"])
    return names
