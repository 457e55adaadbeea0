"""The NPT, the BWC and the nuclear-weapon-free zones: three participation records, merged (issue 10).

The records (UNODA, the London depositary's record, the IEADB) are read by `python tools/importers.py tables`
(tools/records_readers.py, records_tables.py) into graph/tables/{unoda,fcdo,ieadb}/ and merged by
tools/merge_by_depositary.py; these tests read only those tables, the graph and small hand-written fixtures
(tests/fixtures/depositary/), never the stored copies themselves. That every generated file is what the tools
write from the tables is tested in tests/test_borders.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import records_readers as readers
import records_tables as tables
from merge_by_depositary import merge, successions
from project_tables import ROOT, read_table
from records_acts import Row
from records_check import cross_check
from records_names import Names
from records_treaties import TREATIES

import armskg

#: The treaties merged by depositary: the NPT, the BWC and the nuclear-weapon-free zones.
DEPOSITARY = sorted(code for code, treaty in TREATIES.items() if treaty.rules == "depositary")
NPT = TREATIES["npt"]
FIXTURES = Path(__file__).parent / "fixtures" / "depositary"
ONTOLOGY = "https://w3id.org/armskg/ontology#"
AK = f"PREFIX ak: <{ONTOLOGY}>\n"
NPT_ACT = "https://w3id.org/armskg/id/action/npt/"
STATE = "https://w3id.org/armskg/id/state/"


# ---- the tool: the tables, the reviews ----

@pytest.mark.parametrize(("treaty", "records"), [
    ("npt", ["fcdo", "ieadb", "unoda"]), ("bwc", ["fcdo", "ieadb", "unoda"]), ("tlatelolco", ["fcdo", "ieadb", "unoda"]),
    ("rarotonga", ["ieadb", "unoda"]), ("bangkok", ["ieadb", "unoda"]), ("pelindaba", ["ieadb", "unoda"]),
    ("canwfz", ["unoda"]),
], ids=lambda v: v if isinstance(v, str) else "")
def test_each_record_has_its_table_with_the_projects_columns(treaty: str, records: list[str]) -> None:
    found = tables.load_tables(ROOT, treaty)
    assert sorted(found) == records
    for rows in found.values():
        assert rows and list(rows[0]) == list(tables.COLUMNS)


def test_a_review_that_matches_no_row_stops_the_tool() -> None:
    deposit = Row("unoda", "FRA", "accession", "1992-08-02", source="unoda-npt-2026")
    review = [{"iso3": "FRA", "action": "accession", "record": "ieadb", "date": "1992-08-02",
               "decision": "not followed", "reason": "no such row"}]
    with pytest.raises(SystemExit, match="no table row"):
        merge([deposit], review, several=True)


def test_two_dates_for_one_depositary_stop_the_tool() -> None:
    deposits = [Row("fcdo", "BEL", "ratification", "1995-05-02", depositary="GBR", source="fcdo-70835"),
                Row("ieadb", "BEL", "ratification", "1975-05-02", depositary="GBR", source="ieadb-arms-control")]
    with pytest.raises(SystemExit, match="review one of them"):
        merge(deposits, [], several=True)


# ---- when a succession took effect: graph/tables/depositary-successions.tsv ----

_FIJI = [Row("fcdo", "FJI", "succession", "1972-08-14", "1972-07-14", "GBR", "fcdo-70835"),
         Row("ieadb", "FJI", "succession", "1972-08-29", "", "RUS", "ieadb-arms-control")]


def _fiji_row(**changes: str) -> dict[str, str]:
    row = {"treaty": "npt", "iso3": "FJI", "effective": "1970-10-10", "basis": "date of succession",
           "sources": "fcdo-70832 un-summary-of-practice", "note": "Bound by the United Kingdom's ratification.",
           "other_dates": "The date of Fiji's note."}
    return row | changes


def test_a_succession_takes_the_reviewed_date_and_a_records_other_date_is_a_claim() -> None:
    merged = merge(_FIJI, [], several=True)
    successions(merged, "npt", [_fiji_row()], _FIJI)
    assert {(a.date, a.effective) for a in merged.acts} == {("1972-08-14", "1970-10-10"), ("1972-08-29", "1970-10-10")}
    assert [a.notes for a in merged.acts] == [["Bound by the United Kingdom's ratification."], []]
    other = [c for c in merged.claims if c.why == "other effective date"]
    assert [(c.deposit.effective, c.subject, c.reason) for c in other] == [
        ("1972-07-14", "FJI-succession-1972-08-14", "The date of Fiji's note.")]


@pytest.mark.parametrize(("rows", "message"), [
    ([], "no reviewed effective date"),
    ([_fiji_row(), _fiji_row(iso3="TON")], "no succession of"),
    ([_fiji_row(other_dates="")], "say why"),
    ([_fiji_row(basis="deposit")], "not the first deposit"),
    ([_fiji_row(note="")], "needs a basis"),
], ids=["missing", "stale", "other-date-without-reason", "deposit-basis", "no-note"])
def test_a_succession_without_a_sound_review_stops_the_tool(rows: list[dict[str, str]], message: str) -> None:
    with pytest.raises(SystemExit, match=message):
        successions(merge(_FIJI, [], several=True), "npt", rows, _FIJI)


# ---- the readers and the cross-check, on hand-written excerpts of the three records ----

def _fixture_deposits() -> list[Row]:
    names = Names(ROOT)
    timeline = readers.read_unoda_timeline((FIXTURES / "timeline.html").read_text(encoding="utf-8"), NPT)
    london = readers.read_fcdo((FIXTURES / "fcdo-npt.json").read_text(encoding="utf-8"), NPT)
    ieadb = readers.read_ieadb((FIXTURES / "ieadb.csv").read_text(encoding="utf-8"), NPT)
    return [row for row in tables.resolved(timeline + london + ieadb, NPT, names) if row.iso3]


def test_the_readers_on_the_fixtures() -> None:
    found = {(d.record, d.iso3, d.action, d.date, d.depositary) for d in _fixture_deposits()}
    assert found == {
        ("unoda", "FRA", "accession", "1992-08-02", ""), ("unoda", "CHN", "accession", "1992-03-12", ""),
        ("unoda", "SYR", "ratification", "1969-09-24", ""), ("unoda", "USA", "signature", "1968-07-01", ""),
        ("fcdo", "CHN", "accession", "1992-03-09", "GBR"), ("fcdo", "FRA", "accession", "1992-08-03", "GBR"),
        ("fcdo", "USA", "signature", "1968-07-01", "GBR"),
        ("ieadb", "FRA", "accession", "1992-08-02", "RUS"), ("ieadb", "CHN", "accession", "1992-03-09", "GBR"),
        ("ieadb", "SYR", "ratification", "1968-09-24", "RUS"), ("ieadb", "USA", "signature", "1968-07-01", "RUS"),
        ("fcdo", "GUY", "statement", "", ""),
    }   # West Berlin is left out (no ISO code); Guyana's 01/01/1905 is a placeholder: no date


def test_the_cross_check_reports_every_disagreement_and_nothing_else() -> None:
    assert [str(line) for line in cross_check("npt", _fixture_deposits(), several=True)] == [
        "npt CHN consent: fcdo 1992-03-09 accession at GBR; ieadb 1992-03-09 accession at GBR; unoda 1992-03-12 accession",
        "npt FRA consent: fcdo 1992-08-03 accession at GBR; ieadb 1992-08-02 accession at RUS; unoda 1992-08-02 accession",
        "npt SYR consent: ieadb 1968-09-24 ratification at RUS; unoda 1969-09-24 ratification",
    ]


def test_the_index_tooltip_and_the_timeline_disagree_on_france() -> None:
    tips = readers.read_unoda_index((FIXTURES / "index.html").read_text(encoding="utf-8"), NPT)
    assert readers.tooltip_dates(tips["France"]) == ["1992-08-03"]
    assert readers.tooltip_dates(tips["India"]) == []


def test_merging_the_fixtures_keeps_each_deposit_with_its_depositary_and_a_claim_for_the_rest() -> None:
    review = [{"iso3": "SYR", "action": "ratification", "record": "ieadb", "date": "1968-09-24",
               "decision": "not followed", "reason": "a typing error"}]
    merged = merge(_fixture_deposits(), review, several=True)
    acts = {act.key: (sorted(act.depositaries), sorted(act.records)) for act in merged.acts}
    assert acts["FRA-accession-1992-08-02"] == (["RUS"], ["ieadb", "unoda"])
    assert acts["FRA-accession-1992-08-03"] == (["GBR"], ["fcdo"])
    assert acts["CHN-accession-1992-03-12"] == ([], ["unoda"])
    assert acts["USA-signature-1968-07-01"] == (["GBR", "RUS"], ["fcdo", "ieadb", "unoda"])
    assert "SYR-ratification-1968-09-24" not in acts
    claims = {(c.deposit.iso3, c.deposit.record, c.deposit.date, c.why, c.subject) for c in merged.claims}
    assert claims == {("FRA", "fcdo", "1992-08-03", "other deposit", "FRA-accession-1992-08-02"),
                      ("CHN", "unoda", "1992-03-12", "other deposit", "CHN-accession-1992-03-09"),
                      ("SYR", "ieadb", "1968-09-24", "not followed", "SYR-ratification-1969-09-24")}


def test_a_one_depositary_treaty_follows_unoda_and_keeps_the_other_date_as_a_claim() -> None:
    deposits = [Row("unoda", "ZAF", "ratification", "1998-03-27", source="unoda-pelindaba-2026"),
                Row("ieadb", "ZAF", "ratification", "1998-03-13", source="ieadb-arms-control")]
    merged = merge(deposits, [], several=False)
    assert [act.key for act in merged.acts] == ["ZAF-ratification-1998-03-27"]
    assert [(c.deposit.date, c.why) for c in merged.claims] == [("1998-03-13", "other record")]


# ---- the graph: competency questions at several dates ----

def _status(kg: armskg.KnowledgeGraph, treaty: str, iso3: str, as_of: str) -> tuple[str | None, str | None]:
    row = next(r for r in kg.query("treaty-status", treaty=treaty, as_of=as_of) if r["iso3"] == iso3)
    return row["status"], row["since"]


def _parties(kg: armskg.KnowledgeGraph, treaty: str, as_of: str) -> set[str]:
    return {r["iso3"] for r in kg.query("treaty-status", treaty=treaty, as_of=as_of) if r["status"] in ("party", "withdrawing")}


def _unoda_consents(treaty: str) -> set[str]:
    """The states UNODA's table (graph/tables/unoda/) lists with a consent: its parties."""
    consents = ("ratification", "accession", "succession", "acceptance", "approval")
    return {row["iso3"] for row in tables.load_tables(ROOT, treaty)["unoda"] if row["action"] in consents}


