"""A small directed multigraph for views, with the part of networkx's API the writers use.

Importing networkx costs about a third of a command-line export (0.15-0.3 s of start-up, measured with
cProfile), so the writers work on this class and only ``to_networkx`` imports networkx.
"""

from __future__ import annotations

from collections.abc import Iterator

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    import networkx as nx

Value = str | int | bool
Attrs = dict[str, Value]


class _Nodes:
    """``graph.nodes``: iterate node keys, ``graph.nodes[n]`` for attributes, ``graph.nodes(data=True)``."""

    def __init__(self, store: dict[str, Attrs]) -> None:
        self._store = store

    def __iter__(self) -> Iterator[str]:
        return iter(self._store)

    def __len__(self) -> int:
        return len(self._store)

    def __getitem__(self, node: str) -> Attrs:
        return self._store[node]

    def __call__(self, data: bool = False) -> Iterator[tuple[str, Attrs]]:
        return iter(self._store.items())


class ViewGraph:
    """Nodes keyed by IRI in insertion order; edges keyed by a unique string, in insertion order."""

    def __init__(self, **attrs: str) -> None:
        self.graph: dict[str, str] = dict(attrs)
        self._nodes: dict[str, Attrs] = {}
        self._edges: dict[str, tuple[str, str, Attrs]] = {}
        #: Attributes that change over time, for the writers that carry time (GEXF): node -> attribute ->
        #: [(value, start, end)], start None from the beginning, end exclusive or None.
        self.timelines: dict[str, dict[str, list[tuple[str, str | None, str | None]]]] = {}

    @property
    def nodes(self) -> _Nodes:
        return _Nodes(self._nodes)

    def __contains__(self, node: object) -> bool:
        return node in self._nodes

    def add_node(self, node: str, **attrs: Value) -> None:
        self._nodes.setdefault(node, {}).update(attrs)

    def remove_isolated(self, kind: str) -> None:
        """Remove the nodes of one kind that no edge touches."""
        touched = {end for u, v, _ in self._edges.values() for end in (u, v)}
        for node in [n for n, a in self._nodes.items() if a.get("kind") == kind and n not in touched]:
            del self._nodes[node]

    def add_edge(self, source: str, target: str, key: str, **attrs: Value) -> None:
        if key in self._edges:
            raise ValueError(f"duplicate edge key {key!r}")
        self._edges[key] = (source, target, dict(attrs))

    def edges(self, keys: bool = False, data: bool | str = False,
              default: Value | None = None) -> Iterator[tuple[object, ...]]:
        """Like networkx: (u, v[, key][, attrs or one attribute's value])."""
        for key, (u, v, attrs) in self._edges.items():
            head: tuple[object, ...] = (u, v, key) if keys else (u, v)
            if data is True:
                yield (*head, attrs)
            elif isinstance(data, str):
                yield (*head, attrs.get(data, default))
            else:
                yield head

    def edge_items(self) -> Iterator[tuple[str, str, str, Attrs]]:
        """(source, target, key, attributes) of every edge, typed."""
        for key, (u, v, attrs) in self._edges.items():
            yield u, v, key, attrs

    def number_of_nodes(self) -> int:
        return len(self._nodes)

    def number_of_edges(self) -> int:
        return len(self._edges)

    def to_networkx(self) -> nx.MultiDiGraph:
        """The same graph as a networkx MultiDiGraph (same node keys, edge keys and attributes)."""
        import networkx as nx

        graph = nx.MultiDiGraph(**self.graph)
        graph.add_nodes_from((n, dict(a)) for n, a in self._nodes.items())
        graph.add_edges_from((u, v, k, dict(a)) for k, (u, v, a) in self._edges.items())
        return graph
