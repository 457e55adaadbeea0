"""The one name mapping: how each participant's name, as a record gives it, resolves to a state of the graph.

``graph/tables/record-names.tsv`` (reviewed by hand) holds one row per record and name: the ISO 3166-1 alpha-3
code it resolves to, or none, which leaves the participant out with the reason in ``note`` (territories,
predecessor states, Taiwan, international organisations). A row with a ``treaty`` holds only for that treaty
(the London record's "CONGO" is the Democratic Republic of the Congo in the PTBT's record, and unknown
elsewhere) and wins over a row without one. A name no row reviews resolves through the states' own names
(graph/tables/states.tsv, state-aliases.tsv, pycountry's names), to states of the graph only; a name nothing
resolves stops the tool. Lives in tools/, outside the wheel.
"""

from __future__ import annotations

from pathlib import Path

from project_tables import participant_codes, read_table, state_labels, tables

TABLE = Path("graph") / "tables" / "record-names.tsv"
COLUMNS = ("source", "name", "treaty", "iso3", "note")


class Names:
    """Resolve a participant's name, as one record gives it for one treaty, to ISO alpha-3 ("" = left out)."""

    def __init__(self, root: Path) -> None:
        states = set(state_labels(root))
        self.lower = {name.lower(): code for name, code in participant_codes(root).items() if code in states}
        self.reviewed: dict[tuple[str, str, str], tuple[str, str]] = {}
        for row in read_table(tables(root) / TABLE.name):
            key = (row["source"], row["name"], row["treaty"])
            if key in self.reviewed:
                raise SystemExit(f"{TABLE}: two rows for {key}")
            if row["iso3"] and row["iso3"] not in states or not row["iso3"] and not row["note"]:
                raise SystemExit(f"{TABLE}: {key}: a state of the graph, or no code and the reason in note")
            self.reviewed[key] = (row["iso3"], row["note"])

    def resolve(self, record: str, treaty: str, *names: str) -> tuple[str, str]:
        """(iso3, note) for the first of ``names`` that a reviewed row, or else a state's name, settles."""
        names = tuple(name for name in names if name)
        for name in names:
            for key in ((record, name, treaty), (record, name, "")):
                if key in self.reviewed:
                    return self.reviewed[key]
        for name in names:
            if name.lower() in self.lower:
                return self.lower[name.lower()], ""
        raise SystemExit(f"{record}: unknown participant {names[0]!r}: add it to {TABLE}")
