"""The one review mechanism: the decisions a maintainer takes on single rows of the records' tables.

``graph/tables/record-review.tsv`` holds one row per decision: the table row it is about (treaty, record,
state, action, date, as in ``graph/tables/<record>/<treaty>.tsv``), the decision, and its reason. The
decisions (each merge, tools/merge_by_depositary.py and tools/merge_by_primary.py, applies them by its rules):

- ``not followed``: the row is kept only as a claim, against the act the graph holds for that state and stage;
- ``left out``: not this state's act (a predecessor's row, a coding artefact), neither an act nor a claim;
- ``date of succession``: the row's date is the day a succession took effect, not a deposit; ``deposit`` gives
  the date of deposit where the record itself gives none;
- ``followed``: the graph holds this row's act, whatever the rules would choose;
- ``waiver``: the row, whatever its action, is the state's waiver under Article 28(2) of the Treaty of
  Tlatelolco;
- ``effective``: the act this row gives took effect on ``effective``.

``graph/tables/depositary-successions.tsv`` reviews, state by state, when each succession to a treaty merged by
depositary (NPT, BWC, the zones) took effect: the date, its basis (``date of succession`` or ``deposit``), the
sources, a note, and why a record's other effective date is not followed (``other_dates``).

A decision without a reason, an unknown decision, or one that matches no row of the tables stops the tool.
Lives in tools/, outside the wheel.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from project_tables import read_table, tables

TABLE = Path("graph") / "tables" / "record-review.tsv"
COLUMNS = ("treaty", "record", "iso3", "action", "date", "decision", "deposit", "effective", "reason")
DECISIONS = ("not followed", "left out", "date of succession", "followed", "waiver", "effective")
SUCCESSIONS = Path("graph") / "tables" / "depositary-successions.tsv"
SUCCESSION_COLUMNS = ("treaty", "iso3", "effective", "basis", "sources", "note", "other_dates")
BASES = ("date of succession", "deposit")

Key = tuple[str, str, str, str]


def key(row: dict[str, str]) -> Key:
    """What a decision is about: (record, iso3, action, date)."""
    return row["record"], row["iso3"], row["action"], row["date"]


def check(rows: Iterable[dict[str, str]], applied: tuple[str, ...] = DECISIONS) -> dict[Key, dict[str, str]]:
    """The decisions of one treaty by the row they are about; a malformed or doubled decision, or one the
    treaty's rules do not apply (``applied``), stops the tool."""
    found: dict[Key, dict[str, str]] = {}
    for row in rows:
        what = f"{TABLE}: {row.get('treaty', '')} {row['record']} {row['iso3']} {row['action']} {row['date']}"
        if row["decision"] not in applied or not row["reason"]:
            raise SystemExit(f"{what}: a decision ({', '.join(applied)}) and a reason are needed")
        if (row["decision"] == "effective") != bool(row.get("effective")):
            raise SystemExit(f"{what}: an 'effective' decision, and only one, gives the date it took effect")
        if key(row) in found:
            raise SystemExit(f"{what}: two decisions")
        found[key(row)] = row
    return found


def unmatched(decisions: Iterable[Key], rows: Iterable[Key]) -> None:
    """Stop the tool on a decision that matches no row of the tables (the table changed under it)."""
    stale = sorted(set(decisions) - set(rows))
    if stale:
        raise SystemExit(f"{TABLE}: no table row for {stale}")


def read_review(root: Path, treaty: str) -> list[dict[str, str]]:
    """The decisions about one treaty's rows, as the table gives them."""
    return [row for row in read_table(tables(root) / TABLE.name) if row["treaty"] == treaty]


def successions(rows: Iterable[dict[str, str]], treaty: str) -> dict[str, dict[str, str]]:
    """One treaty's reviewed successions, by state; a malformed or doubled row stops the tool."""
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["treaty"] != treaty:
            continue
        if row["basis"] not in BASES or not row["sources"].split() or not row["note"]:
            raise SystemExit(f"{SUCCESSIONS}: {treaty} {row['iso3']}: needs a basis {BASES}, sources and a note")
        if row["iso3"] in found:
            raise SystemExit(f"{SUCCESSIONS}: {treaty} {row['iso3']}: two rows")
        found[row["iso3"]] = row
    return found


def read_successions(root: Path) -> list[dict[str, str]]:
    """Every reviewed succession (graph/tables/depositary-successions.tsv)."""
    return read_table(tables(root) / SUCCESSIONS.name)
