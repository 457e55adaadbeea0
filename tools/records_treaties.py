"""The treaties whose participation is read from the national and research records, and where each is found.

One entry per treaty: its id in each record (UNODA's sentences, UK Treaties Online, the IEADB), whether the
UK Treaties Online record is the London depositary's own, which rules merge the records into the graph's acts
(``depositary``: every deposit at the depositary its record names, tools/merge_by_depositary.py; ``primary``:
one record followed, the other's further dates held as earlier deposits or claims, tools/merge_by_primary.py),
and the words its claims use. Read by every step of the pipeline (tools/importers.py). Lives in tools/.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The records, in the order their tables are read.
RECORDS = ("fcdo", "unoda", "ieadb")
#: The source ids (graph/sources/nuclear-records.ttl, other-treaties.ttl) of each record's copy, by rules.
_SOURCE_IDS = {
    "depositary": {"unoda": "unoda-{code}-2026", "fcdo": "fcdo-{fcdo}", "ieadb": "ieadb-arms-control"},
    "primary": {"fcdo": "ukto-{fcdo}-{code}", "ieadb": "ieadb-arms-control-2026"},
}
_PREFERRED = "the graph prefers UNODA's record where the records of a treaty with one depositary disagree"
_FIRST_DEPOSIT = "in force for a state on the date of deposit of its instrument; the first deposit counts"


@dataclass(frozen=True)
class Treaty:
    """Where one treaty is found in each record, and how its records are merged."""

    code: str
    rules: str                        # "depositary" or "primary" (the module's docstring)
    title: str                        # its name in a sentence ("the NPT")
    unoda: str | None = None          # its name in UNODA's sentences
    fcdo: str | None = None           # UK Treaties Online record number
    ieadb: str | None = None          # IEADB agreement id ("Mitch ID")
    london_depositary: bool = False   # several depositaries, and the UK Treaties Online record is London's own
    primary: str = "fcdo"             # the record followed where two disagree ("primary" rules)
    why: str = ""                     # why the graph follows the date it does ("depositary" rules)
    depositary: str = ""              # the depositary whose dates the IEADB restates ("primary" rules)
    untc: str | None = None           # the UN Treaty Collection's table the records are checked against
    generated: bool = True            # False: the records are only checked (the UNTC table is the graph's record)
    ieadb_acceptance: str = "acceptance"  # "accession": the IEADB codes this treaty's accessions as acceptances

    @property
    def records(self) -> tuple[str, ...]:
        """The records that hold this treaty."""
        return tuple(record for record in RECORDS if getattr(self, record))

    @property
    def several(self) -> bool:
        """Whether the treaty has several depositaries whose deposits the records keep apart."""
        return self.london_depositary

    @property
    def generated_name(self) -> str:
        """The generated file's name, without .ttl."""
        return f"{'depositary' if self.rules == 'depositary' else 'records'}-{self.code}"

    def source(self, record: str) -> str:
        """The source id of one record's copy for this treaty.

        >>> TREATIES["npt"].source("fcdo"), TREATIES["ost"].source("fcdo")
        ('fcdo-70835', 'ukto-70785-ost')
        """
        return _SOURCE_IDS[self.rules][record].format(code=self.code, fcdo=self.fcdo)


def _depositary(code: str, title: str, unoda: str, fcdo: str | None = None, ieadb: str | None = None,
                london: bool = False, why: str = _PREFERRED) -> Treaty:
    return Treaty(code, "depositary", title, unoda, fcdo, ieadb, london, why=why, ieadb_acceptance="accession")


def _primary(code: str, title: str, fcdo: str, ieadb: str | None, london: bool, primary: str = "fcdo",
             depositary: str = "", untc: str | None = None) -> Treaty:
    return Treaty(code, "primary", title, None, fcdo, ieadb, london, primary, depositary=depositary, untc=untc,
                  generated=untc is None)


TREATIES: dict[str, Treaty] = {t.code: t for t in (
    _depositary("npt", "the NPT", "Non-Proliferation Treaty", "70835", "3610", True,
                f"Article IX(4): {_FIRST_DEPOSIT}"),
    _depositary("bwc", "the BWC", "Biological Weapons Convention", "70996", "2807", True,
                f"Article XIV(4): {_FIRST_DEPOSIT}"),
    _depositary("tlatelolco", "the Treaty of Tlatelolco",
                "Treaty for the Prohibition of Nuclear Weapons in Latin America and the Caribbean", "70823", "2754",
                why=("UNODA and the IEADB give this date; UK Treaties Online is the United Kingdom's own status "
                     "record, not the depositary's (Mexico's)")),
    _depositary("rarotonga", "the Treaty of Rarotonga", "South Pacific Nuclear-Free Zone Treaty", None, "2992"),
    _depositary("bangkok", "the Treaty of Bangkok", "Southeast Asian Nuclear-Weapon-Free Zone Treaty", None, "3227"),
    _depositary("pelindaba", "the Treaty of Pelindaba", "African Nuclear-Weapon-Free Zone Treaty", None, "3234",
                why=("UNODA gives the date each instrument was deposited with the African Union Commission, from "
                     "which the Treaty is in force for the state (Article 18); the IEADB's dates are mostly "
                     "earlier, the dates of the instruments themselves")),
    _depositary("canwfz", "the Central Asian Treaty", "Central Asian Nuclear-Weapon-Free Zone Treaty"),
    _primary("ost", "the Outer Space Treaty", "70785", "3607", True),
    _primary("ptbt", "the Partial Test Ban Treaty", "70697", "2726", True),
    _primary("seabed", "the Seabed Treaty", "70925", "3769", True),
    _primary("geneva-protocol", "the Geneva Protocol", "63446", "2603", False, "ieadb", "the Government of France"),
    _primary("enmod", "ENMOD", "71341", "2866", False, untc="XXVI-1"),
    _primary("cppnm", "the CPPNM", "71455", "2911", False, "ieadb",
             "the IAEA's Director General, whose status list the IEADB's notes cite"),
    _primary("cppnm-a", "the CPPNM amendment", "61994", None, False),
)}
