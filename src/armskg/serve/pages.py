"""Pages for people at the graph's IRIs: a state (its status towards every treaty today and on a chosen
date, its acts with numbered sources, its borders and alliances), a treaty (its clauses, parties over
time, a map, its withdrawals), and any other resource (what the graph says of it, and what points to it).

Everything taken from the graph is escaped; every list is bounded. Status on a date is read through
:mod:`armskg.export.status`, labels and colours from the status table, as in the map and its panel.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pyoxigraph as ox

from armskg.export import status as status_of
from armskg.export.mapview import asset, script_safe, status_css
from armskg.export.status import view_query
from armskg.export.viewdata import acts, memberships, treaties
from armskg.serve.linked import description, label, local_path, types
from armskg.sparql.text import select
from armskg.vocab import AK, STATUSES

#: At most this many rows in any list a page shows (the rest is counted, and the SPARQL endpoint has it all).
MAX_ROWS = 500


def e(value: object) -> str:
    """Escape text for HTML (every value from the graph goes through here)."""
    return html.escape(str(value), quote=True)


def layout(title: str, body: str, alternates: str = "", nav: bool = True) -> str:
    """A whole page: the views' style, the status colours, a title and the body (already escaped); ``nav``
    links the server's other pages (not for a file read away from a server)."""
    links = "".join(f'<link rel="alternate" type="{e(media)}" href="{e(href)}">' for media, href in _formats(alternates))
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<link rel="icon" href="data:,">\n<title>{e(title)} — armskg</title>\n'
            f"{links}\n<style>{script_safe(asset('static/views.css'))}\n{status_css()}</style>\n</head>\n<body>\n"
            + ('<header class="controls"><h1><a href="/">armskg</a></h1><a href="/map">map through time</a>'
               '<a href="/network">network</a><a href="/ontology">ontology</a></header>\n' if nav else "")
            + f'<main class="page">\n{body}\n</main>\n</body>\n</html>\n')


def _formats(path: str) -> list[tuple[str, str]]:
    if not path:
        return []
    return [("text/turtle", f"{path}?format=turtle"), ("application/ld+json", f"{path}?format=jsonld"),
            ("application/n-triples", f"{path}?format=ntriples")]


def _machine_links(path: str) -> str:
    names = {"text/turtle": "Turtle", "application/ld+json": "JSON-LD", "application/n-triples": "N-Triples"}
    return ('<p class="muted">For machines: ' + " · ".join(f'<a href="{e(href)}">{names[media]}</a>'
                                                        for media, href in _formats(path)) +
            " (or ask with an Accept header).</p>")


def link(iri: str, text: str) -> str:
    """A link to an IRI: to this server's page where it serves one, else to the IRI itself if it is a web
    address; any other IRI (``javascript:``, ``data:``, ``urn:``) is shown as text, never followed."""
    href = local_path(iri) or web(iri)
    return f'<a href="{e(href)}">{e(text)}</a>' if href else e(text)


def web(url: str) -> str | None:
    """The address itself if it is an http(s) address a browser may follow, else None.

    >>> web("https://treaties.un.org/x"), web("javascript:alert(1)"), web(" JavaScript:alert(1)")
    ('https://treaties.un.org/x', None, None)
    """
    from urllib.parse import urlsplit

    try:
        return url if urlsplit(url).scheme in ("http", "https") and url.isprintable() else None
    except ValueError:
        return None


def _swatch(code: str) -> str:
    colour = STATUSES[code].colour if code in STATUSES else "#999999"
    return f'<span class="swatch" data-status="{e(code)}" style="background-color:{e(colour)}" aria-hidden="true"></span>{e(code)}'