def test_never_joined_the_npt_in_2026(kg: armskg.KnowledgeGraph) -> None:
    # the DPRK withdrew: it is not "never joined"; the non-UN Cook Islands and Niue are not asked about
    assert kg.query("never-joined", treaty="npt", as_of="2026-06-01").column("iso3") == ["IND", "ISR", "PAK", "SSD"]


@pytest.mark.parametrize(("as_of", "included", "excluded"), [
    ("1991-07-09", {"FRA", "CHN", "ZAF", "IND"}, {"USA", "GBR", "RUS", "DEU", "PRK"}),  # ZAF: 10 July 1991
    ("1992-12-31", {"IND", "UKR", "KAZ"}, {"FRA", "CHN", "ZAF"}),
    ("1995-12-31", {"IND", "ISR", "PAK", "CUB"}, {"UKR", "KAZ", "BLR"}),
], ids=["1991", "1992", "1995"])
def test_never_joined_the_npt_earlier(kg: armskg.KnowledgeGraph, as_of: str, included: set[str],
                                      excluded: set[str]) -> None:
    joined = set(kg.query("never-joined", treaty="npt", as_of=as_of).column("iso3"))
    assert included <= joined and not excluded & joined


@pytest.mark.parametrize(("treaty", "as_of", "parties", "why"), [
    ("npt", "1970-03-04", 0, "before Article IX(3)'s entry into force"),
    ("npt", "1970-03-05", 45, "every state whose first deposit (in any capital) came by 5 March 1970"),
    ("npt", "2026-08-22", 190, "UNODA's 191, less the DPRK (withdrawn from 10 April 2003)"),
    ("bwc", "1975-03-25", 0, "before Article XIV(3)'s entry into force"),
    ("bwc", "1975-03-26", 43, "every state whose first deposit came by 26 March 1975"),
    ("bwc", "2026-08-22", 189, "UNODA: 189 parties"),
    ("tlatelolco", "1968-04-22", 2, "Mexico and El Salvador, with the Article 28(2) waiver"),
    ("tlatelolco", "2026-08-22", 33, "UNODA: 33"),
    ("rarotonga", "1986-12-11", 8, "Article 15: the eighth ratification"),
    ("rarotonga", "2025-03-02", 13, "the thirteen Forum states"),
    ("rarotonga", "2026-08-22", 13, "UNODA's 14, less the Marshall Islands, which signed (3 March 2025): UNODA's accession is a claim"),
    ("bangkok", "1997-03-27", 8, "Article 16: in force with the seventh instrument; Cambodia and Singapore deposited that day"),
    ("bangkok", "2026-08-22", 10, "UNODA: 10"),
    ("pelindaba", "2009-07-15", 28, "Article 18: the 28th ratification (Burundi)"),
    ("pelindaba", "2026-08-22", 43, "UNODA: 43"),
    ("canwfz", "2009-03-20", 0, "before its entry into force"),
    ("canwfz", "2009-03-21", 5, "UNODA: 5"),
], ids=lambda v: str(v))
def test_party_counts(kg: armskg.KnowledgeGraph, treaty: str, as_of: str, parties: int, why: str) -> None:
    assert len(_parties(kg, treaty, as_of)) == parties, why


