"""The HTML view: one self-contained page that opens offline, drawn with plotly.js.

plotly.js comes from the installed ``plotly`` package (PyPI) and is inlined when the page is exported;
armskg's repository holds only the page template (``view.html``) and the data it is filled with.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.export.graph import ViewGraph
from armskg.export.views import Filters, Interval, intervals, treaty_codes
from armskg.sparql.text import select
from armskg.vocab import TIMELINE_GRAPH, TREATY_STATUSES, sparql_prefixes

_SOURCES = sparql_prefixes() + f"""
SELECT ?action ?kind ?date ?source ?title ?url WHERE {{
  GRAPH <{TIMELINE_GRAPH}> {{ ?interval ak:basedOn ?action }}
  ?action a ?kind .
  FILTER (?kind IN (ak:Signature, ak:Ratification, ak:Accession, ak:Acceptance, ak:Approval, ak:Succession,
                    ak:WithdrawalNotification, ak:RevocationOfRatification))
  OPTIONAL {{ ?action ak:date ?date }}
  OPTIONAL {{ ?action dcterms:source ?source OPTIONAL {{ ?source dcterms:title ?title }} OPTIONAL {{ ?source ak:url ?url }} }}
}}"""


def plotly_js() -> str:
    """plotly.js as the installed plotly package ships it (plotly/package_data/plotly.min.js)."""
    try:
        source = resources.files("plotly") / "package_data" / "plotly.min.js"
        return source.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        raise ArmskgError("the html export needs plotly: pip install 'armskg[html]'") from None


def _script_safe(text: str) -> str:
    """Text that can sit inside a <script> element without closing it."""
    return text.replace("</", "<\\/")


def _actions(store: ox.Store, wanted: set[str]) -> dict[str, list[object]]:
    """What the page says about each action that starts a status: [kind, date, [[title, url], ...]]."""
    kinds: dict[str, set[str]] = {}
    dates: dict[str, str] = {}
    sources: dict[str, dict[str, list[str]]] = {}
    for row in select(store, _SOURCES):
        iri = row["action"].value
        if iri not in wanted:
            continue
        kinds.setdefault(iri, set()).add(row["kind"].value.rsplit("#", 1)[1])
        dates[iri] = row["date"].value if row["date"] is not None else ""
        found = sources.setdefault(iri, {})
        if row["source"] is not None:
            title = row["title"].value if row["title"] is not None else row["source"].value
            found[row["source"].value] = [title, row["url"].value if row["url"] is not None else ""]
    out: dict[str, list[object]] = {}
    for iri in sorted(kinds):
        out[iri] = [" / ".join(sorted(kinds[iri])), dates[iri], [sources[iri][s] for s in sorted(sources[iri])]]
    return out


def payload(store: ox.Store, graph: ViewGraph, chosen: Filters, rows: list[Interval] | None = None) -> dict[str, object]:
    """The data the page draws: states, treaties, borders, status intervals, actions and their sources."""
    states = sorted((n for n, a in graph.nodes(data=True) if a.get("kind") == "state"),
                    key=lambda n: str(graph.nodes[n].get("iso3", n)))
    index = {iri: i for i, iri in enumerate(states)}
    codes = {iri: code for iri, code in treaty_codes(store).items() if chosen.treaties is None or iri in chosen.treaties}
    labels = {r["t"].value: r["label"].value for r in select(store, sparql_prefixes() + "SELECT ?t ?label WHERE { ?t a ak:Treaty ; rdfs:label ?label }")}
    treaties = sorted(codes, key=lambda iri: codes[iri])
    tindex = {iri: i for i, iri in enumerate(treaties)}
    spans = [(index[actor], tindex[treaty], status, start, end, basis or "")
             for _, actor, treaty, status, start, end, basis in (intervals(store) if rows is None else rows) if actor in index and treaty in tindex]
    actions = _actions(store, {s[5] for s in spans})
    action_list = sorted(actions)
    aindex = {iri: i for i, iri in enumerate(action_list)}
    borders = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v, _, attrs in graph.edge_items()
                      if attrs.get("kind") == "borders" and u in index and v in index})
    day = chosen.as_of or dt.date.today()
    first = min((s[3] for s in spans), default=day.isoformat())
    return {
        "colours": {s.code: s.colour for s in TREATY_STATUSES},
        "asOf": day.isoformat(), "first": first[:4] + "-01-01", "last": max(day, dt.date.today()).isoformat(),
        "states": [[iri, graph.nodes[iri].get("label", iri), graph.nodes[iri].get("iso3", "")] for iri in states],
        "treaties": [[iri, codes[iri], labels.get(iri, codes[iri])] for iri in treaties],
        "borders": borders,
        "intervals": [[s, t, status, start, end or "", aindex.get(basis, -1)] for s, t, status, start, end, basis in spans],
        "actions": [[iri, *actions[iri]] for iri in action_list],
    }


def html(store: ox.Store, graph: ViewGraph, chosen: Filters, rows: list[Interval] | None = None) -> str:
    """The self-contained page: the template, the data as JSON, and plotly.js inlined."""
    template = (resources.files("armskg.export") / "view.html").read_text(encoding="utf-8")
    data = json.dumps(payload(store, graph, chosen, rows), ensure_ascii=False, separators=(",", ":"))
    title = f"armskg — {graph.graph.get('view', 'relations')} view"
    return (template.replace("{{TITLE}}", title)
            .replace("/*{{DATA}}*/", _script_safe(data))
            .replace("/*{{PLOTLY}}*/", _script_safe(plotly_js())))
