"""The public Python face of armskg: ``armskg.load()`` returns a :class:`KnowledgeGraph`."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pyoxigraph as ox

from armskg.build import compile_dataset, open_store
from armskg.query import Result, bind, guard, load_named, run

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    import networkx as nx

    from armskg.validate import Report


class KnowledgeGraph:
    """The compiled armskg dataset, ready to query."""

    def __init__(self, store: ox.Store, root: Path) -> None:
        self.store = store
        self.root = root

    def query(self, name: str, *, as_of: str | dt.date | None = None, **params: str) -> Result:
        """Run a named query (or a .rq file) with parameters; ``as_of`` defaults to today.

        >>> kg = load()
        >>> kg.query("parties-bordering", treaty="ottawa", state="Russia", as_of="2026-03-01").column("iso3")
        ['BLR', 'NOR', 'UKR']
        """
        named = load_named(self.root, name)
        values = {k: str(v) for k, v in params.items()}
        if as_of is not None and any(p.name == "as_of" for p in named.params):
            values["as_of"] = as_of.isoformat() if isinstance(as_of, dt.date) else as_of
        bindings = bind(self.store, named, values)
        result = run(self.store, named.text, bindings)
        hidden = {p.var for p in named.params}
        keep = [i for i, c in enumerate(result.columns) if c not in hidden]
        result.columns = [result.columns[i] for i in keep]
        result.rows = [[row[i] for i in keep] for row in result.rows]
        as_of_term = bindings.get(ox.Variable("as_of"))
        result.as_of = as_of_term.value if as_of_term is not None else None
        return result

    def sparql(self, text: str) -> Result:
        """Run an ad-hoc SELECT query over the whole dataset; SERVICE, LOAD and updates are refused."""
        return run(self.store, guard(text))

    def validate(self) -> Report:
        """Validate the source files afresh (shapes and checks)."""
        return compile_dataset(self.root, timeline=False).report

    def to_networkx(self, view: str = "relations", *, treaty: str | list[str] | None = None,
                    as_of: str | dt.date | None = None, region: str | None = None) -> nx.MultiDiGraph:
        """A view of the graph as a networkx MultiDiGraph: ``relations`` (states, treaties and
        organisations; party-to, consented-to, signatory-of, withdrew-from, member-of and borders edges
        with their dates), ``borders`` (states with their status towards each treaty on ``as_of``), or
        ``rdf`` (one node per resource, one edge per triple). Nodes are keyed by IRI.

        >>> kg = load()
        >>> g = kg.to_networkx(treaty="ottawa", as_of="2026-03-01", region="LTU:0")
        >>> sorted(k for _, _, k in g.edges(keys=True))
        ['withdrew-from:state:LTU:treaty:apmbc:2025-12-27']
        """
        from armskg import export

        return export.view(self.store, view, export.filters(self.store, _names(treaty), as_of, region)).to_networkx()

    def export(self, fmt: str, *, view: str = "relations", treaty: str | list[str] | None = None,
               as_of: str | dt.date | None = None, region: str | None = None) -> bytes:
        """A view exported for a graph viewer: graphml, gexf, cytoscape, dot, jsonld or html (bytes)."""
        from armskg import export

        return export.render(self.store, fmt, view, export.filters(self.store, _names(treaty), as_of, region))

    def __len__(self) -> int:
        return len(self.store)


def _names(value: str | list[str] | None) -> list[str] | None:
    return [value] if isinstance(value, str) else value


def load(root: str | os.PathLike[str] | None = None, artifact: str | os.PathLike[str] | None = None,
         in_memory: bool = True) -> KnowledgeGraph:
    """Open armskg's graph, building the compiled artifact first if needed.

    By default the graph is copied into memory, which suits many queries (a notebook); ``in_memory=False``
    reads it on disk, which suits one (the command line).
    """
    store, base = open_store(root, artifact, in_memory)
    return KnowledgeGraph(store, base)


__all__ = ["KnowledgeGraph", "load"]