def _first_consents(treaty: str) -> dict[str, str]:
    """Each state's first consent in any table: the earliest deposit or, for a succession, the date it took
    effect as graph/tables/depositary-successions.tsv reviews it; reviewed rows that are not deposits are
    skipped. The derivation's rule, computed independently from the tables (no Tlatelolco waivers: NPT and
    BWC only)."""
    review = {(r["iso3"], r["action"], r["record"], r["date"]): r["decision"]
              for r in read_table(ROOT / "graph" / "tables" / "record-review.tsv") if r["treaty"] == treaty}
    succession = {r["iso3"]: r["effective"] for r in read_table(ROOT / "graph" / "tables" / "depositary-successions.tsv")
                  if r["treaty"] == treaty}
    first: dict[str, str] = {}
    for d in tables.deposits(ROOT, treaty):
        decision = review.get((d.iso3, d.action, d.record, d.date))
        if d.stage != "consent" or not d.date or decision in ("not followed", "left out"):
            continue
        dates = [d.date] + ([succession[d.iso3]] if d.action == "succession" else [])
        first[d.iso3] = min([first.get(d.iso3, d.date), *dates])
    return first


@pytest.mark.parametrize(("treaty", "as_of"), [("npt", "1970-03-05"), ("npt", "1985-01-01"), ("npt", "2026-08-22"),
                                               ("bwc", "1975-03-26"), ("bwc", "2000-01-01"), ("bwc", "2026-08-22")])
