"""CCW Protocols I and III: each state's consent, as the depositary's page for the Convention records it.

The UN Treaty Collection page for the CCW (XXVI-2) has, below the Convention's table, a table of the consents to
be bound by Protocols I, II and III (graph/tables/untc/XXVI-2-protocols.tsv). Its end-note 8: "Acceptance of a
Protocol is denoted by an "X". Unless otherwise indicated, acceptance was notified upon ratification,
acceptance, approval of, accession or succession to the Convention." So a plain "x" dates the consent to the
protocol on the day of the state's instrument for the Convention (graph/tables/untc/XXVI-2.tsv), and
"x (18 July 2002)" on the day given. Used by tools/importers.py; lives in tools/, outside the wheel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

#: Treaty code -> the column of the protocols' table.
PROTOCOLS = {"ccw-p1": "protocol_i", "ccw-p3": "protocol_iii"}
SOURCE = "untc-xxvi-2-2026"


def consent_day(cell: str, convention_day: str) -> str | None:
    """The day a state consented to a protocol, from its cell in the protocols' table (None: no consent).

    >>> consent_day("x", "1995-03-24")
    '1995-03-24'
    >>> consent_day("x (21 January 2009)", "1995-03-24")
    '2009-01-21'
    >>> consent_day("", "1995-03-24") is None
    True
    """
    cell = cell.strip()
    if not cell:
        return None
    if cell == "x":
        return convention_day
    if cell.startswith("x (") and cell.endswith(")"):
        return dt.datetime.strptime(cell[3:-1], "%d %B %Y").date().isoformat()
    raise SystemExit(f"XXVI-2-protocols.tsv: cannot read the cell {cell!r}")


def protocol_turtle(root: Path, treaty: str) -> str:
    """Every recorded consent to one of the protocols, as Turtle."""
    import importers

    tables = root / "graph" / "tables" / "untc"
    codes = importers.participant_codes(root)
    convention = {codes[r["participant"]]: r for r in importers.read_table(tables / "XXVI-2.tsv") if r["consent_date"]}
    out = [importers.HEADER.format(what=f"untc-{treaty}", inputs="graph/tables/untc/XXVI-2-protocols.tsv and XXVI-2.tsv "
                                   "(the depositary's tables for the CCW and its Protocols I, II and III)"),
           importers.PREFIXES.replace("@prefix border:", f"@prefix act:     <https://w3id.org/armskg/id/action/{treaty}/> .\n"
                                      "@prefix treaty:  <https://w3id.org/armskg/id/treaty/> .\n@prefix border:")]
    rows = importers.read_table(tables / "XXVI-2-protocols.tsv")
    for iso3, row in sorted((codes[r["participant"]], r) for r in rows):
        if iso3 not in convention:
            raise SystemExit(f"XXVI-2-protocols.tsv: {row['participant']} has no consent to the Convention in XXVI-2.tsv")
        base = convention[iso3]
        day = consent_day(row[PROTOCOLS[treaty]], base["consent_date"])
        if day is None:
            continue
        own_day = day != base["consent_date"]
        kind = "Succession" if base["consent_kind"] == "d" and not own_day else "ConsentToBeBound"
        extra = [f"    ak:note {importers._lit('Consent to this protocol notified on its own day, after the consent to the Convention.')} ;"] if own_day else []
        out.append(importers._action(f"{iso3}-{'succession' if kind == 'Succession' else 'consent'}-{day}", kind, iso3,
                                     treaty, day, SOURCE, extra))
    return "\n".join(out)


def generator(treaty: str) -> Callable[[Path], str]:
    """The generator of one protocol's Turtle, for tools/importers.py."""
    def generate(root: Path) -> str:
        return protocol_turtle(root, treaty)

    return generate
