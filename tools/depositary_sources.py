"""Maintainer tool: read the stored copies of three participation records into rows the project reviews.

The NPT, the BWC and the nuclear-weapon-free-zone treaties are not deposited with the UN Secretary-General.
Their participation records come from three stored copies (``../shared/sources/treaty-data/``, whose README
says where each is right and wrong), read here and written by ``tools/depositary_records.py`` as the
project's own tables under ``graph/tables/{unoda,fcdo,ieadb}/``. The copies themselves are never copied
into the project, and nothing in the package or the tests reads them.

- UNODA Treaties Database, as rendered by survivalscores.org: ``timeline-*.html`` (one sentence per event,
  in a table row with its date) and ``index-*.html`` (one tooltip per state and treaty, for a cross-check).
- UK Treaties Online (the London depositary): one JSON record per treaty (``fcdo/<id>.json``).
- The International Environmental Agreements Database: ``ieadb/members-arms-control.csv``.

Every reader returns :class:`Row` objects: the participant as the source names it, the action, its date,
the depositary where the source says which, and a note. Names are resolved to ISO 3166-1 alpha-3 codes
later (:func:`depositary_records.resolve`). Each input is bounded in size before it is parsed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

#: The largest stored copy read (the timeline is about 0.9 MB; the IEADB extract 1.4 MB).
MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class TreatyIds:
    """Where one treaty is found in each record."""

    unoda: str                       # the treaty's name in UNODA's sentences
    fcdo: str | None = None          # UK Treaties Online record number
    ieadb: str | None = None         # IEADB agreement id ("Mitch ID")
    london_depositary: bool = False  # several depositaries, and the FCDO record is London's own


TREATIES: dict[str, TreatyIds] = {
    "npt": TreatyIds("Non-Proliferation Treaty", "70835", "3610", True),
    "bwc": TreatyIds("Biological Weapons Convention", "70996", "2807", True),
    "tlatelolco": TreatyIds("Treaty for the Prohibition of Nuclear Weapons in Latin America and the Caribbean",
                            "70823", "2754"),
    "rarotonga": TreatyIds("South Pacific Nuclear-Free Zone Treaty", None, "2992"),
    "bangkok": TreatyIds("Southeast Asian Nuclear-Weapon-Free Zone Treaty", None, "3227"),
    "pelindaba": TreatyIds("African Nuclear-Weapon-Free Zone Treaty", None, "3234"),
    "canwfz": TreatyIds("Central Asian Nuclear-Weapon-Free Zone Treaty"),
}

#: The actions that make up participation (the rest are declarations, statements and the like).
PARTICIPATION = ("signature", "ratification", "accession", "succession", "acceptance", "approval", "withdrawal")


@dataclass(frozen=True)
class Row:
    """One action as one source records it."""

    participant: str
    action: str
    date: str
    effective: str = ""
    depositary: str = ""
    note: str = ""
    iso3: str = field(default="", compare=False)


def read_bounded(path: Path) -> str:
    """The text of a stored copy, refusing anything larger than :data:`MAX_BYTES`."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SystemExit(f"{path}: {size} bytes, more than the {MAX_BYTES} this tool reads")
    return path.read_text(encoding="utf-8-sig")


class _Cells(HTMLParser):
    """Collect each table row's cells: the text of each, and the alt text of the images in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, str, str]]] = []   # (class, text, image alt or title)
        self._cell: list[str] | None = None
        self._attrs: tuple[str, str] = ("", "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "tr":
            self.rows.append([])
        elif tag == "td" and self.rows:
            self._cell, self._attrs = [], (found.get("class", ""), found.get("title", ""))
        elif tag == "img" and self._cell is not None and found.get("alt"):
            self._attrs = (self._attrs[0], self._attrs[1] or found["alt"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self.rows:
            self.rows[-1].append((self._attrs[0], "".join(self._cell).strip(), self._attrs[1]))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(text: str) -> list[list[tuple[str, str, str]]]:
    """Every table row of an HTML page as (class, text, title-or-alt) per cell."""
    parser = _Cells()
    parser.feed(text)
    parser.close()
    return [row for row in parser.rows if row]


#: UNODA's sentence for each action: "<state> <verb> the <treaty>."
_VERBS = {"signed": "signature", "ratified": "ratification", "acceded to": "accession",
          "succeeded": "succession", "succeeded to": "succession", "withdrew from": "withdrawal"}


def sentence_action(sentence: str, treaty_name: str) -> tuple[str, str] | None:
    """Split "<state> <verb> the <treaty>." into (state, action), or None when it is about another treaty.

    The verb must be one of a closed list, so an unexpected sentence is refused rather than guessed at;
    the state's name is resolved later, and an unknown name stops the tool.

    >>> sentence_action("Korea, North acceded to the Non-Proliferation Treaty.", "Non-Proliferation Treaty")
    ('Korea, North', 'accession')
    >>> sentence_action("Chad withdrew from the International Criminal Court.", "Non-Proliferation Treaty") is None
    True
    """
    tail = f" the {treaty_name}."
    if not sentence.endswith(tail):
        return None
    head = sentence[: -len(tail)]
    for verb, action in sorted(_VERBS.items(), key=lambda item: -len(item[0])):
        if head.endswith(" " + verb) and len(head) > len(verb) + 1:
            return head[: -len(verb) - 1], action
    raise SystemExit(f"UNODA timeline: cannot read {sentence!r}")


def unoda_participants(index_html: str) -> frozenset[str]:
    """The states the UNODA index lists, one table row each (its second cell is the name)."""
    return frozenset(row[1][1] for row in table_rows(index_html) if len(row) > 4 and row[1][0] == "row_header")


def read_unoda_timeline(timeline_html: str, treaty: str) -> list[Row]:
    """Every event of one treaty in UNODA's timeline: a row of date, flag, kind, treaty logo and sentence."""
    name = TREATIES[treaty].unoda
    rows = []
    for cells in table_rows(timeline_html):
        if len(cells) != 5 or cells[0][0] != "date":
            continue
        found = sentence_action(cells[4][1], name)
        if found:
            rows.append(Row(found[0], found[1], dt.date.fromisoformat(cells[0][1]).isoformat()))
    return sorted(rows, key=lambda r: (r.participant, r.date, r.action))


