"""The records' tables: written from the stored copies, read back as the rows every later step uses.

``write_tables`` reads the stored copies in ``../shared/sources/treaty-data/`` (tools/records_readers.py) and
writes one table per record and treaty, ``graph/tables/{unoda,fcdo,ieadb}/<treaty>.tsv``: one row per action
as that record gives it (participant as named there, ISO 3166-1 alpha-3 code, action, date, effective date,
depositary, source id, note), names resolved by tools/records_names.py. Everything after it (the merges, the
Turtle, the cross-check, the tests) reads only these tables, so CI needs no stored copy. Lives in tools/.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import records_readers as readers
from project_tables import read_bounded, read_table, table_text, tables
from records_acts import Row
from records_names import Names
from records_treaties import RECORDS, TREATIES, Treaty

COLUMNS = ("participant", "iso3", "action", "date", "effective", "depositary", "source", "note")
TIMELINE = Path("unoda") / "timeline-2026-08-22.html"
IEADB = Path("ieadb") / "members-arms-control.csv"


def read_records(sources: Path, treaty: Treaty) -> dict[str, list[Row]]:
    """Every record's rows for one treaty, read from the stored copies."""
    found = {}
    if treaty.fcdo:
        found["fcdo"] = readers.read_fcdo(read_bounded(sources / "fcdo" / f"{treaty.fcdo}.json"), treaty)
    if treaty.unoda:
        found["unoda"] = readers.read_unoda_timeline(read_bounded(sources / TIMELINE), treaty)
    if treaty.ieadb:
        found["ieadb"] = readers.read_ieadb(read_bounded(sources / IEADB), treaty)
    return found


def resolved(rows: list[Row], treaty: Treaty, names: Names) -> list[Row]:
    """The rows with each participant's name resolved (a participant left out keeps the reason in its note)."""
    found = []
    for row in rows:
        iso3, name_note = names.resolve(row.record, treaty.code, row.participant, row.other_name)
        found.append(replace(row, iso3=iso3, note="; ".join(p for p in (name_note if not iso3 else "", row.note) if p)))
    return found


def read_all(sources: Path, root: Path) -> dict[Path, str]:
    """Every record's table for every treaty, read from the stored copies: {path: its text}."""
    names, found = Names(root), {}
    for treaty in TREATIES.values():
        for record, rows in read_records(sources, treaty).items():
            cells = [{column: getattr(row, column) for column in COLUMNS} for row in resolved(rows, treaty, names)]
            found[tables(root) / record / f"{treaty.code}.tsv"] = table_text(cells, COLUMNS)
    return found


def load_tables(root: Path, treaty: str) -> dict[str, list[dict[str, str]]]:
    """The project's tables for one treaty, by record (only those that exist)."""
    found = {}
    for record in RECORDS:
        path = tables(root) / record / f"{treaty}.tsv"
        if path.is_file():
            found[record] = read_table(path)
    return found


def table_rows(found: dict[str, list[dict[str, str]]]) -> list[Row]:
    """The rows of states in the graph, by record (rows left out have no ISO code)."""
    return [Row(record, **{column: row[column] for column in COLUMNS}) for record, rows in found.items()
            for row in rows if row["iso3"]]


def deposits(root: Path, treaty: str) -> list[Row]:
    """Every record's rows for one treaty's states in the graph, from the project's tables."""
    return table_rows(load_tables(root, treaty))