def _table(head: list[str], rows: list[list[str]], empty: str = "none recorded") -> str:
    """A table of cells already escaped, at most MAX_ROWS rows (the rest counted)."""
    if not rows:
        return f'<p class="muted">{e(empty)}</p>'
    more = f'<p class="muted">and {len(rows) - MAX_ROWS} more (ask the SPARQL endpoint)</p>' if len(rows) > MAX_ROWS else ""
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows[:MAX_ROWS])
    heads = "".join(f'<th scope="col">{e(h)}</th>' for h in head)
    return f"<table><thead><tr>{heads}</tr></thead><tbody>{cells}</tbody></table>{more}"


def _date_form(path: str, day: str, what: str) -> str:
    return (f'<form method="get" action="{e(path)}"><label>{e(what)} <input type="date" name="date" value="{e(day)}"></label> '
            '<button type="submit">Show</button></form>')


def _cited(rows: list[list[object]], sources: list[list[str]]) -> tuple[list[list[str]], str]:
    """Acts as table rows with numbered source references, and the numbered list of those sources."""
    numbers: dict[int, int] = {}
    table = []
    for act in rows:
        refs = act[-1]
        assert isinstance(refs, list)
        marks = "".join(f'<a class="ref" href="#src-{numbers.setdefault(r, len(numbers) + 1)}">[{numbers[r]}]</a>' for r in refs)
        _, _, _, action, date, effective, cn, note, pending, _ = act
        parts = [e(action)]
        if effective and effective != date:
            parts.append(f"effective {e(effective)}")
        if cn:
            parts.append(f"depositary notification {e(cn)}")
        if pending:
            parts.append(f"effect pending: {e(pending)}")
        if note:
            parts.append(f'<span class="muted">{e(note)}</span>')
        table.append([e(date or "undated"), "; ".join(parts) + " " + marks])
    items = []
    for index, number in sorted(numbers.items(), key=lambda kv: kv[1]):
        _, title, publisher, url, published = sources[index]
        name = f'<a href="{e(url)}" rel="noopener">{e(title)}</a>' if url and web(url) else e(title)
        items.append(f'<li id="src-{number}">{name}{". " + e(publisher) if publisher else ""}'
                     f'{", " + e(published) if published else ""}</li>')
    return table, "<ol class=\"sources\">" + "".join(items) + "</ol>" if items else '<p class="muted">none</p>'


def state_page(store: ox.Store, root: Path, iri: ox.NamedNode, day: dt.date) -> str:
    """A state's page: status towards every treaty today and on ``day``, acts, borders and alliances."""
    today = dt.date.today().isoformat()
    name, code = label(store, iri), iri.value.rsplit("/", 1)[1]
    rows = status_of.intervals(store, root, actors={iri.value})  # its own: every state's took 0.25 s of a page's 0.3
    status_rows = []
    for t_iri, t_code, t_label, _, coverage, *_ in treaties(store, root):
        now = status_of.status_on(rows, iri.value, t_iri, today, coverage or None)
        then = status_of.status_on(rows, iri.value, t_iri, day, coverage or None)
        status_rows.append([link(t_iri, t_label) + f' <span class="muted">{e(t_code)}</span>',
                            _swatch(now[0]) + (f" since {e(now[1])}" if now[1] else ""),
                            _swatch(then[0]) + (f" since {e(then[1])}" if then[1] else "")])
    act_rows, sources = acts(store, root, {iri.value})
    by_treaty: dict[str, list[list[object]]] = {}
    for act in act_rows:
        by_treaty.setdefault(str(act[2]), []).append(act)
    cited_rows, source_list = _cited([a for group in by_treaty.values() for a in group], sources)
    timeline = []
    position = 0
    for t_iri, group in by_treaty.items():
        timeline.append(f"<h3>{link(t_iri, label(store, ox.NamedNode(t_iri)))}</h3>")
        timeline.append(_table(["date", "act"], cited_rows[position:position + len(group)]))
        position += len(group)
    borders = [[link(r["other"].value, r["label"].value), e(r["iso3"].value), link(r["border"].value, "border")]
               for r in select(store, view_query(root, "borders"), {ox.Variable("state"): iri})]
    orgs = [[link(m[1], m[3]), e(m[4]), e(m[5] or "—"), e(m[6])] for m in memberships(store, root) if m[0] == iri.value]
    path = f"/id/state/{code}"
    body = (f'<h1>{e(name)} <span class="muted">{e(code)}</span></h1><p class="muted">{e(iri.value)}</p>'
            f'<p><a href="/map#treaty=apmbc&amp;date={e(day.isoformat())}&amp;state={e(code)}">On the map through time</a></p>'
            + _date_form(path, day.isoformat(), "Status on")
            + "<h2>Status towards every treaty</h2>"
            + _table(["treaty", f"today ({today})", f"on {day.isoformat()}"], status_rows)
            + "<h2>Borders</h2>" + _table(["neighbour", "ISO", "border"], borders, "no land border recorded")
            + "<h2>Alliances and unions</h2>" + _table(["organisation", "from", "until (not included)", "status"], orgs)
            + "<h2>Timeline</h2>" + ("".join(timeline) or '<p class="muted">no act recorded</p>')
            + "<h2>Sources</h2>" + source_list + _machine_links(path))
    return layout(f"{name} ({code})", body, path)


