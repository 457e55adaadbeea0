"""The one cross-check: where a treaty's records disagree, state by state and stage by stage.

For every treaty of tools/records_treaties.py, the records' tables (UNODA, UK Treaties Online, the IEADB) and,
where the UN Treaty Collection's table is the graph's record (ENMOD), that table too, are compared: a state and
stage (signature, consent, withdrawal) is reported where the records give it on different dates or as different
kinds of act, or where a record that lists every participant lacks it. London's own record (NPT, BWC, OST,
PTBT, Seabed Treaty) lists only the deposits made in London and is not expected to list everyone. What the graph
follows where they disagree is the merges' business (its claims are in the graph: ``armskg query
disputed-claims``); this check only shows the records side by side, for review.

It also compares UNODA's index pages (the tooltip per state and treaty) with its timeline, where the stored
copies are at hand (``index_disagreements``). Lives in tools/, outside the wheel.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import records_readers as readers
import untc
from project_tables import read_bounded
from records_acts import CLASSES, Row
from records_names import Names
from records_tables import TIMELINE, deposits
from records_treaties import TREATIES

#: The UN Treaty Collection's kinds of consent, in the records' words.
_KINDS = {name: action for action, name in CLASSES.items()}
#: UNODA's index pages: the current one (read with the timeline) and an older scrape.
INDEXES = ("index-2026-08-22.html", "index-2023-10-13.html")


@dataclass(frozen=True, order=True)
class Given:
    """What one record gives for a state's stage: a date, the kind of act, the depositary it names."""

    record: str
    date: str
    action: str
    depositary: str = ""

    def __str__(self) -> str:
        return f"{self.record} {self.date} {self.action}{' at ' + self.depositary if self.depositary else ''}"


@dataclass(frozen=True)
class Disagreement:
    """A state's stage of one treaty on which the records disagree."""

    treaty: str
    iso3: str
    stage: str
    given: tuple[Given, ...]
    missing: tuple[str, ...]

    def __str__(self) -> str:
        absent = f" (not in {', '.join(self.missing)})" if self.missing else ""
        return f"{self.treaty} {self.iso3} {self.stage}: {'; '.join(map(str, self.given))}{absent}"


def cross_check(treaty: str, rows: list[Row], several: bool) -> list[Disagreement]:
    """Every state and stage of one treaty where the records disagree (dates, kinds, or who is listed at all).

    ``several``: the treaty has several depositaries, so London's own record lists only London's deposits.
    """
    groups: dict[tuple[str, str], list[Row]] = {}
    for deposit in rows:
        if deposit.stage and deposit.date:
            groups.setdefault((deposit.iso3, deposit.stage), []).append(deposit)
    records = sorted({deposit.record for deposit in rows})
    complete = [record for record in records if record != "fcdo" or not several]
    found = []
    for (iso3, stage), group in sorted(groups.items()):
        missing = tuple(record for record in complete if not any(d.record == record for d in group))
        if len({d.date for d in group}) > 1 or len({d.action for d in group}) > 1 or missing:
            given = tuple(sorted({Given(d.record, d.date, d.action, d.depositary) for d in group}))
            found.append(Disagreement(treaty, iso3, stage, given, missing))
    return found


def untc_rows(root: Path, table: str) -> list[Row]:
    """The UN Treaty Collection's table as a record's rows (signatures and consents)."""
    found = []
    for iso3, acts in sorted(untc.acts(root, table).items()):
        if acts["signature"]:
            found.append(Row("untc", iso3, "signature", acts["signature"]))
        if acts["consent"]:
            found.append(Row("untc", iso3, _KINDS[acts["kind"]], acts["consent"]))
    return found


def check(root: Path, treaty: str) -> list[Disagreement]:
    """Where one treaty's records (and its UNTC table, where the graph follows it) disagree."""
    found = TREATIES[treaty]
    rows = deposits(root, treaty) + (untc_rows(root, found.untc) if found.untc else [])
    return cross_check(treaty, rows, found.several)


def index_disagreements(sources: Path, root: Path) -> list[str]:
    """Where a UNODA index tooltip gives a date the timeline of 22 August 2026 does not (one line each)."""
    names, lines = Names(root), []
    timeline = read_bounded(sources / TIMELINE)
    for page in INDEXES:
        index = read_bounded(sources / "unoda" / page)
        for treaty in (t for t in TREATIES.values() if t.unoda):
            dates: dict[str, set[str]] = {}
            for row in readers.read_unoda_timeline(timeline, treaty):
                dates.setdefault(names.resolve("unoda", treaty.code, row.participant)[0], set()).add(row.date)
            for state, tooltip in sorted(readers.read_unoda_index(index, treaty).items()):
                iso3 = names.resolve("unoda", treaty.code, state)[0]
                if set(readers.tooltip_dates(tooltip)) - dates.get(iso3, set()):
                    lines.append(f"{page} {treaty.code} {iso3}: {tooltip!r}; the timeline: {sorted(dates.get(iso3, set()))}")
    return lines