def test_party_counts_agree_with_the_first_deposit_in_the_tables(kg: armskg.KnowledgeGraph, treaty: str,
                                                                  as_of: str) -> None:
    expected = {iso3 for iso3, date in _first_consents(treaty).items() if date <= as_of}
    withdrawn = {"PRK"} if treaty == "npt" and as_of >= "2003-04-10" else set()
    assert _parties(kg, treaty, as_of) == expected - withdrawn


@pytest.mark.parametrize("treaty", ["bwc", "tlatelolco", "bangkok", "pelindaba", "canwfz"])
def test_each_party_set_is_unodas(kg: armskg.KnowledgeGraph, treaty: str) -> None:
    assert _parties(kg, treaty, "2026-08-22") == _unoda_consents(treaty)


def test_the_rarotonga_party_set_is_unodas_but_for_the_marshall_islands(kg: armskg.KnowledgeGraph) -> None:
    """UNODA lists the Marshall Islands' act of 3 March 2025 as an accession; the depositary (the Pacific Islands
    Forum Secretariat) received an instrument of signature, which the graph follows."""
    assert _unoda_consents("rarotonga") - _parties(kg, "rarotonga", "2026-08-22") == {"MHL"}
    assert _parties(kg, "rarotonga", "2026-08-22") <= _unoda_consents("rarotonga")


