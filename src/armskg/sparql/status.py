"""Status on a date for the writers that are not queries (exports, pictures, reports): the one Python
reading of the status intervals that armskg.build.timeline derives, with the one pattern the named
queries use (queries/reports/status-on.rq), and each treaty's participation record.

No function here decides a status: each finds the interval that holds on a day (start inclusive, end
exclusive; an interval with no start holds from the beginning) and reads its status.
"""

from __future__ import annotations

import datetime as dt
import functools

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.sparql.terms import date_literal, parse_date
from armskg.sparql.text import columns, select
from armskg.vocab import AK

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterable

#: One status interval: (interval, actor, treaty or organisation, status, start or None, end or None, basis or None).
Interval = tuple[str, str, str, str, str | None, str | None, str | None]

#: The columns of queries/reports/intervals.rq, read by position.
_INTERVAL_COLUMNS = ("i", "actor", "towards", "status", "start", "end", "basis")
#: The status towards a treaty (or an organisation) by which the intervals are read.
VIA = {"treaty": ox.NamedNode(AK + "treaty"), "organisation": ox.NamedNode(AK + "organisation")}


@functools.cache
def _query(name: str) -> str:
    """A report helper query of queries/reports/, read once (from the packaged data: these define how
    the graph is read, not what a user asks)."""
    from armskg.resources import data_root, queries_dir

    return (queries_dir(data_root()) / "reports" / f"{name}.rq").read_text(encoding="utf-8")


