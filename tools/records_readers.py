"""Readers of the stored copies of the national and research records, one per record: UNODA, UK Treaties Online,
the IEADB.

Their copies are in ``../shared/sources/treaty-data/`` (its README says where each is right and wrong); they
are read here, by ``tools/records_tables.py``, into the project's own tables under
``graph/tables/{unoda,fcdo,ieadb}/``, and are never copied into the project. Nothing in the package or the
tests reads them.

- UNODA Treaties Database, as rendered by survivalscores.org: ``timeline-*.html`` (one sentence per event,
  in a table row with its date) and ``index-*.html`` (one tooltip per state and treaty, for a cross-check).
- UK Treaties Online: one JSON record per treaty (``fcdo/<id>.json``): the London depositary's own record
  (NPT, BWC, Outer Space Treaty, PTBT, Seabed Treaty) or the UK's status record of another depositary's treaty.
- The International Environmental Agreements Database: ``ieadb/members-arms-control.csv``.

Every reader returns rows (:class:`records_acts.Row`): the participant as the record names it, the action (in
the project's words: ``signature``, ``ratification``, …), its date, the date it took effect where the record
gives another, the depositary where the record says which, the source id of the record's copy, and a note. Names are resolved to ISO 3166-1 alpha-3
codes later (tools/records_names.py). Each copy is bounded in size before it is parsed
(tools/project_tables.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from html.parser import HTMLParser

from records_acts import Row
from records_treaties import Treaty

#: The actions that make up participation (the rest are declarations, statements and the like).
PARTICIPATION = ("signature", "ratification", "accession", "succession", "acceptance", "approval", "withdrawal")


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


def read_unoda_timeline(timeline_html: str, treaty: Treaty) -> list[Row]:
    """Every event of one treaty in UNODA's timeline: a row of date, flag, kind, treaty logo and sentence."""
    name = str(treaty.unoda)
    rows = []
    for cells in table_rows(timeline_html):
        if len(cells) != 5 or cells[0][0] != "date":
            continue
        found = sentence_action(cells[4][1], name)
        if found:
            rows.append(Row("unoda", "", found[1], dt.date.fromisoformat(cells[0][1]).isoformat(),
                            source=treaty.source("unoda"), participant=found[0]))
    return sorted(rows, key=lambda r: (r.participant, r.date, r.action))


def read_unoda_index(index_html: str, treaty: Treaty) -> dict[str, str]:
    """Each state's tooltip about one treaty in UNODA's index ("X signed the T on D and ratified it on D.").

    The nuclear-weapon-free zones share one column, whose tooltip names the zone a state joined.
    """
    name = str(treaty.unoda)
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


def read_fcdo(record_json: str, treaty: Treaty) -> list[Row]:
    """A UK Treaties Online record: one row per action (dd/mm/yyyy dates made ISO), sorted by participant.

    Where the record is the London depositary's own (NPT, BWC, OST, PTBT, Seabed Treaty), every deposit in it
    was made in London. An entry without an action (the OST record's empty "Sovereign Base Areas") is no row.
    """
    rows = []
    for entry in json.loads(record_json)["parties_detail"]:
        if not entry.get("action"):
            continue
        action = _FCDO_ACTIONS.get(entry["action"], entry["action"].lower())
        date, effective = _fcdo_date(entry["action_date"]), _fcdo_date(entry["effective_date"])
        note = "" if date or not entry["action_date"] else f"the record's date {entry['action_date']} is a placeholder"
        depositary = "GBR" if treaty.london_depositary and action in PARTICIPATION else ""
        rows.append(Row("fcdo", "", action, date, effective if effective != date else "", depositary,
                        treaty.source("fcdo"), entry["country"], note))
    return sorted(rows, key=lambda r: (r.participant, r.date, r.action))


#: The IEADB's action names. It codes the NPT's and the BWC's accessions as "Acceptance" (its documented
#: fault), which :attr:`Treaty.ieadb_acceptance` reads as accessions for the treaties where it does so.
_IEADB_ACTIONS = {"Signature": "signature", "Ratification": "ratification", "Accession": "accession",
                  "Succession": "succession", "Withdrawal": "withdrawal", "Entry into force": "entry into force",
                  "Entry Into Force 2": "entry into force", "Waiver (Art.28)": "waiver"}
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


def _ieadb_date(entry: dict[str, str]) -> str:
    """The row's date, checked to be a real day ("" where the IEADB gives no full date)."""
    parts = (entry["Year"], entry["Month"], entry["Day"])
    return dt.date(*(int(part) for part in parts)).isoformat() if all(parts) else ""


def _ieadb_action(entry: dict[str, str], treaty: Treaty) -> tuple[str, str]:
    """The action in the project's words, and the note that says how it was read."""
    note = entry["Notes"].strip()
    if entry["Action"] == "Acceptance" and treaty.ieadb_acceptance == "accession":
        return "accession", ("coded Acceptance, as the IEADB codes accessions. " + note).strip()
    return _IEADB_ACTIONS.get(entry["Action"], entry["Action"].lower()), note


def read_ieadb(members_csv: str, treaty: Treaty) -> list[Row]:
    """The IEADB's membership rows for one treaty (its "Mitch ID"), each once, sorted by participant.

    The participant is the name as entered (the Soviet Union's rows, doubled under the Russian Federation's
    official name, stay apart); the official name is tried after it.
    """
    rows = set()
    for entry in csv.DictReader(io.StringIO(members_csv)):
        if entry["Mitch ID"] != treaty.ieadb:
            continue
        action, note = _ieadb_action(entry, treaty)
        depositary = ieadb_depositary(entry["Notes"]) if action in PARTICIPATION else ""
        official = entry["Country (official name)"]
        entered = entry["Country (as entered)"]
        rows.add(Row("ieadb", "", action, _ieadb_date(entry), "", depositary, treaty.source("ieadb"), entered, note,
                     official if official != entered else ""))
    return sorted(rows, key=lambda r: (r.participant, r.date, r.action, r.note))