def test_the_npt_party_set_is_unodas_but_for_the_dprk(kg: armskg.KnowledgeGraph) -> None:
    assert _unoda_consents("npt") - _parties(kg, "npt", "2026-08-22") == {"PRK"}
    assert _parties(kg, "npt", "2026-08-22") <= _unoda_consents("npt")


@pytest.mark.parametrize(("treaty", "iso3", "as_of", "status", "since"), [
    ("npt", "USA", "1970-03-05", "party", "1970-03-05"),
    ("npt", "GBR", "1969-01-01", "consented", "1968-11-27"),   # ratified in London 27 November 1968
    ("npt", "GBR", "1970-03-05", "party", "1970-03-05"),
    ("npt", "RUS", "1970-03-05", "party", "1970-03-05"),       # the USSR's acts, held as Russia's
    ("npt", "FRA", "1992-08-01", "non-party", None),
    ("npt", "FRA", "1992-08-03", "party", "1992-08-02"),        # Moscow 2 August; London's 3 August ignored
    ("npt", "CHN", "1992-03-08", "non-party", None),
    ("npt", "CHN", "1992-03-12", "party", "1992-03-09"),        # London 9 March; UNODA's 12 March ignored
    ("npt", "ZAF", "1991-07-10", "party", "1991-07-10"),
    ("npt", "UKR", "1994-12-04", "non-party", None),
    ("npt", "UKR", "1994-12-05", "party", "1994-12-05"),
    ("npt", "KAZ", "1994-02-14", "party", "1994-02-14"),        # Washington; London 21 March, UNODA 20 May
    ("npt", "CZE", "1993-01-01", "party", "1993-01-01"),        # succession, effective on independence
    ("npt", "SRB", "1992-04-27", "party", "1992-04-27"),
    ("npt", "PRK", "2026-06-01", "withdrawn", "2003-04-10"),
    ("npt", "IND", "2026-06-01", "non-party", None),
    ("bwc", "USA", "1975-03-26", "party", "1975-03-26"),
    ("bwc", "GBR", "1975-03-26", "party", "1975-03-26"),
    ("bwc", "RUS", "1975-03-26", "party", "1975-03-26"),
    ("bwc", "UKR", "1975-03-26", "party", "1975-03-26"),       # the Ukrainian SSR's ratification
    ("bwc", "FRA", "1984-09-27", "party", "1984-09-27"),
    ("bwc", "CHN", "1984-11-15", "party", "1984-11-15"),
    ("bwc", "ZAF", "1975-11-03", "party", "1975-11-03"),
    ("bwc", "KAZ", "2007-06-15", "party", "2007-06-15"),
    ("bwc", "CZE", "2026-06-01", "party", "1993-01-01"),       # never withdrew (the IEADB's row left out)
    ("bwc", "EGY", "2026-06-01", "signatory", "1972-04-10"),
    ("bwc", "ISR", "2026-06-01", "non-party", None),
    ("tlatelolco", "MEX", "1968-04-22", "party", "1968-04-22"),
    ("tlatelolco", "BRA", "1990-01-01", "consented", "1968-01-29"),  # no waiver until 30 May 1994
    ("tlatelolco", "BRA", "1994-05-30", "party", "1994-05-30"),
    ("tlatelolco", "CHL", "1994-01-18", "party", "1994-01-18"),
    ("tlatelolco", "CUB", "2002-10-23", "party", "2002-10-23"),
    ("rarotonga", "MHL", "2025-03-02", "non-party", None),
    ("rarotonga", "MHL", "2026-08-22", "signatory", "2025-03-03"),  # signed; UNODA's "accession" is a claim
    ("bangkok", "PHL", "2001-06-21", "party", "2001-06-21"),
    ("pelindaba", "ZAF", "2009-07-14", "consented", "1998-03-27"),
    ("pelindaba", "ZAF", "2009-07-15", "party", "2009-07-15"),
    ("canwfz", "KAZ", "2009-03-21", "party", "2009-03-21"),
    ("canwfz", "KGZ", "2009-03-20", "consented", "2007-07-27"),
], ids=lambda v: str(v))
def test_spot_dates(kg: armskg.KnowledgeGraph, treaty: str, iso3: str, as_of: str, status: str, since: str | None) -> None:
    assert _status(kg, treaty, iso3, as_of) == (status, since)