def _v(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    return None if term is None else term.value


def status_on(store: ox.Store, day: str | dt.date, towards: str | Iterable[str] | None = None,
              kind: str = "treaty", actors: str | Iterable[str] | None = None) -> dict[tuple[str, str], tuple[str, str | None]]:
    """Every participant's (or the ``actors``') status towards a treaty (or several, or every one:
    ``towards`` None) on a day, as (actor IRI, treaty IRI) -> (status, since); ``kind="organisation"``
    reads the memberships instead. Every state has a status towards everything on every day.

    >>> import armskg
    >>> kg = armskg.load()
    >>> status = status_on(kg.store, "2026-03-01", "https://w3id.org/armskg/id/treaty/apmbc")
    >>> status["https://w3id.org/armskg/id/state/LTU", "https://w3id.org/armskg/id/treaty/apmbc"]
    ('withdrawn', '2025-12-27')
    """
    bindings: dict[ox.Variable, object] = {ox.Variable("via"): VIA[kind],
                                           ox.Variable("as_of"): date_literal(parse_date(day, "as_of"))}
    for name, given in (("towards", towards), ("actor", actors)):
        if given is not None:
            iris = [given] if isinstance(given, str) else list(given)
            bindings[ox.Variable(name)] = [ox.NamedNode(iri) for iri in iris]
    return {(row["actor"].value, row["towards"].value): (row["status"].value, _v(row["since"]))
            for row in select(store, _query("status-on"), bindings)}


def intervals(store: ox.Store, kind: str = "treaty", statuses: Iterable[str] | None = None,
              towards: Iterable[str] | None = None, actors: Iterable[str] | None = None) -> list[Interval]:
    """Every status interval towards the treaties (or the organisations), or those holding one of
    ``statuses``, or towards one of ``towards``, or of one of ``actors`` (IRIs), sorted by actor, then by
    what it is towards, then by start (no start first)."""
    bindings: dict[ox.Variable, object] = {ox.Variable("via"): VIA[kind]}
    if statuses is not None:  # reading every interval of the whole graph from disk takes a second or two
        bindings[ox.Variable("status")] = [ox.Literal(s) for s in statuses]
    if towards is not None:  # one treaty's intervals: a twentieth of the rows, in a sixth of the time
        bindings[ox.Variable("towards")] = [ox.NamedNode(iri) for iri in sorted(towards)]
    if actors is not None:  # a region's states
        bindings[ox.Variable("actor")] = [ox.NamedNode(iri) for iri in sorted(actors)]
    solutions = columns(select(store, _query("intervals"), bindings), _INTERVAL_COLUMNS, "queries/reports/intervals.rq")
    rows = [(i.value, actor.value, to.value, status.value, _v(start), _v(end), _v(basis))
            for i, actor, to, status, start, end, basis in solutions]
    return sorted(rows, key=lambda r: (r[1], r[2], r[4] or "", r[0]))


def holds(start: str | None, end: str | None, day: str) -> bool:
    """Whether an interval from ``start`` (inclusive; None: from the beginning) to ``end`` (exclusive;
    None: open) holds on an ISO day.

    >>> holds(None, "1999-02-26", "1998-01-01"), holds("2003-11-01", "2025-12-27", "2025-12-27")
    (True, False)
    """
    return (start is None or start <= day) and (end is None or day < end)


class Record:
    """How complete the graph's record of a treaty's participants is (ak:participationRecord)."""

    __slots__ = ("as_at", "code", "coverage", "ended", "label")

    def __init__(self, code: str, label: str, coverage: str, as_at: str | None, ended: str | None = None) -> None:
        #: "complete", "partial", or "no record" (read as partial: the graph never answers past its record)
        self.code, self.label, self.coverage, self.as_at = code, label, coverage, as_at
        #: the first day the treaty was no longer in force (ak:terminationDate), if it ended
        self.ended = ended

    def note(self, day: str) -> str | None:
        """What a reader of an answer on ``day`` must know of the record: that it was read on an earlier
        day, so acts since may be missing (None when the record covers the day, or the treaty had ended by
        the day the record was read, after which no act can come).

        >>> Record("apmbc", "Anti-Personnel Mine Ban Convention", "complete", "2026-02-03").note("2026-12-06")
        "the graph's record of the Anti-Personnel Mine Ban Convention (apmbc) is complete as at 2026-02-03: acts after that date may be missing"
        >>> Record("inf", "INF Treaty", "partial", "2019-08-02", ended="2019-08-02").note("2026-12-06") is None
        True
        """
        if self.as_at is None or day <= self.as_at or (self.ended is not None and self.ended <= self.as_at):
            return None
        return (f"the graph's record of the {self.label} ({self.code}) is {self.coverage} as at {self.as_at}: acts "
                "after that date may be missing")

    @property
    def complete(self) -> bool:
        """Whether a state with no act towards the treaty is known to be a non-party."""
        return self.coverage == "complete"

    def __repr__(self) -> str:
        return f"Record({self.code!r}, {self.coverage!r}, as_at={self.as_at!r})"


def records(store: ox.Store, treaty: ox.NamedNode | list[ox.NamedNode] | None = None) -> dict[str, Record]:
    """Each treaty's participation record (or only ``treaty``'s, or those of a list), by treaty IRI: complete
    only if every record it carries says so.

    >>> import armskg
    >>> records(armskg.load().store)["https://w3id.org/armskg/id/treaty/apmbc"]
    Record('apmbc', 'complete', as_at='2026-02-03')
    """
    found: dict[str, tuple[str, str, set[str], set[str], str | None]] = {}
    bindings = {ox.Variable("t"): treaty} if treaty is not None else None
    for row in select(store, _query("records"), bindings):
        entry = found.setdefault(row["t"].value, (row["code"].value, row["label"].value, set(), set(),
                                                  _v(row["ended"])))
        if row["coverage"] is not None:
            entry[2].add(row["coverage"].value)
        if row["as_at"] is not None:
            entry[3].add(row["as_at"].value)
    out = {}
    for iri, (code, label, coverages, dates, ended) in found.items():
        coverage = "no record" if not coverages else "complete" if coverages == {"complete"} else "partial"
        out[iri] = Record(code, label, coverage, min(dates) if dates else None, ended)
    return out


def record_notes(store: ox.Store, treaties: Iterable[str], day: str | None) -> list[str]:
    """The notes an answer on ``day`` about ``treaties`` (IRIs) carries: for each treaty whose record was
    read before that day, that acts since may be missing (:meth:`Record.note`)."""
    wanted = sorted(set(treaties))
    if not day or not wanted:
        return []
    found = records(store, [ox.NamedNode(iri) for iri in wanted])  # one reading for every treaty asked about
    return [note for iri in wanted if iri in found for note in [found[iri].note(day)] if note]


class IncompleteRecord(ArmskgError):
    """A question only a complete participation record can answer, asked of a partial (or missing) one."""


def require_complete(store: ox.Store, treaty: ox.NamedNode, query: str) -> None:
    """Refuse a question only a complete record can answer (``never-joined``, ``party-counts``), naming the
    record's coverage."""
    # one treaty's record, not every treaty's (0.6 ms today, 3 ms at 8 times the treaties, on each never-joined)
    record = records(store, treaty).get(treaty.value)
    if record is not None and not record.complete:
        name = f"the {record.label} ({record.code})"
        when = f" as at {record.as_at}" if record.as_at else ""
        state = (f"the graph has no participation record of {name}" if record.coverage == "no record"
                 else f"the graph's participation record of {name} is partial{when}")
        raise IncompleteRecord(f"{query} needs a complete participation record, and {state}: ask treaty-status or "
                          "non-parties, which say 'not recorded' where the record is silent")


__all__ = ["VIA", "IncompleteRecord", "Interval", "Record", "holds", "intervals", "record_notes", "records",
           "require_complete", "status_on"]
