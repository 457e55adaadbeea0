"""The UN Treaty Collection's status tables (graph/tables/untc/): every participant's acts, as Turtle.

``graph/generated/untc-<treaty>.ttl`` holds each participant's signature, consent and withdrawal as the
depositary's status table records them (the withdrawal read from the depositary's own note). CCW Protocols I
and III come from the CCW page's second table, of the consents to Protocols I, II and III
(``XXVI-2-protocols.tsv``); its end-note 8: "Acceptance of a Protocol is denoted by an "X". Unless otherwise
indicated, acceptance was notified upon ratification, acceptance, approval of, accession or succession to the
Convention." So a plain "x" dates the consent to the protocol on the day of the state's instrument for the
Convention (``XXVI-2.tsv``), and "x (18 July 2002)" on the day given. Used by tools/importers.py; lives in
tools/, outside the wheel.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import turtle_writer as ttl
from project_tables import participant_codes, read_table, tables

#: The depositary's status tables imported: treaty code -> (table under graph/tables/untc/, source id).
UNTC_TABLES = {"apmbc": ("XXVI-5", "untc-xxvi-5-2026"), "ccm": ("XXVI-6", "untc-xxvi-6-2026"),
               "ccw": ("XXVI-2", "untc-xxvi-2-2026"), "ccw-apii": ("XXVI-2-b", "untc-xxvi-2-b-2026"),
               "att": ("XXVI-8", "untc-xxvi-8-2026"), "tpnw": ("XXVI-9", "untc-xxvi-9-2026"),
               "cwc": ("XXVI-3", "untc-xxvi-3-2026"), "ctbt": ("XXVI-4", "untc-xxvi-4-2026"),
               "enmod": ("XXVI-1", "untc-xxvi-1-2026"), "ccw-p4": ("XXVI-2-a", "untc-xxvi-2-a-2026"),
               "ccw-art1": ("XXVI-2-c", "untc-xxvi-2-c-2026"), "ccw-p5": ("XXVI-2-d", "untc-xxvi-2-d-2026")}
#: CCW Protocols I and III: treaty code -> the column of the protocols' table.
PROTOCOLS = {"ccw-p1": "protocol_i", "ccw-p3": "protocol_iii"}
CONSENT_KINDS = {"r": "Ratification", "a": "Accession", "A": "Acceptance", "AA": "Approval", "d": "Succession",
                 "P": "ConsentToBeBound"}
_DATE = r"(\d{1,2} [A-Z][a-z]+ \d{4})"


def _iso(text: str) -> str:
    return dt.datetime.strptime(text, "%d %B %Y").date().isoformat()


def _table(root: Path, name: str) -> list[dict[str, str]]:
    return read_table(tables(root) / "untc" / f"{name}.tsv")


def withdrawal_from_note(note: str) -> dict[str, str] | None:
    """Read a depositary's withdrawal note: when it was deposited, its C.N. number, when it takes effect.

    >>> withdrawal_from_note("On 6 September 2024, the Government of the Republic of Lithuania deposited with "
    ...     "the Secretary-General a notification of withdrawal. The withdrawal took effect for Lithuania on "
    ...     "6 March 2025 in accordance with article 20 (3) of the Convention. (See depositary notification "
    ...     "C.N.347.2024.TREATIES-XXVI-6 of 6 September 2024)")
    {'deposited': '2024-09-06', 'notification': 'C.N.347.2024.TREATIES-XXVI-6 of 6 September 2024', 'effective': '2025-03-06', 'took_effect': 'yes'}
    """
    deposited = re.search("On " + _DATE + r", the Government of [^.]*?deposited with the Secretary-General a "
                          r"notification of withdrawal", note)
    if not deposited:
        return None
    found = {"deposited": _iso(deposited.group(1))}
    notification = re.search(r"(C\.N\.\d+\.\d{4}\.TREATIES-[\w.-]+ of " + _DATE + ")", note)
    if notification:
        found["notification"] = notification.group(1)
    effect = re.search(r"The withdrawal (took|will take) effect for [^.]*? on " + _DATE, note)
    if effect:
        found["effective"] = _iso(effect.group(2))
        found["took_effect"] = "yes" if effect.group(1) == "took" else "no"
    return found


def _consent_key(iso3: str, kind: str, date: str) -> str:
    return f"{iso3}-{kind.lower() if kind != 'ConsentToBeBound' else 'consent'}-{date}"


def _participant(treaty: str, codes: dict[str, str], row: dict[str, str]) -> list[str]:
    """One participant's signature, consent and withdrawal, as Turtle blocks."""
    iso3, source = codes[row["participant"]], UNTC_TABLES[treaty][1]
    blocks = []
    if row["signature"]:
        blocks.append(ttl.act_turtle(f"{iso3}-signature-{row['signature']}", "Signature", iso3, treaty, [source],
                                     date=row["signature"]))
    if not row["consent_date"]:
        return blocks
    kind = CONSENT_KINDS[row["consent_kind"]]
    consent = _consent_key(iso3, kind, row["consent_date"])
    notes = [n.strip() for n in row["notes"].split(" | ") if n.strip().startswith("UNTC note")]
    parsed = [(note, withdrawal_from_note(note)) for note in notes]
    blocks.append(ttl.act_turtle(consent, kind, iso3, treaty, [source], date=row["consent_date"],
                                 depositary_notes=[note.split(": ", 1)[1] for note, found in parsed if not found]))
    withdrawal = next((found for _, found in parsed if found), None)
    if withdrawal:
        blocks.append(ttl.act_turtle(
            f"{iso3}-withdrawal-{withdrawal['deposited']}", "WithdrawalNotification", iso3, treaty, [source],
            date=withdrawal["deposited"], withdraws=consent, notification=withdrawal.get("notification", ""),
            effective=withdrawal["effective"] if withdrawal.get("took_effect") == "yes" else ""))
    return blocks


