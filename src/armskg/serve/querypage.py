"""The query page at ``/``: the named queries as forms (pickers filled with the names the graph knows), a
SPARQL editor (YASGUI, bundled in static/yasgui/ by tools/vendor_yasgui.py) with the prefixes declared
and the named queries as examples; answers as a table with labels, a map where they have an ``iso3``
column, a chart where they have a ``year``, each with a link to share and downloads (CSV, JSON)."""

from __future__ import annotations

import html
from pathlib import Path

import pyoxigraph as ox

from armskg.export.mapview import asset, data_json, fill, script_safe, status_css
from armskg.export.viewdata import status_table
from armskg.sparql.named import bind, bound_text, load_named, named_queries
from armskg.sparql.text import select
from armskg.vocab import sparql_prefixes

#: Example values for each kind of parameter (the README's questions), by parameter name, then by type.
EXAMPLES = {"alliance": "nato", "bound": "ccw-apii", "left": "apmbc", "from": "2025-01-01", "to": "2026-03-01",
            "state": "RUS", "treaty": "apmbc", "organisation": "nato", "date": "2026-03-01"}

_NAMES = {
    "state": "SELECT ?code ?label WHERE { ?x a ak:State ; ak:iso3 ?code ; rdfs:label ?l . BIND (STR(?l) AS ?label) }",
    "treaty": "SELECT ?code ?label WHERE { ?x a ak:Treaty ; ak:code ?code ; rdfs:label ?l . BIND (STR(?l) AS ?label) }",
    "organisation": "SELECT ?code ?label WHERE { ?x a ak:InternationalOrganisation ; ak:code ?code ; rdfs:label ?l . "
                    "BIND (STR(?l) AS ?label) }",
    "statement": "SELECT ?code ?label WHERE { ?x a ak:JointStatement ; ak:code ?code ; rdfs:label ?l . BIND (STR(?l) AS ?label) }",
}


def names(store: ox.Store) -> dict[str, list[list[str]]]:
    """[code, label] of every state, treaty, organisation and statement, sorted by label."""
    out = {}
    for kind, query in _NAMES.items():
        rows = {(r["code"].value, r["label"].value) for r in select(store, sparql_prefixes() + query)}
        out[kind] = [list(r) for r in sorted(rows, key=lambda r: (r[1].casefold(), r[0]))]
    return out


def offers(store: ox.Store, root: Path) -> dict[str, object]:
    """The named queries (parameters, columns, and the text with example values bound) and the names."""
    queries = []
    for name in named_queries(root):
        named = load_named(root, name)
        example = {p.name: EXAMPLES.get(p.name, EXAMPLES.get(p.type, "")) for p in named.params if p.required}
        example = {k: v for k, v in example.items() if v}
        try:
            text = bound_text(named, bind(store, named, example))
        except Exception:  # noqa: BLE001 - an example the graph cannot bind: show the query as written
            text = named.text
        queries.append({"name": name, "summary": named.summary, "example": example, "text": text,
                        "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default or ""}
                                   for p in named.params]})
    return {"queries": queries, "names": names(store), "prefixes": sparql_prefixes(), "statuses": status_table()}


def page(endpoint: str, offered: dict[str, object], timeout: float, max_rows: int, max_request_kib: int) -> str:
    """The query page, with what it offers written in (no request needed to draw the forms)."""
    return fill(_file("querypage.html"), {
        "CSS": script_safe(asset("static/views.css")),
        "STATUS_CSS": status_css(),
        "ENDPOINT": html.escape(endpoint),
        "DATA": data_json(offered),
        "QUERY_JS": script_safe(_file("static/query.js")),
        "TIMEOUT": f"{timeout:g}", "MAX_ROWS": str(max_rows), "MAX_REQUEST_KIB": str(max_request_kib),
    })


def _file(name: str) -> str:
    from importlib import resources

    return (resources.files("armskg.serve") / name).read_text(encoding="utf-8")
