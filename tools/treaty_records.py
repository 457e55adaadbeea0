"""Maintainer tool: the Outer Space Treaty, PTBT, Seabed Treaty, Geneva Protocol, ENMOD and CPPNM records.

    python tools/treaty_records.py tables [--sources DIR]   # read the stored copies, write graph/tables/
    python tools/treaty_records.py check                    # print where the records disagree
    python tools/importers.py records-ost ...                # write graph/generated/ from the tables

``tables`` reads the stored copies in ``../shared/sources/treaty-data/`` (the London depositary's and the UK's
status records from UK Treaties Online, ``fcdo/<id>.json``; the IEADB's ``ieadb/members-arms-control.csv``)
and writes the project's own reviewed tables, one per record and treaty: ``graph/tables/fcdo/<code>.tsv`` and
``graph/tables/ieadb/<code>.tsv``, one row per participation act as the record gives it. Names are resolved
with ``graph/tables/treaty-data-names.tsv`` (reviewed) and the states' names; a name nobody reviewed stops
the tool. Generation (tools/treaty_records_merge.py) reads only those tables, so CI needs no stored copy.
Lives in tools/, outside the wheel; the output is deterministic.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: The checkout this tool belongs to (importers is imported where needed: it imports this module's sibling).
ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ("participant", "iso3", "action", "date", "effective", "depositary", "note")
#: The acts kept from the London and UK records (the rest are reservations, territorial extensions, objections).
FCDO_ACTIONS = ("Signature", "Ratification", "Accession", "Succession", "Acceptance", "Approval")
#: The IEADB's action types kept. Its "Withdrawal" rows are left out: none is a state's withdrawal from one of
#: these treaties (they mark a predecessor state's end, e.g. the GDR's and Czechoslovakia's ENMOD rows).
IEADB_ACTIONS = (*FCDO_ACTIONS, "Consent To Be Bound", "Entry into force")
#: No stored copy is read beyond this size (the largest, the IEADB's CSV, is 1.4 MB).
MAX_BYTES = 8_000_000


@dataclass(frozen=True)
class Record:
    """Where one treaty's participation is read: the UK Treaties Online record id and the IEADB id."""

    fcdo: str
    ieadb: str | None
    london_depositary: bool
    #: The record the graph follows where the two disagree: the London depositary's own record, or the
    #: IEADB where it restates the depositary's data (the IAEA's status list; the dates of deposit with France).
    primary: str = "fcdo"


#: Treaty code -> its records. ``london_depositary``: the UK is a depositary and the record lists the
#: instruments deposited in London; otherwise it is the UK's record of another depositary's treaty.
TREATIES = {
    "ost": Record("70785", "3607", True),
    "ptbt": Record("70697", "2726", True),
    "seabed": Record("70925", "3769", True),
    "geneva-protocol": Record("63446", "2603", False, "ieadb"),
    "enmod": Record("71341", "2866", False),
    "cppnm": Record("71455", "2911", False, "ieadb"),
    "cppnm-a": Record("61994", None, False),
}


def default_sources() -> Path:
    """``shared/sources/treaty-data`` beside the checkout (or beside a folder that holds it)."""
    for parent in ROOT.parents:
        candidate = parent / "shared" / "sources" / "treaty-data"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "sources" / "treaty-data"


def read_bounded(path: Path) -> str:
    """A stored copy's text, refused beyond MAX_BYTES."""
    if path.stat().st_size > MAX_BYTES:
        raise SystemExit(f"{path}: larger than {MAX_BYTES} bytes, refused")
    return path.read_text(encoding="utf-8-sig")


def iso_day(text: str | None) -> str:
    """A dd/mm/yyyy date as ISO 8601 ('' for none).

    >>> iso_day("17/03/1988")
    '1988-03-17'
    """
    import datetime as dt

    if not text:
        return ""
    return dt.datetime.strptime(text, "%d/%m/%Y").date().isoformat()