def test_a_later_deposit_changes_nothing(kg: armskg.KnowledgeGraph) -> None:
    """France deposited in Moscow on 2 August 1992 and in London on 3 August: one change of status only."""
    rows = kg.query("changes", treaty="npt", **{"from": "1992-08-01", "to": "1992-08-10"})
    assert [(r["date"], r["iso3"], r["to_status"]) for r in rows] == [("1992-08-02", "FRA", "party")]


# ---- depositaries, claims, coverage, sources ----

@pytest.mark.parametrize(("act", "depositaries"), [
    ("FRA-accession-1992-08-02", {"RUS"}), ("FRA-accession-1992-08-03", {"GBR"}),
    ("CHN-accession-1992-03-09", {"GBR"}), ("CHN-accession-1992-03-12", set()),
    ("KAZ-accession-1994-02-14", {"USA"}),
], ids=lambda v: v if isinstance(v, str) else "")
def test_each_deposit_keeps_its_depositary(kg: armskg.KnowledgeGraph, act: str, depositaries: set[str]) -> None:
    rows = kg.sparql(AK + f"SELECT ?d ?note WHERE {{ <{NPT_ACT}{act}> ak:date ?date . "
                          f"OPTIONAL {{ <{NPT_ACT}{act}> ak:depositary ?d }} OPTIONAL {{ <{NPT_ACT}{act}> ak:note ?note }} }}")
    assert {r["d"].removeprefix(STATE) for r in rows if r["d"]} == depositaries
    if not depositaries:
        assert "without naming the depositary" in rows[0]["note"]


@pytest.mark.parametrize(("subject", "text"), [
    ("FRA-accession-1992-08-02", "UK Treaties Online records that France acceded to the NPT in London on 3 August 1992."),
    ("CHN-accession-1992-03-09", "UNODA records that China acceded to the NPT on 12 March 1992."),
    (STATE + "PRK", "UNODA lists the Democratic People's Republic of Korea as a party"),
], ids=["france", "china", "dprk"])
def test_disputed_claims_shows_the_disagreements(kg: armskg.KnowledgeGraph, subject: str, text: str) -> None:
    subject = subject if subject.startswith("https:") else NPT_ACT + subject
    rows = [r for r in kg.query("disputed-claims") if r["subject"] == subject]
    assert any(r["claim"].startswith(text) and r["note"] for r in rows)


