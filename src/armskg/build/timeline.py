"""The one definition of "status on a date": every participant's status timeline (ak:StatusInterval).

Derived once, at build time, for **every** state towards **every** treaty and every organisation, so that
the intervals of one pair cover the whole time line without a gap: from the beginning of time (an interval
with no start) to the open end. A reader never supplies a default status; it finds the one interval that
holds on the day (start inclusive, end exclusive) and reads its status.

Towards a treaty:
- before the treaty was open to anyone (ak:openedForSignature, else ak:adopted, else its first act), and
  from the day it ended (ak:terminationDate): ``non-party``;
- from the participant's first act on: the statuses its acts lead to (signatory, consented, party,
  withdrawing, withdrawn, non-party), each based on (ak:basedOn) the act that starts it (the non-party
  from a treaty's end is derived from the treaty: prov:wasDerivedFrom);
- in between, the record speaks for the state only if it is complete (ak:participationRecord with
  ak:coverage ak:complete-record): ``non-party``; a partial record, or none, is silent: ``not recorded``.

Towards an organisation: ``non-member`` before the first membership, ``member`` (``frozen`` from
ak:statusSince), ``withdrawn`` between and after memberships; a membership whose end is known only by
year (ak:endYear) is ``not recorded`` within that year and ended from the next; each is derived from its
membership (prov:wasDerivedFrom).
"""

from __future__ import annotations

import datetime as dt
import functools

import pyoxigraph as ox

from armskg.sparql.terms import date_literal
from armskg.sparql.text import select
from armskg.vocab import AK, ID, TIMELINE_GRAPH, sparql_prefixes

#: (status, start or None for the beginning of time, end (exclusive) or None, basis IRI or None)
Piece = tuple[str, dt.date | None, dt.date | None, str | None]

_TIMELINE = ox.NamedNode(TIMELINE_GRAPH)
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_DERIVED_FROM = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
_COMPLETE = AK + "complete-record"
_PARTIAL = AK + "partial-record"

_EVENTS = sparql_prefixes() + """
SELECT ?actor ?treaty ?action ?kind ?date ?effective WHERE {
  ?action ak:actor ?actor ; ak:treaty ?treaty ; a ?kind .
  FILTER (?kind IN (ak:Signature, ak:ConsentToBeBound, ak:WithdrawalNotification, ak:RevocationOfRatification,
                    ak:NonIntentNotification))
  OPTIONAL { ?action ak:date ?date }
  OPTIONAL { ?action ak:effectiveDate ?effective }
}"""

_TREATIES = sparql_prefixes() + """
SELECT ?treaty ?opened ?adopted ?ended (GROUP_CONCAT(STR(?coverage)) AS ?coverages) WHERE {
  ?treaty a ak:Treaty .
  OPTIONAL { ?treaty ak:openedForSignature ?opened }
  OPTIONAL { ?treaty ak:adopted ?adopted }
  OPTIONAL { ?treaty ak:terminationDate ?ended }
  OPTIONAL { ?treaty ak:participationRecord/ak:coverage ?coverage }
} GROUP BY ?treaty ?opened ?adopted ?ended"""

_ORGANISATIONS = sparql_prefixes() + """
SELECT ?org (GROUP_CONCAT(STR(?coverage)) AS ?coverages) WHERE {
  ?org a ak:InternationalOrganisation .
  OPTIONAL { ?org ak:participationRecord/ak:coverage ?coverage }
} GROUP BY ?org"""

_MEMBERSHIPS = sparql_prefixes() + """
SELECT ?m ?state ?org ?start ?end ?endYear ?held ?since WHERE {
  ?m a ak:Membership ; org:member ?state ; org:organization ?org ; ak:date ?start .
  OPTIONAL { ?m ak:endDate ?end }
  OPTIONAL { ?m ak:endYear ?endYear }
  OPTIONAL { ?m ak:membershipStatus ?held ; ak:statusSince ?since }
}"""

_STATES = sparql_prefixes() + "SELECT ?s WHERE { ?s a ak:State }"

#: (status an event leads to, statuses it can leave); an event that cannot apply is ignored.
#: A suspension (ak:Suspension) is not an event here: a suspending state stays a party.
_TRANSITIONS: dict[str, tuple[str, frozenset[str | None]]] = {
    "signature": ("signatory", frozenset({None, "non-party"})),
    "deposit": ("consented", frozenset({None, "signatory", "withdrawn", "non-party"})),
    "in-force": ("party", frozenset({None, "signatory", "consented", "withdrawn", "non-party"})),
    "notified": ("withdrawing", frozenset({"party", "consented"})),
    "withdrawn": ("withdrawn", frozenset({"party", "withdrawing", "consented"})),
    "revoked": ("signatory", frozenset({"party", "consented", "withdrawing"})),
    # a signatory's notice that it does not intend to become a party (VCLT Art. 18(a)): the US and the ATT
    "unsigned": ("non-party", frozenset({"signatory"})),
}
#: The order of events that fall on the same day.
_RANK = {"signature": 0, "deposit": 1, "in-force": 2, "notified": 3, "withdrawn": 4, "revoked": 4, "unsigned": 4}


