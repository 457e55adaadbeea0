"""Exports to graph viewers: a view of the graph (relations, borders, rdf) written in a viewer's format.

``render`` returns the bytes; ``write`` puts them in a file atomically (a reader finds the old file or
the new one, never half of one). Same graph, same options, same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pyoxigraph as ox

from armskg.errors import ArmskgError, Name, ParameterError
from armskg.export.graph import ViewGraph
from armskg.export.views import VIEWS, Filters, borders, relations, within
from armskg.sparql.status import Interval

EXPORT_FORMATS = ("graphml", "gexf", "cytoscape", "dot", "jsonld", "html")
EXTENSIONS = {"graphml": ".graphml", "gexf": ".gexf", "cytoscape": ".cyjs", "dot": ".dot", "jsonld": ".jsonld",
              "html": ".html"}


def parse_region(store: ox.Store, text: str) -> frozenset[str]:
    """``STATE[:HOPS],...``: each state with the states within HOPS land borders of it (default 1).

    ``RUS`` is Russia and its neighbours; ``LTU:0,LVA:0,EST:0`` the three Baltic states alone.
    """
    from armskg.sparql.terms import names_of

    names = names_of(store, "state")
    seeds: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, hops = part.rpartition(":") if ":" in part else (part, "", "1")
        if sep and not (hops.isdigit() and len(hops) <= 2):
            raise ArmskgError(f"bad region {part[:40]!r}: expected STATE or STATE:HOPS (a number of borders)")
        seeds[names.resolve(name).value] = int(hops)
    if not seeds:
        raise ParameterError("", Name("region"), " names no state (expected STATE[:HOPS],...)")
    return within(store, seeds)


def filters(store: ox.Store, treaties: list[str] | None = None, as_of: str | dt.date | None = None,
            region: str | None = None) -> Filters:
    """Resolve user-given names and dates into view filters (an unknown name or bad date is an error)."""
    from armskg.sparql.terms import names_of, parse_date

    chosen = None
    if treaties:
        names = names_of(store, "treaty")
        chosen = frozenset(names.resolve(t).value for t in treaties)
    day = parse_date(as_of, "as_of") if as_of is not None else None
    states = parse_region(store, region) if region is not None else None  # "" is no region: refused
    return Filters(chosen, states, day)


def _check_rdf(chosen: Filters | None) -> None:
    if chosen is not None and (chosen.treaties is not None or chosen.states is not None or chosen.as_of is not None):
        raise ParameterError("the rdf view is the whole graph: ", Name("treaty"), ", ", Name("region"), " and ",
                             Name("as_of"), " do not apply to it")


def view(store: ox.Store, name: str = "relations", chosen: Filters | None = None,
         rows: list[Interval] | None = None) -> ViewGraph:
    """Build a view: ``relations``, ``borders`` or ``rdf`` (the whole dataset, unfiltered); ``rows`` are
    the status intervals when the caller has them already."""
    chosen = chosen or Filters()
    if name == "relations":
        return relations(store, chosen, rows)
    if name == "borders":
        return borders(store, chosen, rows)
    if name == "rdf":
        _check_rdf(chosen)
        from armskg.export.rdfview import rdf_graph

        return rdf_graph(store)
    if name == "map":
        raise ArmskgError("the map view is a page: use --format html")
    raise ArmskgError(f"unknown view {name!r}; known: {', '.join(VIEWS)}")


def render(store: ox.Store, fmt: str, view_name: str = "relations", chosen: Filters | None = None,
           root: Path | None = None) -> bytes:
    """Export a view in a format, as bytes (UTF-8); ``root`` is the data folder whose queries/views/ the
    map view reads (default: the packaged data)."""
    if fmt not in EXPORT_FORMATS:
        raise ArmskgError(f"unknown format {fmt!r}; known: {', '.join(EXPORT_FORMATS)}")
    if fmt == "html" and view_name == "rdf":
        raise ArmskgError("the html view shows the relations or borders view, not the rdf view")
    if view_name == "map":
        return _map(store, fmt, chosen or Filters(), root)
    if fmt == "jsonld" and view_name == "rdf":
        from armskg.export.jsonld import dataset_jsonld

        _check_rdf(chosen)
        return dataset_jsonld(store).encode()
    if fmt == "html":
        from armskg.export.html import html, needs
        from armskg.sparql.status import intervals

        needs()
        chosen = chosen or Filters()
        # read once, for the network's edges and the page's data (which reads status through export/status.py)
        rows = intervals(store, towards=chosen.treaties)
        return html(store, view(store, view_name, chosen, rows), chosen, root, rows).encode()
    graph = view(store, view_name, chosen)
    if fmt == "jsonld":
        from armskg.export.jsonld import view_jsonld

        return view_jsonld(store, graph).encode()
    from armskg.export import formats

    writer = {"graphml": formats.graphml, "gexf": formats.gexf, "cytoscape": formats.cytoscape, "dot": formats.dot}[fmt]
    return writer(formats.normalise(graph)).encode()


def _map(store: ox.Store, fmt: str, chosen: Filters, root: Path | None) -> bytes:
    """The map through time (HTML only): ``--treaty`` limits its treaty picker, ``--as-of`` is the date shown first."""
    if fmt != "html":
        raise ArmskgError("the map view is a page: use --format html")
    if chosen.states is not None:
        raise ArmskgError("the map view draws every state: zoom with its region picker (or #region=europe in its URL)")
    from armskg.export.mapview import map_page
    from armskg.resources import data_root

    return map_page(store, root or data_root(), chosen.as_of, chosen.treaties).encode()


def write(data: bytes, path: str | os.PathLike[str], fmt: str) -> Path:
    """Write an export in format ``fmt`` to a file whole or not at all, replacing only a file armskg wrote
    (:func:`armskg.outputs.write_output`)."""
    from armskg.outputs import write_output

    return write_output(path, data, fmt)


def format_for(path: str) -> str:
    """The format a file name asks for by its extension (``.gexf`` -> gexf), or an error.

    >>> format_for("armskg.gexf"), format_for("out/LTU.GraphML")
    ('gexf', 'graphml')
    """
    suffix = Path(path).suffix.lower()
    by_suffix = {ext: fmt for fmt, ext in EXTENSIONS.items()} | {".json": "cytoscape", ".gv": "dot", ".htm": "html"}
    if suffix not in by_suffix:
        raise ParameterError("give ", Name("format"), f": the extension of {path!r} names no format ({', '.join(EXPORT_FORMATS)})")
    return by_suffix[suffix]


__all__ = ["EXPORT_FORMATS", "EXTENSIONS", "VIEWS", "Filters", "filters", "format_for", "render", "view", "write"]