@pytest.mark.parametrize("treaty", DEPOSITARY)
def test_each_treaty_has_a_complete_participation_record(kg: armskg.KnowledgeGraph, treaty: str) -> None:
    rows = kg.sparql(AK + f"""PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?coverage ?asAt (COUNT(DISTINCT ?source) AS ?sources) WHERE {{
          <https://w3id.org/armskg/id/treaty/{treaty}> ak:participationRecord ?r .
          ?r a ak:ParticipationRecord ; ak:coverage ?coverage ; ak:asAt ?asAt ; ak:note ?note ; dcterms:source ?source
        }} GROUP BY ?coverage ?asAt""")
    assert [(r["coverage"], r["asAt"]) for r in rows] == [(ONTOLOGY + "complete-record", "2026-08-22")]


def test_every_record_source_has_a_kind_and_the_ieadb_its_citation(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql(AK + """PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?s ?kind ?note WHERE { VALUES ?s { <https://w3id.org/armskg/id/source/unoda-npt-2026>
          <https://w3id.org/armskg/id/source/fcdo-70835> <https://w3id.org/armskg/id/source/ieadb-arms-control> }
          ?s ak:sourceKind ?kind ; ak:note ?note }""")
    kinds = {r["s"].rsplit("/", 1)[1]: r["kind"].rsplit("#", 1)[1] for r in rows}
    assert kinds == {"unoda-npt-2026": "kind-international-organisation", "fcdo-70835": "kind-depositary",
                     "ieadb-arms-control": "kind-scholarly"}
    ieadb = next(r["note"] for r in rows if r["s"].endswith("ieadb-arms-control"))
    assert "https://www.iea.ulaval.ca" in ieadb and "Mitchell" in ieadb and "(2020)" in ieadb


@pytest.mark.parametrize(("treaty", "act"), [
    ("npt", "SRB-signature-1968-07-10"),   # Yugoslavia's, listed under Serbia by the IEADB
    ("bwc", "CZE-withdrawal-1992-12-31"),  # Czechoslovakia's end, coded as a Czech withdrawal
])
def test_predecessors_acts_are_left_out(kg: armskg.KnowledgeGraph, treaty: str, act: str) -> None:
    rows = kg.sparql(AK + f"SELECT ?p WHERE {{ <https://w3id.org/armskg/id/action/{treaty}/{act}> ?p ?o }}")
    assert len(rows) == 0


# ---- the zones' clauses, quoted from their texts ----

def test_rarotonga_withdrawal_needs_twelve_months_notice_to_the_director(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql(AK + """
        SELECT ?months ?to ?note WHERE {
          ?t ak:code "rarotonga" ; ak:withdrawalRule ?r .
          ?r ak:article "Article 13(1)-(2)" ; ak:noticeMonths ?months ; ak:noticeTo ?to ; ak:note ?note }""")
    assert len(rows) == 1
    assert rows[0]["months"] == "12" and "Director" in (rows[0]["to"] or "")
    assert "giving notice twelve months in advance to the Director" in (rows[0]["note"] or "")


def test_the_central_asian_depositary_rests_on_the_secretary_generals_statement(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql(AK + """
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?kind WHERE {
          ?t ak:code "canwfz" ; ak:depositary <https://w3id.org/armskg/id/state/KGZ> ; dcterms:source ?s .
          ?s ak:sourceKind ?kind ; <https://schema.org/url> ?url . FILTER (CONTAINS(STR(?url), "sgsm12143")) }""")
    assert rows.column("kind") == [f"{ONTOLOGY}kind-international-organisation"]