def _day(term: ox.Literal | None) -> dt.date | None:
    """The date a literal holds, or None when there is none or it is not a date (validation reports it)."""
    try:
        return dt.date.fromisoformat(term.value) if term is not None else None
    except ValueError:
        return None


def _events(kind: str, date: dt.date | None, effective: dt.date | None) -> list[tuple[dt.date, str]]:
    local = kind.rsplit("#", 1)[1]
    if local == "Signature":
        return [(date, "signature")] if date else []
    if local == "NonIntentNotification":
        return [(date, "unsigned")] if date else []
    if local in ("ConsentToBeBound", "WithdrawalNotification"):
        start, end = ("deposit", "in-force") if local == "ConsentToBeBound" else ("notified", "withdrawn")
        events = [(date, start)] if date else []
        return events + ([(effective, end)] if effective else [])
    when = effective or date
    return [(when, "revoked")] if when else []


def status_intervals(events: list[tuple[dt.date, str, str]]) -> list[tuple[str, dt.date, dt.date | None, str]]:
    """Turn one participant's dated events towards one treaty into status intervals [start, end).

    >>> d = dt.date
    >>> status_intervals([(d(2003, 5, 12), "deposit", "r"), (d(2003, 11, 1), "in-force", "r"),
    ...                   (d(2025, 6, 27), "notified", "w"), (d(2025, 12, 27), "withdrawn", "w")])[-2:]
    [('withdrawing', datetime.date(2025, 6, 27), datetime.date(2025, 12, 27), 'w'), ('withdrawn', datetime.date(2025, 12, 27), None, 'w')]
    """
    status: str | None = None
    intervals: list[tuple[str, dt.date, dt.date | None, str]] = []
    for day, event, action in sorted(events, key=lambda e: (e[0], _RANK[e[1]])):
        target, allowed = _TRANSITIONS[event]
        if status not in allowed or target == status:
            continue
        if intervals:
            previous = intervals[-1]
            intervals[-1] = (previous[0], previous[1], day, previous[3])
            if previous[1] == day:  # two changes on one day: only the last holds
                intervals.pop()
        intervals.append((target, day, None, action))
        status = target
    return intervals


def end_with_treaty(intervals: list[tuple[str, dt.date, dt.date | None, str]],
                    ended: dt.date | None) -> list[tuple[str, dt.date, dt.date | None, str]]:
    """Close every status interval on the day the treaty itself ends (ak:terminationDate); intervals that
    would start on or after it are dropped (:func:`treaty_timeline` adds the non-party that follows).

    >>> d = dt.date
    >>> end_with_treaty([("party", d(1988, 6, 1), d(2019, 2, 2), "r"), ("withdrawing", d(2019, 2, 2), d(2019, 8, 2), "w"),
    ...                  ("withdrawn", d(2019, 8, 2), None, "w")], d(2019, 8, 2))[-1]
    ('withdrawing', datetime.date(2019, 2, 2), datetime.date(2019, 8, 2), 'w')
    >>> end_with_treaty([("party", d(2011, 2, 5), None, "r")], d(2026, 2, 5))
    [('party', datetime.date(2011, 2, 5), datetime.date(2026, 2, 5), 'r')]
    """
    if ended is None:
        return intervals
    return [(status, start, ended if end is None or end > ended else end, action)
            for status, start, end, action in intervals if start < ended]


def _join(pieces: list[Piece]) -> list[Piece]:
    """Make pieces in date order one time line: each ends where the next starts; empty pieces go, and
    neighbours that hold the same status merge (the earlier one's basis stays)."""
    out: list[Piece] = []
    for status, start, end, basis in pieces:
        if out and start is not None and (out[-1][2] is None or out[-1][2] > start):
            out[-1] = (out[-1][0], out[-1][1], start, out[-1][3])
            if out[-1][1] is not None and out[-1][1] >= start:
                out.pop()
        if start is not None and end is not None and start >= end:
            continue
        if out and out[-1][0] == status:
            out[-1] = (status, out[-1][1], end, out[-1][3])
        else:
            out.append((status, start, end, basis))
    return out


