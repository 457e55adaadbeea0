"""Maintainer tool: the NPT's, the BWC's and the nuclear-weapon-free zones' participation, from three records.

    python tools/depositary_records.py tables [--sources DIR]   # read the stored copies, write graph/tables/
    python tools/depositary_records.py generate                 # write graph/generated/ from those tables
    python tools/depositary_records.py check                    # print where the three records disagree

``tables`` reads the stored copies in ``../shared/sources/treaty-data/`` (tools/depositary_sources.py) and
writes one table per record and treaty: ``graph/tables/{unoda,fcdo,ieadb}/<treaty>.tsv``, one row per
action as that record gives it (participant, ISO 3166-1 alpha-3 code, action, date, effective date,
depositary, note). ``generate`` reads only those tables, ``graph/tables/depositary-review.tsv`` (the
decisions taken where the records disagree), ``graph/tables/depositary-successions.tsv`` (when each succession
took effect) and ``graph/tables/depositary-names.tsv``, and writes
``graph/generated/depositary-<treaty>.ttl``; it is deterministic, and ``tests/test_depositary_records.py``
checks that the files on disk are what it writes. Lives in tools/, outside the wheel.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable
from pathlib import Path

import depositary_sources as ds
import depositary_successions as successions
from depositary_merge import Deposit, cross_check, merge
from depositary_turtle import state_names, treaty_turtle

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "graph" / "tables"
COLUMNS = ("participant", "iso3", "action", "date", "effective", "depositary", "source", "note")
#: The three records, in the order the graph prefers them where they disagree on the kind of an act.
RECORDS = ("fcdo", "unoda", "ieadb")


def default_sources() -> Path:
    """``shared/sources/treaty-data`` beside the checkout (or beside a folder holding it)."""
    for parent in ROOT.parents:
        candidate = parent / "shared" / "sources" / "treaty-data"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "sources" / "treaty-data"


def read_tsv(path: Path) -> list[dict[str, str]]:
    """A tab-separated table with a header row."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def write_tsv(path: Path, rows: Iterable[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> None:
    """Write rows as a tab-separated table (no cell may hold a tab or a line break)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["\t".join(columns)]
    for row in rows:
        cells = [" ".join(row.get(column, "").split()) for column in columns]
        lines.append("\t".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


class Names:
    """Resolve a participant's name, as one record gives it, to an ISO alpha-3 code (or "" for left out)."""

    def __init__(self, root: Path) -> None:
        import importers

        self.codes = importers.participant_codes(root)
        self.lower = {name.lower(): code for name, code in self.codes.items()}
        self.reviewed = {(row["source"], row["name"]): (row["iso3"], row["note"])
                         for row in read_tsv(root / "graph" / "tables" / "depositary-names.tsv")}

    def resolve(self, record: str, name: str) -> tuple[str, str]:
        """(iso3, note) for a name; a name nobody reviewed and no list knows stops the tool."""
        if (record, name) in self.reviewed:
            return self.reviewed[(record, name)]
        code = self.codes.get(name) or self.lower.get(name.lower())
        if code is None:
            raise SystemExit(f"{record}: unknown participant {name!r}: add it to graph/tables/depositary-names.tsv")
        return code, ""


def source_id(record: str, treaty: str) -> str:
    """The id (in graph/sources/nuclear-records.ttl) of one record's copy for one treaty."""
    if record == "unoda":
        return f"unoda-{treaty}-2026"
    if record == "fcdo":
        return f"fcdo-{ds.TREATIES[treaty].fcdo}"
    return "ieadb-arms-control"


def _as_dict(row: ds.Row, names: Names, record: str, treaty: str) -> dict[str, str]:
    iso3, name_note = names.resolve(record, row.participant)
    note = "; ".join(part for part in (name_note if not iso3 else "", row.note) if part)
    return {"participant": row.participant, "iso3": iso3, "action": row.action, "date": row.date,
            "effective": row.effective, "depositary": row.depositary, "source": source_id(record, treaty),
            "note": note}


def read_records(sources: Path, treaty: str) -> dict[str, list[ds.Row]]:
    """Every record's rows for one treaty, read from the stored copies."""
    ids = ds.TREATIES[treaty]
    found = {"unoda": ds.read_unoda_timeline(ds.read_bounded(sources / "unoda" / "timeline-2026-08-22.html"), treaty)}
    if ids.fcdo:
        found["fcdo"] = ds.read_fcdo(ds.read_bounded(sources / "fcdo" / f"{ids.fcdo}.json"), ids.london_depositary)[1]
    if ids.ieadb:
        found["ieadb"] = ds.read_ieadb(ds.read_bounded(sources / "ieadb" / "members-arms-control.csv"), treaty)
    return found


