"""What the browser views draw (the map through time, the network, the panels), as one JSON-ready dict.

Every status, label and colour comes from the status table (:mod:`armskg.vocab`); status on a date from
:mod:`armskg.export.status`. States, treaties, status intervals, acts (with their numbered sources) and
memberships are listed once and referred to by index, so that the page stays small.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox

from armskg.export.status import Interval, fallback, intervals, view_query
from armskg.sparql.text import columns, gather, joined, select
from armskg.vocab import MEMBERSHIP_STATUSES, TREATY_STATUSES

#: The act fields the panels show, in order (a missing one is "").
ACT_FIELDS = ("action", "date", "effective", "cn", "note", "pending")
#: The columns of queries/views/acts.rq, read by position.
_ACT_COLUMNS = ("act", "s", "t", *ACT_FIELDS, "source", "title", "publisher", "url", "published", "kind")


def _v(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    return "" if term is None else term.value


def states(store: ox.Store, root: Path) -> list[list[str]]:
    """[iri, label, iso3, iso2] of every state, by ISO alpha-3 code."""
    return [[r["s"].value, r["label"].value, r["iso3"].value, _v(r["iso2"])]
            for r in select(store, view_query(root, "states"))]


def treaties(store: ox.Store, root: Path) -> list[list[str]]:
    """[iri, code, label, status of a state with no act, coverage, as-at, opened, in force, ended], by code.

    A treaty's record is complete only when every participation record it carries says so; its as-at date
    is the earliest of theirs.
    """
    out: dict[str, list[str]] = {}
    covers: dict[str, list[str]] = {}
    for r in select(store, view_query(root, "treaties")):
        iri = r["t"].value
        out.setdefault(iri, [iri, r["code"].value, r["label"].value, "", "", "", _v(r["opened"]), _v(r["eif"]), _v(r["ended"])])
        covers.setdefault(iri, []).append(_v(r["coverage"]))
        as_at = _v(r["as_at"])
        if as_at and (not out[iri][5] or as_at < out[iri][5]):
            out[iri][5] = as_at
    for iri, found in covers.items():
        coverage = "complete" if all(c == "complete" for c in found) else "partial" if "partial" in found else ""
        out[iri][3], out[iri][4] = fallback(coverage or None), coverage
    return sorted(out.values(), key=lambda t: t[1])


def acts(store: ox.Store, root: Path, wanted: set[str] | None = None,
         numbered: list[list[str]] | None = None) -> tuple[list[list[object]], list[list[str]]]:
    """Every treaty act of a state (of ``wanted`` states, if given) and the sources they cite.

    Returns (acts, sources): an act is [act IRI, state IRI, treaty IRI, *ACT_FIELDS, [source index, ...]],
    sorted by state, treaty, date; a source is [IRI, title, publisher, url, published]. Given ``numbered``
    (:func:`cited_sources`), the acts' sources are numbered in that list, which is returned.
    """
    found: dict[str, list[object]] = {}
    values: dict[str, dict[str, set[str]]] = {}
    cited: dict[str, list[str]] = {}
    # the wanted states bound in the query: one state's acts in a seventh of the time of every state's
    bindings = {ox.Variable("s"): [ox.NamedNode(s) for s in sorted(wanted)]} if wanted is not None else None
    solutions = columns(select(store, view_query(root, "acts"), bindings), _ACT_COLUMNS, "queries/views/acts.rq")
    for act_iri, state, treaty, *fields, source, title, publisher, url, published, _ in solutions:
        iri = act_iri.value
        act = found.get(iri)
        if act is None:
            act = found[iri] = [iri, state.value, treaty.value, *([""] * len(ACT_FIELDS)), []]
            values[iri] = {}
        gather(values[iri], ACT_FIELDS, fields)
        if source is not None:
            key = source.value
            if key not in cited:
                cited[key] = _source(key, title, publisher, url, published)
            refs = act[-1]
            assert isinstance(refs, list)
            if key not in refs:
                refs.append(key)
    for iri, given in values.items():  # a field given twice (two notes on one act) shows both, as reports do
        shown = joined(given)
        found[iri][3:3 + len(ACT_FIELDS)] = [shown.get(name, "") for name in ACT_FIELDS]
    sources = sorted(cited.values(), key=lambda s: s[0]) if numbered is None else numbered
    index = {s[0]: i for i, s in enumerate(sources)}
    rows = sorted(found.values(), key=lambda a: (str(a[1]), str(a[2]), str(a[4]), str(a[0])))
    for act in rows:
        refs = act[-1]
        assert isinstance(refs, list)
        act[-1] = sorted(index[s] for s in refs)
    return rows, sources


def cited_sources(store: ox.Store, root: Path) -> list[list[str]]:
    """Every source a state's treaty act cites, as :func:`acts` lists them: [IRI, title (or the IRI),
    publisher, url, published], by IRI."""
    cited: dict[str, list[str]] = {}
    for r in select(store, view_query(root, "sources")):
        key = r["source"].value
        if key not in cited:
            cited[key] = _source(key, r["title"], r["publisher"], r["url"], r["published"])
    return sorted(cited.values(), key=lambda s: s[0])


def _source(iri: str, title: ox.Literal | None, publisher: ox.Literal | None, url: ox.Literal | None,
            published: ox.Literal | None) -> list[str]:
    """A source as the views list it: [IRI, title (or the IRI), publisher, url, published] (one of each:
    ontology/shapes.ttl)."""
    return [iri, _v(title) or iri, _v(publisher), _v(url), _v(published)]


def memberships(store: ox.Store, root: Path) -> list[list[str]]:
    """[state IRI, organisation IRI, code, label, start, end (exclusive, "" open), status, since] of every
    membership status (member, frozen, withdrawn, not recorded) from the status intervals."""
    rows = [[r["s"].value, r["o"].value, _v(r["code"]), r["label"].value, r["start"].value, _v(r["end"]),
             r["status"].value, r["start"].value] for r in select(store, view_query(root, "memberships"))]
    return sorted(rows)


def status_table() -> dict[str, list[list[str | bool]]]:
    """The status table as the pages read it: [code, label, meaning, colour, bound] for treaties and
    memberships (bound: a party or member on that day, as a withdrawing state still is)."""
    return {"treaty": [[s.code, s.label, s.meaning, s.colour, s.member, s.broader] for s in TREATY_STATUSES],
            "membership": [[s.code, s.label, s.meaning, s.colour, s.member, s.broader] for s in MEMBERSHIP_STATUSES]}


def view_data(store: ox.Store, root: Path, as_of: dt.date | None = None, only: frozenset[str] | None = None,
              rows: list[Interval] | None = None, keep: set[str] | None = None) -> dict[str, object]:
    """Everything a view draws: states (``keep`` those IRIs, if given), treaties (``only`` those IRIs, if
    given), status intervals, acts, sources and memberships, each referred to by its index; ``asOf`` the
    date shown first (default today)."""
    every_state = states(store, root)
    state_rows = [s for s in every_state if keep is None or s[0] in keep]
    treaty_rows = [t for t in treaties(store, root) if only is None or t[0] in only]
    sindex = {s[0]: i for i, s in enumerate(state_rows)}
    tindex = {t[0]: i for i, t in enumerate(treaty_rows)}
    region = None if 2 * len(state_rows) > len(every_state) else {s[0] for s in state_rows}
    if region is None:  # for most states, reading every act and interval at once costs less
        act_rows, sources = acts(store, root)
    else:  # a region's acts only (one state's in a sixth of the time), their sources numbered among every
        act_rows, sources = acts(store, root, region, cited_sources(store, root))  # act's, as the page numbers them
    act_rows = [a for a in act_rows if a[1] in sindex and a[2] in tindex]
    aindex = {str(a[0]): i for i, a in enumerate(act_rows)}
    spans = [[sindex[actor], tindex[treaty], status, start or "", end or "", aindex.get(basis or "", -1)]
             for _, actor, treaty, status, start, end, basis in (intervals(store, root, only, region) if rows is None else rows)
             if actor in sindex and treaty in tindex]
    orgs = [m for m in memberships(store, root) if m[0] in sindex]
    day = as_of or dt.date.today()
    first = min((str(s[3]) for s in spans if s[3]), default=day.isoformat())
    return {
        "statuses": status_table(),
        "asOf": day.isoformat(), "first": first[:4] + "-01-01", "last": max(day, dt.date.today()).isoformat(),
        "states": state_rows,
        "treaties": treaty_rows,
        "intervals": spans,
        "acts": [[sindex[str(a[1])], tindex[str(a[2])], *a[3:]] for a in act_rows],
        "sources": [s[1:] for s in sources],
        "memberships": [[sindex[m[0]], *m[1:]] for m in orgs],
    }