def read_unoda_index(index_html: str, treaty: str) -> dict[str, str]:
    """Each state's tooltip about one treaty in UNODA's index ("X signed the T on D and ratified it on D.").

    The nuclear-weapon-free zones share one column, whose tooltip names the zone a state joined.
    """
    name = TREATIES[treaty].unoda
    found = {}
    for row in table_rows(index_html):
        if len(row) < 5 or row[1][0] != "row_header":
            continue
        for _, _, title in row[4:]:
            if f" the {name} on " in title or title.endswith(f" the {name}."):
                found[row[1][1]] = title
    return found


def tooltip_dates(tooltip: str) -> list[str]:
    """The ISO dates in a UNODA index tooltip, each checked to be a real date.

    >>> tooltip_dates("Egypt signed the Non-Proliferation Treaty on 1968-07-01 and ratified it on 1981-02-26.")
    ['1968-07-01', '1981-02-26']
    """
    found = []
    for word in tooltip.rstrip(".").split():
        if len(word) == 10 and word[4] == "-" and word[7] == "-":
            found.append(dt.date.fromisoformat(word).isoformat())
    return found


def _fcdo_date(text: str | None) -> str:
    """A dd/mm/yyyy date, or "" for none and for the placeholders 01/01/1900 and 01/01/1905."""
    if not text or text in ("01/01/1900", "01/01/1905"):
        return ""
    return dt.datetime.strptime(text, "%d/%m/%Y").date().isoformat()


#: UK Treaties Online's action names, and what they become here.
_FCDO_ACTIONS = {"Signature": "signature", "Ratification": "ratification", "Accession": "accession",
                 "Succession": "succession", "Acceptance": "acceptance", "Approval": "approval",
                 "Withdrawal Dec.": "withdrawal of declaration"}


def read_fcdo(record_json: str, london_depositary: bool) -> tuple[dict[str, str], list[Row]]:
    """A UK Treaties Online record: its metadata, and one row per action (dd/mm/yyyy dates made ISO).

    Where the record is the London depositary's own (NPT, BWC), every deposit in it was made in London.
    """
    record = json.loads(record_json)
    meta = {key: str(record.get(key) or "") for key in ("id", "title", "document_url", "captured_at", "subject")}
    rows = []
    for entry in record["parties_detail"]:
        action = _FCDO_ACTIONS.get(entry["action"], entry["action"].lower())
        date, effective = _fcdo_date(entry["action_date"]), _fcdo_date(entry["effective_date"])
        note = "" if date or not entry["action_date"] else f"the record's date {entry['action_date']} is a placeholder"
        depositary = "GBR" if london_depositary and action in PARTICIPATION else ""
        rows.append(Row(entry["country"], action, date, effective if effective != date else "", depositary, note))
    return meta, sorted(rows, key=lambda r: (r.participant, r.date, r.action))


#: The IEADB's action names; it codes every accession as "Acceptance" (its documented fault).
_IEADB_ACTIONS = {"Signature": "signature", "Ratification": "ratification", "Acceptance": "accession",
                  "Accession": "accession", "Succession": "succession", "Withdrawal": "withdrawal",
                  "Entry into force": "entry into force", "Entry Into Force 2": "entry into force",
                  "Waiver (Art.28)": "waiver"}
#: The depositary a note names, where it starts with one of these.
_IEADB_DEPOSITARIES = {"Deposited with Russian Federation": "RUS", "Deposited with United States of America": "USA",
                       "Deposited with United Kingdom of Great Britain and Northern Ireland": "GBR"}


def ieadb_depositary(note: str) -> str:
    """The depositary an IEADB note names in its first clause, or "".

    >>> ieadb_depositary("Deposited with Russian Federation, With Declaration")
    'RUS'
    >>> ieadb_depositary("Signed at Washington.")
    ''
    """
    first = note.split(",", 1)[0].strip()
    return _IEADB_DEPOSITARIES.get(first, "")


def read_ieadb(members_csv: str, treaty: str) -> list[Row]:
    """The IEADB's membership rows for one treaty (its "Mitch ID")."""
    ident = TREATIES[treaty].ieadb
    rows = set()
    for entry in csv.DictReader(io.StringIO(members_csv)):
        if entry["Mitch ID"] != ident:
            continue
        action = _IEADB_ACTIONS.get(entry["Action"], entry["Action"].lower())
        date = dt.date(int(entry["Year"]), int(entry["Month"]), int(entry["Day"])).isoformat()
        note = entry["Notes"].strip()
        depositary = ieadb_depositary(note) if action in PARTICIPATION else ""
        if entry["Action"] == "Acceptance":
            note = ("coded Acceptance, as the IEADB codes accessions. " + note).strip()
        name = entry["Country (official name)"]
        if entry["Country (as entered)"] in ("Union of Soviet Socialist Republics", "Russian Federation (Soviet period)"):
            name = entry["Country (as entered)"]
        rows.add(Row(name, action, date, "", depositary, note))
    return sorted(rows, key=lambda r: (r.participant, r.date, r.action, r.note))