def treaty_timeline(acts: list[tuple[str, dt.date, dt.date | None, str]], opened: dt.date | None,
                    ended: dt.date | None, complete: bool, treaty: str = "") -> list[Piece]:
    """One participant's whole time line towards a treaty, without a gap (see the module's docstring).

    >>> d = dt.date
    >>> treaty_timeline([], d(1997, 12, 3), None, complete=True)
    [('non-party', None, None, None)]
    >>> treaty_timeline([], d(1967, 1, 27), None, complete=False)
    [('non-party', None, datetime.date(1967, 1, 27), None), ('not recorded', datetime.date(1967, 1, 27), None, None)]
    >>> [p[:3] for p in treaty_timeline([("party", d(1988, 6, 1), None, "r")], d(1987, 12, 8), d(2019, 8, 2), True, "t")]
    [('non-party', None, datetime.date(1988, 6, 1)), ('party', datetime.date(1988, 6, 1), datetime.date(2019, 8, 2)), ('non-party', datetime.date(2019, 8, 2), None)]
    """
    acts = end_with_treaty(acts, ended)
    first = acts[0][1] if acts else ended
    pieces: list[Piece] = []
    if complete or (opened is not None and first is not None and opened >= first):
        pieces.append(("non-party", None, first, None))
    elif opened is None:
        pieces.append(("not recorded", None, first, None))
    else:  # the record is silent from the day the treaty opened to the participant's first recorded act
        pieces += [("non-party", None, opened, None), ("not recorded", opened, first, None)]
    pieces.extend(acts)
    if ended is not None:
        pieces.append(("non-party", ended, None, treaty or None))
    return _join(pieces)


def membership_timeline(memberships: list[tuple[dt.date, dt.date | None, int | None, dt.date | None, str, str]],
                        complete: bool = True) -> list[Piece]:
    """One state's whole time line towards an organisation, from its memberships: (start, last day or
    None, end year or None, status-since or None, that status, membership IRI), in any order.

    >>> d = dt.date
    >>> [p[:3] for p in membership_timeline([(d(1993, 9, 24), None, 1999, None, "", "m")])]
    [('non-member', None, datetime.date(1993, 9, 24)), ('member', datetime.date(1993, 9, 24), datetime.date(1999, 1, 1)), ('not recorded', datetime.date(1999, 1, 1), datetime.date(2000, 1, 1)), ('withdrawn', datetime.date(2000, 1, 1), None)]
    >>> [p[:3] for p in membership_timeline([(d(1973, 1, 1), d(2020, 1, 31), None, None, "", "m")])][-1]
    ('withdrawn', datetime.date(2020, 2, 1), None)
    """
    pieces: list[Piece] = [("non-member" if complete else "not recorded", None, None, None)]
    for start, last, end_year, since, held, iri in sorted(memberships):
        pieces[-1] = (pieces[-1][0], pieces[-1][1], start, pieces[-1][3])
        end = last + dt.timedelta(days=1) if last is not None else dt.date(end_year, 1, 1) if end_year else None
        if since is not None and start < since and (end is None or since < end):
            pieces += [("member", start, since, iri), (held, since, end, iri)]
        else:
            pieces.append(("member", start, end, iri))
        if end_year is not None and last is None:
            unknown_to = dt.date(end_year + 1, 1, 1)
            pieces += [("not recorded", end, unknown_to, iri), ("withdrawn", unknown_to, None, iri)]
        elif end is not None:
            pieces.append(("withdrawn", end, None, iri))
    return _join(pieces)


def _coverage(term: ox.Literal | None) -> bool:
    """Whether a treaty's records say it is complete (a record at all, every one complete)."""
    found = term.value.split() if term is not None else []
    return bool(found) and all(c == _COMPLETE for c in found)