def untc_turtle(root: Path, treaty: str) -> str:
    """Every participant's signature, consent and withdrawal as the depositary's status table records them."""
    table = UNTC_TABLES[treaty][0]
    codes = participant_codes(root)
    blocks = []
    for row in sorted(_table(root, table), key=lambda r: codes[r["participant"]]):
        blocks += _participant(treaty, codes, row)
    return ttl.document(f"untc-{treaty}", f"graph/tables/untc/{table}.tsv (the depositary's status table)", blocks,
                        treaty)


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
        return _iso(cell[3:-1])
    raise SystemExit(f"XXVI-2-protocols.tsv: cannot read the cell {cell!r}")


def protocol_turtle(root: Path, treaty: str) -> str:
    """Every recorded consent to CCW Protocol I or III (``ccw-p1``, ``ccw-p3``), as Turtle."""
    codes = participant_codes(root)
    convention = {codes[r["participant"]]: r for r in _table(root, "XXVI-2") if r["consent_date"]}
    blocks = []
    for iso3, row in sorted((codes[r["participant"]], r) for r in _table(root, "XXVI-2-protocols")):
        if iso3 not in convention:
            raise SystemExit(f"XXVI-2-protocols.tsv: {row['participant']} has no consent to the Convention in XXVI-2.tsv")
        base = convention[iso3]
        day = consent_day(row[PROTOCOLS[treaty]], base["consent_date"])
        if day is None:
            continue
        own_day = day != base["consent_date"]
        kind = "Succession" if base["consent_kind"] == "d" and not own_day else "ConsentToBeBound"
        note = "Consent to this protocol notified on its own day, after the consent to the Convention." if own_day else ""
        blocks.append(ttl.act_turtle(_consent_key(iso3, kind, day), kind, iso3, treaty, [UNTC_TABLES["ccw"][1]],
                                     date=day, note=note))
    return ttl.document(f"untc-{treaty}", "graph/tables/untc/XXVI-2-protocols.tsv and XXVI-2.tsv (the depositary's "
                        "tables for the CCW and its Protocols I, II and III)", blocks, treaty)


def acts(root: Path, table: str) -> dict[str, dict[str, str]]:
    """A UNTC table's signatures and consents, by ISO3: {"signature", "consent", "kind"} (for the cross-check)."""
    codes = participant_codes(root)
    return {codes[r["participant"]]: {"signature": r["signature"], "consent": r["consent_date"],
                                      "kind": CONSENT_KINDS.get(r["consent_kind"], "")} for r in _table(root, table)}
