"""The map through time: one self-contained HTML page (no network) with every state's status towards a
chosen treaty on a chosen date, drawn from the same boundaries and colours as ``armskg map``.

Each state is an SVG group with ``data-iso3``, ``data-status`` (the status on the date shown, as a top concept
of the status scheme: a withdrawing state is a ``party``), ``data-detail`` (the status itself, a code of the
status table: ``withdrawing``; drawn in its own colour) and ``data-party`` (``true`` while it is bound); the
page's state lives in the URL hash (``#treaty=apmbc&date=2026-01-10&state=FIN&region=europe``).
"""

from __future__ import annotations

import datetime as dt
import html
import json
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from armskg.export.mapshapes import map_shapes, region_frames
from armskg.export.viewdata import view_data
from armskg.vocab import OTHER_LAND, STATUSES

_EXPORT = resources.files("armskg.export")


def asset(name: str) -> str:
    """A file of the views (the templates beside this module, the shared script and style in static/)."""
    return (_EXPORT / name).read_text(encoding="utf-8")


def script_safe(text: str) -> str:
    """Text that can sit inside a <script> or <style> element without closing it."""
    return text.replace("</", "<\\/")


def data_json(data: object) -> str:
    """Data for a ``<script type="application/json">`` element: compact, and unable to close the element."""
    return script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def fill(template: str, values: dict[str, str]) -> str:
    """Fill ``{{NAME}}`` slots in one pass, so that nothing filled in is read as a slot.

    >>> fill("<b>{{A}}</b>{{B}}", {"A": "{{B}}", "B": "x"})
    '<b>{{B}}</b>x'
    """
    import re

    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], template)


#: Statuses drawn with stripes as well as their colour, so that readers who cannot tell the colours apart can
#: still tell them (a party that is leaving from one that has left; a status the record does not give).
STRIPED = ("withdrawing", "not recorded")


def status_css() -> str:
    """A fill rule per status (``[data-status="party"]``), and other land's fill, from the status table;
    the striped statuses' stripes are drawn by :func:`stripes`."""
    rules = [f'[data-status="{s.code}"] {{ fill: {s.colour}; }}' for s in STATUSES.values()]
    rules += [f'.state[data-detail="{s.code}"] {{ fill: {s.colour}; }}' for s in STATUSES.values() if s.broader != s.code]
    rules += [f'svg .state[data-detail="{code}"] {{ fill: url(#stripes-{code.replace(" ", "-")}); }}' for code in STRIPED]
    rules += [f'.swatch[data-status="{code}"] {{ background-image: repeating-linear-gradient(45deg, transparent 0 3px, '
              'rgba(255,255,255,.75) 3px 4.5px); }' for code in STRIPED]
    return "\n".join([*rules, f".other {{ fill: {OTHER_LAND}; }}"])


def stripes() -> str:
    """SVG patterns for the striped statuses: the status's colour with thin white diagonal stripes."""
    out = []
    for code in STRIPED:
        colour = STATUSES[code].colour
        out.append(f'<pattern id="stripes-{code.replace(" ", "-")}" width="6" height="6" patternUnits="userSpaceOnUse" '
                   f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{colour}"/>'
                   '<rect width="1.6" height="6" fill="#ffffff" fill-opacity="0.75"/></pattern>')
    return "<defs>" + "".join(out) + "</defs>"


def controls(view_name: str, regions: list[str]) -> str:
    """The controls both views share (treaty, date slider, play, region, state search) and the legend."""
    options = "".join(f'<option value="{html.escape(r)}">{html.escape(r.replace("-", " ").title())}</option>'
                      for r in regions)
    return fill(asset("static/controls.html"), {"VIEW_NAME": html.escape(view_name), "REGION_OPTIONS": options})


def svg_layers(states: list[list[str]], status: dict[str, str] | None = None) -> tuple[str, str, dict[str, str]]:
    """The other land and the states as SVG markup, each state's ``data-status`` from ``status`` (ISO
    alpha-3 -> code; empty when not given, for the page's script to fill); returns them and ISO alpha-3 ->
    map code."""
    shapes = map_shapes()
    alpha2 = {s[2]: s[3].lower() for s in states if s[3]}
    drawn = {code for code in alpha2.values() if code in shapes}
    other = "".join(f'<path class="other" d="{shapes[c].d}"/>' for c in sorted(shapes)
                    if c not in drawn and c != "aq" and shapes[c].d)
    groups = []
    for iri, label, iso3, _ in states:
        shape = shapes.get(alpha2.get(iso3, ""))
        if shape is None:
            continue
        parts = [f"<title>{html.escape(label)}</title>"]
        if shape.d:
            parts.append(f'<path d="{shape.d}"/>')
        if shape.circle is not None:
            x, y, r = shape.circle
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" data-r="{r:.1f}"/>')
        code = (status or {}).get(iso3, "")
        held, detail = html.escape(STATUSES[code].broader if code in STATUSES else code), html.escape(code)
        groups.append(f'<g class="state" data-iso3="{html.escape(iso3)}" data-status="{held}" data-detail="{detail}" '
                      'data-party="" '
                      f'data-iri="{html.escape(iri)}">{"".join(parts)}</g>')
    return other, "".join(groups), alpha2


def map_page(store: ox.Store, root: Path, as_of: dt.date | None = None, only: frozenset[str] | None = None,
             page_base: str | None = None) -> str:
    """The map view as one HTML page. ``only`` limits the treaty picker to some treaty IRIs; ``page_base``
    (``/id/`` when served) makes the panel link each state's page instead of its IRI."""
    from armskg.pictures.maps import MAP_SOURCE

    data = view_data(store, root, as_of, only)
    states: list[list[str]] = data["states"]  # type: ignore[assignment]
    other, groups, alpha2 = svg_layers(states)
    frames = region_frames({iso3: a2 for iso3, a2 in alpha2.items()})
    data["regions"] = {name: [round(v, 1) for v in box] for name, box in frames.items()}
    data["pageBase"] = page_base or ""
    x0, y0, x1, y1 = frames["world"]
    return fill(asset("mapview.html"), {
        "TITLE": "armskg — status map through time",
        "CSS": script_safe(asset("static/views.css")),
        "STATUS_CSS": status_css(),
        "CONTROLS": controls("map through time", list(frames)),
        "VIEWBOX": f"{x0:.1f} {y0:.1f} {x1 - x0:.1f} {y1 - y0:.1f}",
        "OTHER": other,
        "DEFS": stripes(),
        "STATES": groups,
        "MAP_SOURCE": html.escape(MAP_SOURCE),
        "COMMON_JS": script_safe(asset("static/views.js")),
        "DATA": data_json(data),
    })
