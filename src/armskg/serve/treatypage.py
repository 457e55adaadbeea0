"""A treaty's page: its dates and record, its clauses held as data, its parties over time (the named
query ``party-counts``, drawn as a chart), a map of every state's status on a date, and its withdrawals
(the named query ``withdrawals``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox

from armskg.export import status as status_of
from armskg.export.status import view_query
from armskg.export.viewdata import states, treaties
from armskg.serve.pages import _date_form, _machine_links, _swatch, _table, e, layout, link
from armskg.sparql.named import bind, load_named, run_named
from armskg.sparql.status import IncompleteRecord
from armskg.sparql.text import select
from armskg.vocab import TREATY_STATUSES


def line_chart(points: list[tuple[int, int]], caption: str) -> str:
    """An SVG line chart of (year, count), with its numbers as a table for readers who cannot see it."""
    if not points:
        return '<p class="muted">no party recorded</p>'
    width, height, pad = 640, 220, 36
    x0, x1 = points[0][0], max(points[-1][0], points[0][0] + 1)
    top = max(max(c for _, c in points), 1)

    def xy(year: int, count: int) -> str:
        return f"{pad + (year - x0) * (width - 2 * pad) / (x1 - x0):.1f},{height - pad - count * (height - 2 * pad) / top:.1f}"

    line = " ".join(xy(y, c) for y, c in points)
    ticks = "".join(f'<text x="{xy(y, 0).split(",")[0]}" y="{height - 12}" text-anchor="middle" font-size="11">{y}</text>'
                    for y, _ in points if (y - x0) % max(1, (x1 - x0) // 6) == 0)
    table = "".join(f"<tr><td>{y}</td><td>{c}</td></tr>" for y, c in points)
    return (f'<figure><svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{e(caption)}">'
            f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#999"/>'
            f'<text x="{pad}" y="{pad - 12}" font-size="11">{top}</text>'
            f'<polyline fill="none" stroke="{TREATY_STATUSES[0].colour}" stroke-width="2" points="{line}"/>{ticks}</svg>'
            f"<figcaption>{e(caption)}</figcaption></figure>"
            f'<details><summary>The numbers</summary><table><tr><th>year</th><th>parties</th></tr>{table}</table></details>')


def _map(store: ox.Store, root: Path, iri: str, day: str, coverage: str | None) -> str:
    """Every state's status on the day, on the map (when the pictures extra is installed), and counted."""
    # this treaty's intervals, each state's in their order (every treaty's, then each state's picked out of
    # them, took 0.3-0.6 s of a page's 0.35-0.7 s)
    by_state: dict[str, list[status_of.Interval]] = {}
    for r in status_of.intervals(store, root, towards=frozenset({iri})):
        by_state.setdefault(r[1], []).append(r)
    state_rows = states(store, root)
    held = {s[2]: status_of.status_on(by_state[s[0]], s[0], iri, day, coverage)[0]
            if s[0] in by_state else status_of.fallback(coverage) for s in state_rows}
    counts = {s.code: sum(1 for v in held.values() if v == s.code) for s in TREATY_STATUSES}
    legend = " · ".join(f"{_swatch(code)} {n}" for code, n in counts.items() if n)
    try:
        from armskg.export.mapshapes import map_shapes, region_frames
        from armskg.export.mapview import stripes, svg_layers

        other, groups, alpha2 = svg_layers(state_rows, held)
        map_shapes()
        x0, y0, x1, y1 = region_frames(alpha2)["world"]
    except Exception:  # noqa: BLE001 - the pictures extra is missing: the counts and the table still say it all
        return f'<p>{legend}</p><p class="muted">The map needs the pictures extra: pip install \'armskg[pictures]\'.</p>'
    return (f'<p>{legend}</p><svg viewBox="{x0:.1f} {y0:.1f} {x1 - x0:.1f} {y1 - y0:.1f}" role="img" '
            f'aria-label="Each state\'s status on {e(day)}" style="width:100%;height:auto">'
            f'{stripes()}<g>{other}</g><g>{groups}</g></svg>')


def _counts(store: ox.Store, root: Path, code: str, name: str, names: dict[str, object]) -> str:
    """The chart of parties at the end of each year, or why there is none: a partial record cannot be
    counted (the query ``party-counts`` refuses it)."""
    query = load_named(root, "party-counts")
    try:
        counts = run_named(store, query, bind(store, query, {"treaty": code}, names))  # type: ignore[arg-type]
    except IncompleteRecord:
        return ('<p class="muted">not recorded: the graph\'s participation record of this treaty is partial, so '
                "it cannot count the parties; each state's status below says <em>not recorded</em> where the "
                "record is silent</p>")
    return line_chart([(int(str(r["year"])), int(str(r["parties"]))) for r in counts],
                      f"Parties to the {name} at the end of each year")


def treaty_page(store: ox.Store, root: Path, iri: ox.NamedNode, day: dt.date) -> str:
    """The page of a treaty."""
    row = next(t for t in treaties(store, root) if t[0] == iri.value)
    _, code, name, _, coverage, as_at, opened, eif, ended = row
    facts = [["code", e(code)], ["opened for signature", e(opened or "not recorded")],
             ["entry into force", e(eif or "not in force")]]
    if ended:
        facts.append(["ended", e(ended)])
    facts.append(["participation record", e(f"{coverage}, as at {as_at}" if coverage else "coverage not declared: "
                                             "a state with no recorded act is 'not recorded'")])
    clauses: dict[str, list[str]] = {}
    for r in select(store, view_query(root, "rules"), {ox.Variable("t"): iri}):
        rule = r["rule"].value
        entry = clauses.setdefault(rule, [e(r["kind"].value), link(rule, r["label"].value if r["label"] else rule),
                                          e(r["note"].value if r["note"] else ""), ""])
        if r["source"] is not None:
            entry[3] += ("; " if entry[3] else "") + link(r["url"].value if r["url"] else r["source"].value,
                                                           r["title"].value if r["title"] else r["source"].value)
    names: dict[str, object] = {}
    named = load_named(root, "withdrawals")
    exits = run_named(store, named, bind(store, named, {"treaty": code, "as_of": day.isoformat()}, names))  # type: ignore[arg-type]
    exit_rows = [[link(f"https://w3id.org/armskg/id/state/{r['iso3']}", str(r["label"])),
                  *(e(r[c] or "") for c in ("announced", "voted", "notified", "effective", "note"))] for r in exits]
    path = f"/id/treaty/{code}"
    body = (f'<h1>{e(name)} <span class="muted">{e(code)}</span></h1><p class="muted">{e(iri.value)}</p>'
            f'<p><a href="/map#treaty={e(code)}&amp;date={e(day.isoformat())}">On the map through time</a></p>'
            + _table(["", ""], facts)
            + "<h2>Clauses held as data</h2>" + _table(["clause", "rule", "what it says", "sources"], list(clauses.values()))
            + "<h2>Parties over time</h2>" + _counts(store, root, code, name, names)
            + f"<h2>Each state's status on {e(day.isoformat())}</h2>" + _date_form(path, day.isoformat(), "Status on")
            + _map(store, root, iri.value, day.isoformat(), coverage or None)
            + f"<h2>Withdrawals and suspensions known on {e(day.isoformat())}</h2>"
            + _table(["state", "announced", "voted", "notified", "effective", "note"], exit_rows, "none")
            + _machine_links(path))
    return layout(f"{name} ({code})", body, path)
