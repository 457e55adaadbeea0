"""The views' one door to status on a date: every page, map and panel reads status through this module.

It reads the status intervals the build derives (``ak:StatusInterval``: start inclusive, end exclusive;
an interval without a start holds from the beginning) and says what a state with no interval on a date
is: ``non-party`` only where the graph declares the treaty's participation record complete, else ``not
recorded`` — never a confident ``non-party`` past the record. When status on a date gets its single
Python reader (armskg.sparql.status), only this module changes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox

from armskg.resources import queries_dir
from armskg.sparql.text import select

#: (interval IRI, actor IRI, treaty IRI, status, start or None, end or None, the act it rests on or None)
Interval = tuple[str, str, str, str, str | None, str | None, str | None]


def view_query(root: Path, name: str) -> str:
    """The text of a view helper query (queries/views/NAME.rq)."""
    return (queries_dir(root) / "views" / f"{name}.rq").read_text(encoding="utf-8")


def intervals(store: ox.Store, root: Path) -> list[Interval]:
    """Every status interval, sorted by actor, treaty and start."""
    rows = [(r["i"].value, r["actor"].value, r["treaty"].value, r["status"].value, _v(r["start"]), _v(r["end"]),
             _v(r["basis"])) for r in select(store, view_query(root, "intervals"))]
    return sorted(rows, key=lambda r: (r[1], r[2], r[4] or ""))


def _v(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    return None if term is None else term.value


def fallback(coverage: str | None) -> str:
    """The status of a state with no interval on a date, given the treaty record's coverage.

    >>> fallback("partial"), fallback("complete"), fallback(None)
    ('not recorded', 'non-party', 'not recorded')
    """
    return "non-party" if coverage == "complete" else "not recorded"


def status_on(rows: list[Interval], actor: str, treaty: str, day: dt.date | str,
              coverage: str | None = None) -> tuple[str, str, Interval | None]:
    """(status, since, the interval) of one actor towards one treaty on a date (since: "" when unknown)."""
    iso = day if isinstance(day, str) else day.isoformat()
    for row in rows:
        if row[1] == actor and row[2] == treaty and (row[4] or "") <= iso and (row[5] is None or iso < row[5]):
            return row[3], row[4] or "", row
    return fallback(coverage), "", None
