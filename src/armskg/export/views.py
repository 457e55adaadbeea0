"""Views of the graph as directed multigraphs (ViewGraph; networkx on request): what becomes a node and an edge.

Every node is keyed by its IRI and every edge by a readable, unique key; attribute values are plain
``str``, ``int`` or ``bool`` (never None, never a list), one type per attribute name, so that every
writer and viewer reads them back as they were meant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pyoxigraph as ox

from armskg.export.graph import ViewGraph
from armskg.export.rdfview import compact, token
from armskg.sparql.status import Interval, holds, intervals, status_on
from armskg.sparql.text import select
from armskg.vocab import MEMBERSHIP_STATUSES, TREATY_STATUSES, sparql_prefixes

VIEWS = ("relations", "borders", "rdf", "map")

#: Status towards a treaty -> the edge it becomes in the relations view. A withdrawing party is still a party.
EDGE_KINDS = {s.code: s.edge for s in TREATY_STATUSES if s.edge}
#: Status towards an organisation -> the edge it becomes (a frozen member is still a member).
MEMBER_EDGES = {s.code: s.edge for s in MEMBERSHIP_STATUSES if s.edge}

_STATES = sparql_prefixes() + """
SELECT ?s ?iso3 ?iso2 ?label ?un WHERE {
  ?s a ak:State ; ak:iso3 ?iso3 ; rdfs:label ?label .
  OPTIONAL { ?s ak:iso2 ?iso2 } OPTIONAL { ?s ak:unMember ?un }
}"""
_TREATIES = sparql_prefixes() + """
SELECT ?t ?code ?label ?eif ?opened ?protocol WHERE {
  ?t a ak:Treaty ; ak:code ?code ; rdfs:label ?label .
  OPTIONAL { ?t ak:entryIntoForce ?eif } OPTIONAL { ?t ak:openedForSignature ?opened }
  BIND (EXISTS { ?t a ak:Protocol } AS ?protocol)
}"""
_ORGS = sparql_prefixes() + """
SELECT ?o ?code ?label WHERE {
  ?o a ak:InternationalOrganisation ; rdfs:label ?label . OPTIONAL { ?o ak:code ?code }
}"""
_BORDERS = sparql_prefixes() + """
SELECT ?b ?x ?y WHERE { ?b a ak:LandBorder ; ak:between ?x , ?y . FILTER (STR(?x) < STR(?y)) }"""

class Filters:
    """What a view keeps: some treaties, the states of a region, the facts that hold on a date.

    ``treaties`` and ``states`` are IRIs (None: all); ``as_of`` None keeps the whole history.
    """

    def __init__(self, treaties: frozenset[str] | None = None, states: frozenset[str] | None = None,
                 as_of: dt.date | None = None) -> None:
        self.treaties, self.states, self.as_of = treaties, states, as_of

    def holds(self, start: str | None, end: str | None) -> bool:
        """Whether a fact from ``start`` (inclusive) to ``end`` (exclusive) holds on the as-of date."""
        return self.as_of is None or holds(start, end, self.as_of.isoformat())


def _local(iri: str) -> str:
    return token(compact(iri))


def _v(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    return None if term is None else term.value


def add_nodes(graph: ViewGraph, store: ox.Store, filters: Filters, orgs: bool = True) -> None:
    """Add the states (of the region), the treaties (filtered) and the organisations, sorted by IRI."""
    nodes: dict[str, dict[str, str | bool]] = {}
    for row in select(store, _STATES):
        iri = row["s"].value
        if filters.states is None or iri in filters.states:
            attrs: dict[str, str | bool] = {"label": row["label"].value, "kind": "state", "iso3": row["iso3"].value}
            if row["iso2"] is not None:
                attrs["iso2"] = row["iso2"].value
            if row["un"] is not None:
                attrs["un_member"] = row["un"].value == "true"
            nodes.setdefault(iri, attrs)
    if graph.graph.get("view") != "borders":
        for row in select(store, _TREATIES):
            iri = row["t"].value
            if filters.treaties is None or iri in filters.treaties:
                attrs = {"label": row["label"].value, "kind": "protocol" if row["protocol"].value == "true" else "treaty",
                         "code": row["code"].value}
                for key, var in (("entry_into_force", "eif"), ("opened_for_signature", "opened")):
                    if row[var] is not None:
                        attrs[key] = row[var].value
                nodes.setdefault(iri, attrs)
        if orgs:
            for row in select(store, _ORGS):
                attrs = {"label": row["label"].value, "kind": "organisation"}
                if row["code"] is not None:
                    attrs["code"] = row["code"].value
                nodes.setdefault(row["o"].value, attrs)
    for iri in sorted(nodes):
        graph.add_node(iri, **nodes[iri])


def _status_edges(rows: list[Interval], graph: ViewGraph, filters: Filters,
                  kinds: Mapping[str, str | None]) -> list[tuple[str, str, str, dict[str, str]]]:
    """Status intervals as edges (a status with no edge kind, such as non-party or not recorded, is no
    relation); consecutive intervals of the same kind merge into one edge: party and withdrawing into one
    party-to edge from entry into force to the withdrawal's effect, member and frozen into one member-of
    edge. ``basis`` names the intervals and the acts or memberships behind an edge. An edge's ``status`` is
    its status on the as-of date (with none, its last): a party on that day is no withdrawing party because
    it notified its withdrawal later, nor a member frozen because its participation was frozen later."""
    day = filters.as_of.isoformat() if filters.as_of else None
    edges: list[tuple[str, str, str, dict[str, str]]] = []
    for interval, actor, towards, status, start, end, action in rows:
        kind = kinds.get(status)
        if actor not in graph or towards not in graph or kind is None or start is None:
            continue
        basis = f"{interval} {action}" if action else interval
        last = edges[-1] if edges else None
        if last and last[3]["kind"] == kind and last[0] == actor and last[1] == towards and last[3].get("end") == start:
            attrs = last[3]
            attrs.pop("end")
            if end is not None:
                attrs["end"] = end
            if kind == "party-to":
                attrs["withdrawal_notified"] = start
            if day is None or start <= day:
                attrs["status"] = status
            attrs["basis"] += " " + basis
            continue
        attrs = {"kind": kind, "label": kind, "status": status, "start": start}
        if end is not None:
            attrs["end"] = end
        attrs["basis"] = basis
        key = f"member-of:{_local(action)}" if kind == "member-of" and action else f"{kind}:{_local(actor)}:{_local(towards)}:{start}"
        edges.append((actor, towards, key, attrs))
    return [e for e in edges if filters.holds(e[3]["start"], e[3].get("end"))]


def add_borders(graph: ViewGraph, store: ox.Store) -> None:
    """One edge per land border between two states in the graph (from the lower IRI to the higher)."""
    for row in sorted(select(store, _BORDERS), key=lambda r: r["b"].value):
        x, y = row["x"].value, row["y"].value
        if x in graph and y in graph:
            graph.add_edge(x, y, key=f"borders:{_local(row['b'].value)}", kind="borders", label="borders",
                           symmetric=True, basis=row["b"].value)


def relations(store: ox.Store, filters: Filters, rows: list[Interval] | None = None) -> ViewGraph:
    """States, treaties and organisations; party-to, consented-to, signatory-of, withdrew-from, member-of
    and borders edges, each with its dates (start inclusive, end exclusive) and the resources behind it,
    all read from the status intervals (the one definition of a status on a date)."""
    graph = ViewGraph(view="relations", as_of=filters.as_of.isoformat() if filters.as_of else "")
    add_nodes(graph, store, filters)
    edges = _status_edges(_intervals_of(store, graph, filters, EDGE_KINDS) if rows is None else rows,
                          graph, filters, EDGE_KINDS)
    edges += _status_edges(intervals(store, "organisation", MEMBER_EDGES), graph, filters, MEMBER_EDGES)
    for source, target, key, attrs in sorted(edges, key=lambda e: e[2]):
        graph.add_edge(source, target, key=key, **attrs)
    add_borders(graph, store)
    if filters.states is not None:  # a region keeps the organisations its states are members of
        graph.remove_isolated("organisation")
    return graph


#: A region of fewer states than this has its status intervals read by its actors' IRIs (about 1 ms a state)
#: rather than every state's intervals read and most of them dropped: 70 to 100 ms towards every treaty
#: (most of a one-state view's time), 40 to 60 ms towards one treaty. Measured on 2 cores (views of 1 to 96
#: states, December 2026): towards every treaty the regions of 1, 15, 40 and 61 states took 0.25, 0.35, 0.6
#: and 0.7 of the time, one of 96 as long; towards the Mine Ban Convention, 1 and 15 states 0.6 and 0.85,
#: 40 states 1.4 times as long.
_BY_ACTOR = {"every treaty": 64, "some treaties": 16}


def _intervals_of(store: ox.Store, graph: ViewGraph, filters: Filters,
                  statuses: Mapping[str, str | None] | None = None) -> list[Interval]:
    """The intervals towards the (chosen) treaties that a view reads: for a region of few states, those of
    the graph's states and organisations (every status: a view skips the statuses it does not draw, and
    binding them too made the engine look them up actor by actor, 15 ms a state); else every actor's, of
    ``statuses``. The same rows for the graph's actors either way."""
    limit = _BY_ACTOR["every treaty" if filters.treaties is None else "some treaties"]
    if filters.states is not None and len(filters.states) < limit:
        actors = [n for n, a in graph.nodes(data=True) if a.get("kind") in ("state", "organisation")]
        return intervals(store, towards=filters.treaties, actors=actors)
    return intervals(store, statuses=statuses, towards=filters.treaties)