def table_rows(record: str, treaty: str, rows: list[ds.Row], names: Names) -> list[dict[str, str]]:
    """One record's rows for one treaty as the project's table rows (names resolved, source ids added)."""
    return [_as_dict(row, names, record, treaty) for row in rows]


def write_tables(sources: Path, root: Path = ROOT) -> list[Path]:
    """Read the stored copies and write the project's tables, one per record and treaty."""
    names, written = Names(root), []
    for treaty in ds.TREATIES:
        for record, rows in read_records(sources, treaty).items():
            path = root / "graph" / "tables" / record / f"{treaty}.tsv"
            write_tsv(path, table_rows(record, treaty, rows, names))
            written.append(path)
    return written


#: UNODA's index pages: the current one (read with the timeline) and an older scrape, for a cross-check.
INDEXES = ("index-2026-08-22.html", "index-2023-10-13.html")


def index_disagreements(sources: Path, root: Path = ROOT) -> list[str]:
    """Where a UNODA index tooltip gives a date the timeline of 22 August 2026 does not (one line each)."""
    names, lines = Names(root), []
    timeline = ds.read_bounded(sources / "unoda" / "timeline-2026-08-22.html")
    for page in INDEXES:
        index = ds.read_bounded(sources / "unoda" / page)
        for treaty in ds.TREATIES:
            dates: dict[str, set[str]] = {}
            for row in ds.read_unoda_timeline(timeline, treaty):
                dates.setdefault(names.resolve("unoda", row.participant)[0], set()).add(row.date)
            for state, tooltip in sorted(ds.read_unoda_index(index, treaty).items()):
                given = set(ds.tooltip_dates(tooltip))
                iso3 = names.resolve("unoda", state)[0]
                if given - dates.get(iso3, set()):
                    lines.append(f"{page} {treaty} {iso3}: {tooltip!r}; the timeline: {sorted(dates.get(iso3, set()))}")
    return lines


def load_tables(root: Path, treaty: str) -> dict[str, list[dict[str, str]]]:
    """The project's tables for one treaty, by record (only those that exist)."""
    tables = {}
    for record in RECORDS:
        path = root / "graph" / "tables" / record / f"{treaty}.tsv"
        if path.is_file():
            tables[record] = read_tsv(path)
    return tables


def table_deposits(tables: dict[str, list[dict[str, str]]]) -> list[Deposit]:
    """The dated rows of states in the graph, by record, as deposits (rows left out have no ISO code)."""
    return [Deposit(record, row["iso3"], row["action"], row["date"], row["effective"], row["depositary"], row["source"])
            for record, rows in tables.items() for row in rows if row["iso3"] and row["date"]]


def deposits(root: Path, treaty: str) -> list[Deposit]:
    """Every record's rows for one treaty, from the project's tables."""
    return table_deposits(load_tables(root, treaty))


def generated_name(treaty: str) -> str:
    """The generated file's name (without .ttl) for a treaty."""
    return f"depositary-{treaty}"


def generate(root: Path, treaty: str) -> str:
    """The Turtle for one treaty's participation, from the project's tables and reviews only."""
    review = read_tsv(root / "graph" / "tables" / "depositary-review.tsv")
    several = ds.TREATIES[treaty].london_depositary
    rows = deposits(root, treaty)
    merged = merge(rows, [row for row in review if row["treaty"] == treaty], several)
    successions.apply(merged, treaty, read_tsv(root / successions.TABLE), rows)
    return treaty_turtle(treaty, merged, sorted(load_tables(root, treaty)), several, state_names(root))


def main(argv: list[str] | None = None) -> int:
    """Run one of the tool's commands (see the module's docstring)."""
    parser = argparse.ArgumentParser(prog="depositary_records.py", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("tables", "generate", "check"))
    parser.add_argument("--sources", type=Path, default=None, help="the stored copies (treaty-data/)")
    args = parser.parse_args(argv)
    if args.command == "tables":
        sources = args.sources or default_sources()
        if not sources.is_dir():
            print(f"no stored copies at {sources}", file=sys.stderr)
            return 2
        for path in write_tables(sources):
            print(f"wrote {path.relative_to(ROOT)}")
        for line in index_disagreements(sources):
            print(line)
    if args.command in ("tables", "check"):
        for treaty in ds.TREATIES:
            for line in cross_check(treaty, deposits(ROOT, treaty), ds.TREATIES[treaty].london_depositary):
                print(line)
    if args.command == "generate":
        for treaty in ds.TREATIES:
            target = ROOT / "graph" / "generated" / f"{generated_name(treaty)}.ttl"
            target.write_text(generate(ROOT, treaty), encoding="utf-8")
            print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
