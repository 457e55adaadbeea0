"""The records' rows and the graph's acts: what the merges read and what the Turtle writer writes.

A :class:`Row` is one action as one record gives it, read from the record (tools/records_readers.py) and
kept in the project's table of it (graph/tables/<record>/<treaty>.tsv, tools/records_tables.py); an
:class:`Act` is one act the graph holds (a signature, a deposit of a consent, a withdrawal), with every record
and source that gives it. Both merges (tools/merge_by_depositary.py, merge_by_primary.py) turn rows into acts. Lives in tools/, outside the wheel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The stage of participation each action belongs to ("" for the rest: entry into force, waiver, declarations).
STAGES = {"signature": "signature", "ratification": "consent", "accession": "consent", "succession": "consent",
          "acceptance": "consent", "approval": "consent", "consent to be bound": "consent", "withdrawal": "withdrawal"}
#: The class (in the ontology) of each act.
CLASSES = {"signature": "Signature", "ratification": "Ratification", "accession": "Accession",
           "succession": "Succession", "acceptance": "Acceptance", "approval": "Approval",
           "consent to be bound": "ConsentToBeBound", "withdrawal": "WithdrawalNotification"}


@dataclass(frozen=True)
class Row:
    """One action as one record gives it: read from the record's stored copy (tools/records_readers.py), or from
    the project's table of it (graph/tables/<record>/<treaty>.tsv), where the name is resolved to ``iso3``."""

    record: str
    iso3: str
    action: str
    date: str
    effective: str = ""
    depositary: str = ""
    source: str = ""
    participant: str = ""
    note: str = ""
    #: Another name the record gives the participant (the IEADB's official name), tried after ``participant``.
    other_name: str = ""

    @property
    def stage(self) -> str:
        """signature, consent or withdrawal ("" for the IEADB's entry-into-force and waiver rows and the like)."""
        return STAGES.get(self.action, "")


@dataclass
class Act:
    """One act of the graph: who, what, when, at which depositaries, from which records and sources."""

    iso3: str
    kind: str
    date: str
    effective: str = ""
    depositaries: set[str] = field(default_factory=set)
    records: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    effective_sources: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    #: The date a record gives as the one the act took effect, held (as ``effective``) only where asserted.
    stated: str = ""

    @property
    def stage(self) -> str:
        """signature, consent or withdrawal."""
        return STAGES[self.kind]

    @property
    def key(self) -> str:
        """The act's local name, as for the UN Treaty Collection's acts: ISO3-kind-date.

        >>> Act("FRA", "consent to be bound", "1992-08-02").key, Act("BHS", "succession", "").key
        ('FRA-consent-1992-08-02', 'BHS-succession-undated')
        """
        word = "consent" if self.kind == "consent to be bound" else self.kind
        return f"{self.iso3}-{word}-{self.date or 'undated'}"

    def add(self, record: str, source: str) -> None:
        """Count a record's row as a further source of this act."""
        if record not in self.records:
            self.records.append(record)
        if source not in self.sources:
            self.sources.append(source)
