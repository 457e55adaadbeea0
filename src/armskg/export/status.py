"""The views' one door to status on a date: every page, map and panel reads status through this module,
which reads armskg.sparql.status, the one Python reading of the status intervals.

The intervals (``ak:StatusInterval``: start inclusive, end exclusive; one without a start holds from the
beginning) cover every state's whole time line towards every treaty, ``non-party`` and ``not recorded``
included, so :func:`fallback` (what a state with no interval would be: ``non-party`` only where the treaty's
participation record is complete, else ``not recorded``) is a guard, never the answer for a state of the
graph.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox

from armskg.resources import queries_dir
from armskg.sparql import status as statuses
from armskg.sparql.status import Interval


def view_query(root: Path, name: str) -> str:
    """The text of a view helper query (queries/views/NAME.rq)."""
    return (queries_dir(root) / "views" / f"{name}.rq").read_text(encoding="utf-8")


def intervals(store: ox.Store, root: Path, towards: frozenset[str] | None = None,
              actors: set[str] | None = None) -> list[Interval]:
    """Every status interval towards a treaty (or towards one of ``towards``; of one of ``actors``), sorted
    by actor, treaty and start (armskg.sparql.status)."""
    return statuses.intervals(store, towards=towards, actors=actors)


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
        if row[1] == actor and row[2] == treaty and statuses.holds(row[4], row[5], iso):
            return row[3], row[4] or "", row
    return fallback(coverage), "", None


__all__ = ["Interval", "fallback", "intervals", "status_on", "view_query"]