def treaty_codes(store: ox.Store) -> dict[str, str]:
    """Treaty IRI -> short code, sorted by code."""
    rows = sorted((r["code"].value, r["t"].value) for r in select(store, _TREATIES))
    return {iri: code for code, iri in rows}


def borders(store: ox.Store, filters: Filters, rows: list[Interval] | None = None) -> ViewGraph:
    """States and their land borders; each state carries its status towards each treaty (or the ones
    filtered) on the as-of date (default: today), as ``status_<code>`` and ``since_<code>``, and its
    whole history in ``graph.timelines`` (GEXF writes it as ``status_<code>_over_time``)."""
    day = filters.as_of or dt.date.today()
    graph = ViewGraph(view="borders", as_of=day.isoformat())
    add_nodes(graph, store, filters, orgs=False)
    codes = {t: c for t, c in treaty_codes(store).items() if filters.treaties is None or t in filters.treaties}
    statuses = status_on(store, day, list(codes))
    for treaty, code in codes.items():
        name = code.replace("-", "_")
        for node, attrs in graph.nodes(data=True):
            status, since = statuses[node, treaty]
            attrs[f"status_{name}"] = status
            if since:
                attrs[f"since_{name}"] = since
    for _, actor, of, status, start, end, _ in _intervals_of(store, graph, filters) if rows is None else rows:
        if of in codes and actor in graph:  # the whole history, for Gephi's timeline
            key = f"status_{codes[of].replace('-', '_')}_over_time"
            graph.timelines.setdefault(actor, {}).setdefault(key, []).append((status, start, end))
    add_borders(graph, store)
    return graph


def within(store: ox.Store, seeds: dict[str, int]) -> frozenset[str]:
    """The states within some land borders of each seed state (seed IRI -> hops)."""
    adjacency: dict[str, set[str]] = {}
    for row in select(store, _BORDERS):
        x, y = row["x"].value, row["y"].value
        adjacency.setdefault(x, set()).add(y)
        adjacency.setdefault(y, set()).add(x)
    found: set[str] = set()
    for seed, hops in seeds.items():
        frontier = {seed}
        found.add(seed)
        for _ in range(hops):
            frontier = {n for f in frontier for n in adjacency.get(f, ())} - found
            found |= frontier
    return frozenset(found)

