"""Cross-check a depositary's table (UNTC) against the UK's record and the IEADB, act by act.

    python tools/treaty_records_check.py        # print ENMOD's differences (docs/data.md lists them)

For ENMOD the UN Treaty Collection's table is the record the graph holds (graph/tables/untc/XXVI-1.tsv); the UK's
status record and the IEADB (graph/tables/fcdo/enmod.tsv, ieadb/enmod.tsv) are only compared with it. A
difference is a state whose signature or consent one of them dates otherwise, or that one of them has and the
other has not. Lives in tools/, outside the wheel.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

#: Actions of the UK record and the IEADB that are a consent to be bound.
CONSENTS = ("Ratification", "Accession", "Succession", "Acceptance", "Approval", "Consent To Be Bound")


@dataclass(frozen=True, order=True)
class Difference:
    """One state's act as the depositary's table gives it and as another record does ('' for none)."""

    iso3: str
    act: str
    record: str
    depositary_says: str
    record_says: str


def _dates(rows: list[dict[str, str]], act: str) -> dict[str, set[str]]:
    wanted = ("Signature",) if act == "signature" else CONSENTS
    found: dict[str, set[str]] = {}
    for row in rows:
        if row["iso3"] and row["action"] in wanted:
            found.setdefault(row["iso3"], set()).update(d for d in (row["date"], row.get("effective", "")) if d)
    return found


def compare(depositary: dict[str, dict[str, str]], records: dict[str, list[dict[str, str]]]) -> list[Difference]:
    """Every difference between the depositary's table (ISO3 -> {'signature', 'consent'}) and each record.

    >>> compare({"USA": {"signature": "1977-05-18", "consent": "1980-01-17"}},
    ...         {"ieadb": [{"iso3": "USA", "action": "Ratification", "date": "1980-01-17"},
    ...                    {"iso3": "USA", "action": "Signature", "date": "1977-05-19"}]})
    [Difference(iso3='USA', act='signature', record='ieadb', depositary_says='1977-05-18', record_says='1977-05-19')]
    """
    found = []
    for record, rows in sorted(records.items()):
        for act in ("signature", "consent"):
            theirs = _dates(rows, act)
            ours = {iso3: acts[act] for iso3, acts in depositary.items() if acts.get(act)}
            for iso3 in sorted(set(ours) | set(theirs)):
                if ours.get(iso3) not in theirs.get(iso3, set()):
                    found.append(Difference(iso3, act, record, ours.get(iso3, ""), ", ".join(sorted(theirs.get(iso3, set())))))
    return found


def untc_acts(root: Path, table: str) -> dict[str, dict[str, str]]:
    """A UNTC table's signatures and consents, by ISO3."""
    import importers

    codes = importers.participant_codes(root)
    rows = importers.read_table(root / "graph" / "tables" / "untc" / f"{table}.tsv")
    return {codes[r["participant"]]: {"signature": r["signature"], "consent": r["consent_date"]} for r in rows}


def enmod_differences(root: Path) -> list[Difference]:
    """ENMOD: the depositary's table against the UK's record and the IEADB."""
    import importers

    records = {name: importers.read_table(root / "graph" / "tables" / name / "enmod.tsv") for name in ("fcdo", "ieadb")}
    return compare(untc_acts(root, "XXVI-1"), records)


def main() -> int:
    """Print ENMOD's differences, one a line."""
    import importers

    for difference in enmod_differences(importers.ROOT):
        print("\t".join((difference.iso3, difference.act, difference.record, difference.depositary_says or "-",
                         difference.record_says or "-")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