def write_tsv(path: Path, rows: Iterable[dict[str, str]]) -> None:
    """Write rows as a tab-separated table; a cell's tabs and line breaks become single spaces."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(" ".join(row.get(column, "").split()) for column in COLUMNS) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


class Names:
    """Resolve a participant's name, as one record gives it for one treaty, to ISO alpha-3 ('' = left out)."""

    def __init__(self, root: Path) -> None:
        import importers

        codes = importers.participant_codes(root)
        states = {row["iso3"] for row in importers.read_table(root / "graph" / "tables" / "states.tsv")}
        self.lower = {name.lower(): code for name, code in codes.items() if code in states}
        self.reviewed = {(row["source"], row["name"], row["treaty"]): (row["iso3"], row["note"])
                         for row in importers.read_table(root / "graph" / "tables" / "treaty-data-names.tsv")}

    def resolve(self, record: str, treaty: str, *names: str) -> tuple[str, str]:
        """(iso3, note) for the first of ``names`` that a reviewed row or a state's name settles."""
        for name in names:
            for key in ((record, name, treaty), (record, name, "")):
                if key in self.reviewed:
                    return self.reviewed[key]
        for name in names:
            if name.lower() in self.lower:
                return self.lower[name.lower()], ""
        raise SystemExit(f"{record}: unknown participant {names[0]!r}: add it to graph/tables/treaty-data-names.tsv")


def fcdo_rows(text: str, treaty: str, names: Names) -> list[dict[str, str]]:
    """The participation rows of one UK Treaties Online record (its parsed JSON), in the record's order."""
    record, found = json.loads(text), []
    depositary = "GBR" if TREATIES[treaty].london_depositary else ""
    for act in record["parties_detail"]:
        if act.get("action") not in FCDO_ACTIONS:
            continue
        iso3, note = names.resolve("fcdo", treaty, act["country"])
        found.append({"participant": act["country"], "iso3": iso3, "action": act["action"],
                      "date": iso_day(act.get("action_date")), "effective": iso_day(act.get("effective_date")),
                      "depositary": depositary if iso3 else "", "note": note if not iso3 else ""})
    return found


def _ieadb_date(row: dict[str, str]) -> str:
    parts = (row["Year"], row["Month"], row["Day"])
    return "-".join(f"{int(p):0{n}d}" for p, n in zip(parts, (4, 2, 2), strict=True)) if all(parts) else ""


def ieadb_rows(text: str, treaty: str, names: Names) -> list[dict[str, str]]:
    """The IEADB's membership rows for one treaty, sorted by country, date and action."""
    wanted, found = TREATIES[treaty].ieadb, []
    for row in csv.DictReader(io.StringIO(text)):
        if row["Mitch ID"] != wanted or row["Action Type"] not in IEADB_ACTIONS:
            continue
        entered, official = row["Country (as entered)"], row["Country (official name)"]
        iso3, note = names.resolve("ieadb", treaty, entered, official)
        found.append({"participant": entered, "iso3": iso3, "action": row["Action Type"], "date": _ieadb_date(row),
                      "effective": "", "depositary": "", "note": "; ".join(p for p in (note if not iso3 else "", row["Notes"]) if p)})
    return sorted(found, key=lambda r: (r["participant"], r["date"], r["action"]))


def write_tables(sources: Path, root: Path = ROOT) -> list[Path]:
    """Read the stored copies and write the project's tables, one per record and treaty."""
    names, written = Names(root), []
    ieadb_text = read_bounded(sources / "ieadb" / "members-arms-control.csv")
    for treaty, record in TREATIES.items():
        tables = {"fcdo": fcdo_rows(read_bounded(sources / "fcdo" / f"{record.fcdo}.json"), treaty, names)}
        if record.ieadb:
            tables["ieadb"] = ieadb_rows(ieadb_text, treaty, names)
        for name, rows in tables.items():
            path = root / "graph" / "tables" / name / f"{treaty}.tsv"
            write_tsv(path, rows)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Run one of the tool's commands (see the module's docstring)."""
    import treaty_records_merge as merge

    parser = argparse.ArgumentParser(prog="treaty_records.py", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("tables", "check"))
    parser.add_argument("--sources", type=Path, default=None, help="the stored copies (treaty-data/)")
    args = parser.parse_args(argv)
    if args.command == "tables":
        sources = args.sources or default_sources()
        if not sources.is_dir():
            print(f"no stored copies at {sources}", file=sys.stderr)
            return 2
        for path in write_tables(sources):
            print(f"wrote {path.relative_to(ROOT)}")
    for treaty in TREATIES:
        for line in merge.disagreements(ROOT, treaty):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