class _Writer:
    """Collects the quads of the intervals as N-Quads, loaded into the store in one call.

    The intervals are about 94,000 quads over a few thousand distinct terms (a participant, a treaty, a
    status, a date). Each term is made once, as pyoxigraph's term, and written once by pyoxigraph (its
    N-Triples form, ``str(term)``); a quad is then four strings joined. Making 94,000 ``Quad`` objects cost
    more than adding them to the store; writing their lines costs a tenth of that (derive_status 0.52 ->
    0.36 s, docs/benchmarks.md). The load may be lenient, skipping the parser's checks of IRIs: every term's text
    is pyoxigraph's own writing of a term it made (no blank node, which a load would rename)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0
        names = ("actor", "treaty", "organisation", "status", "date", "endDate", "basedOn", "followedBy")
        self.p = {name: str(ox.NamedNode(AK + name)) for name in names}
        self.head = f"{_TYPE} {ox.NamedNode(AK + 'StatusInterval')} {_TIMELINE} .\n"
        self.tail = f" {_TIMELINE} .\n"
        self.derived_from = str(_DERIVED_FROM)
        # one text per distinct term (terms are immutable), for the writer's life
        self._iri = functools.cache(lambda iri: str(ox.NamedNode(iri)))
        self._status = functools.cache(lambda status: str(ox.Literal(status)))
        self._date = functools.cache(lambda day: str(date_literal(day)))

    def add(self, prefix: str, actor: str, towards: tuple[str, str], pieces: list[Piece]) -> None:
        base = f"{ID}{prefix}/{actor.rsplit('/', 1)[1]}/"
        nodes = [str(ox.NamedNode(base + (start.isoformat() if start else "origin"))) for _, start, _, _ in pieces]
        p, tail = self.p, self.tail
        fixed = f" {p['actor']} {self._iri(actor)}{tail}", f" {p[towards[0]]} {self._iri(towards[1])}{tail}"
        lines = self.lines
        for index, ((status, start, end, basis), node) in enumerate(zip(pieces, nodes)):
            lines += (f"{node} {self.head}", node + fixed[0], node + fixed[1], f"{node} {p['status']} {self._status(status)}{tail}")
            if start is not None:
                lines.append(f"{node} {p['date']} {self._date(start)}{tail}")
            if end is not None:
                lines.append(f"{node} {p['endDate']} {self._date(end)}{tail}")
                # the interval that starts the day this one ends (an index, ontology/index.ttl: changes.rq
                # reads it instead of finding that interval by its date, actor and treaty)
                if index + 1 < len(pieces) and pieces[index + 1][1] == end:
                    lines.append(f"{node} {p['followedBy']} {nodes[index + 1]}{tail}")
            if basis is not None:  # an act (ak:basedOn); a membership or a treaty's own end (prov:wasDerivedFrom)
                act = towards[0] == "treaty" and basis != towards[1]
                lines.append(f"{node} {p['basedOn'] if act else self.derived_from} {self._iri(basis)}{tail}")
            self.count += 1

    def write(self, store: ox.Store) -> None:
        """Add the collected quads to ``store``."""
        store.load("".join(self.lines).encode(), format=ox.RdfFormat.N_QUADS, lenient=True)


def _treaty_intervals(store: ox.Store, states: list[str], out: _Writer) -> None:
    grouped: dict[tuple[str, str], list[tuple[dt.date, str, str]]] = {}
    first_act: dict[str, dt.date] = {}
    for row in select(store, _EVENTS):
        for day, event in _events(row["kind"].value, _day(row["date"]), _day(row["effective"])):
            actor, treaty = row["actor"].value, row["treaty"].value
            grouped.setdefault((actor, treaty), []).append((day, event, row["action"].value))
            first_act[treaty] = min(day, first_act.get(treaty, day))
    actors = sorted(set(states) | {actor for actor, _ in grouped})
    for row in select(store, _TREATIES):
        treaty = row["treaty"].value
        opened = _day(row["opened"]) or _day(row["adopted"]) or first_act.get(treaty)
        ended, complete = _day(row["ended"]), _coverage(row["coverages"])
        silent = treaty_timeline([], opened, ended, complete, treaty)  # every participant with no act towards it
        prefix = f"status/{treaty.rsplit('/', 1)[1]}"
        for actor in actors:
            events = grouped.get((actor, treaty))
            pieces = treaty_timeline(status_intervals(events), opened, ended, complete, treaty) if events else silent
            out.add(prefix, actor, ("treaty", treaty), pieces)


def _organisation_intervals(store: ox.Store, states: list[str], out: _Writer) -> None:
    held: dict[tuple[str, str], list[tuple[dt.date, dt.date | None, int | None, dt.date | None, str, str]]] = {}
    for row in select(store, _MEMBERSHIPS):
        start = _day(row["start"])
        if start is None:
            continue
        year = row["endYear"].value[:4] if row["endYear"] is not None else ""
        status = row["held"].value if row["held"] is not None else "member"
        key = (row["state"].value, row["org"].value)
        held.setdefault(key, []).append((start, _day(row["end"]), int(year) if year.isdigit() else None,
                                         _day(row["since"]), status, row["m"].value))
    actors = sorted(set(states) | {actor for actor, _ in held})
    for row in select(store, _ORGANISATIONS):
        org = row["org"].value
        complete = row["coverages"] is None or _PARTIAL not in row["coverages"].value.split()
        for actor in actors:
            out.add(f"membership-status/{org.rsplit('/', 1)[1]}", actor, ("organisation", org),
                    membership_timeline(held.get((actor, org), []), complete))


def derive_status(store: ox.Store) -> int:
    """Write every participant's status intervals towards every treaty and organisation to the timeline
    graph; returns how many intervals were written."""
    states = [row["s"].value for row in select(store, _STATES)]
    out = _Writer()
    _treaty_intervals(store, states, out)
    _organisation_intervals(store, states, out)
    out.write(store)
    return out.count