def generic_page(store: ox.Store, iri: ox.NamedNode, path: str) -> str:
    """Any other resource: what the graph says of it (its description) and what points to it."""
    rows = []
    for triple in description(store, iri):
        if triple.subject != iri:
            continue
        value = triple.object
        shown = link(value.value, label(store, value)) if isinstance(value, ox.NamedNode) else (
            f'<a href="{e(value.value)}" rel="noopener">{e(value.value)}</a>'
            if isinstance(value, ox.Literal) and value.datatype.value.endswith("#anyURI") and web(value.value)
            else e(label(store, value)) if isinstance(value, (ox.BlankNode, ox.Literal)) else e(value))
        rows.append([link(triple.predicate.value, label(store, triple.predicate)), shown])
    incoming: dict[str, ox.NamedNode] = {}
    for quad in store.quads_for_pattern(None, None, iri):
        if isinstance(quad.subject, ox.NamedNode) and len(incoming) <= MAX_ROWS:
            incoming.setdefault(quad.subject.value, quad.predicate)
    pointing = [[link(s, label(store, ox.NamedNode(s))), link(p.value, label(store, p))] for s, p in sorted(incoming.items())]
    kinds = ", ".join(link(t, label(store, ox.NamedNode(t))) for t in sorted(types(store, iri)))
    body = (f"<h1>{e(label(store, iri))}</h1><p class=\"muted\">{e(iri.value)}</p><p>{kinds}</p>"
            "<h2>What the graph says</h2>" + _table(["property", "value"], rows)
            + "<h2>What points here</h2>" + _table(["resource", "by"], pointing) + _machine_links(path))
    return layout(label(store, iri), body, path)


def not_found_page(message: str) -> str:
    """The page of a 404: the message, and where to go instead."""
    body = (f"<h1>Not found</h1><p>{e(message)}</p><p>The graph's IRIs look like "
            '<a href="/id/state/LTU">/id/state/LTU</a>, <a href="/id/treaty/apmbc">/id/treaty/apmbc</a> or '
            '<a href="/id/org/nato">/id/org/nato</a>; the <a href="/">query page</a> lists what the graph knows.</p>')
    return layout("Not found", body)


def resource_page(store: ox.Store, root: Path, iri: ox.NamedNode, day: dt.date) -> str:
    """The page for an IRI, by its kind."""
    from armskg.serve.treatypage import treaty_page

    path = local_path(iri.value) or ""
    kinds = types(store, iri)
    if AK + "State" in kinds:
        return state_page(store, root, iri, day)
    if AK + "Treaty" in kinds:
        return treaty_page(store, root, iri, day)
    return generic_page(store, iri, path)
