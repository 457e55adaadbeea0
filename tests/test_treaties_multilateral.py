"""The CWC, CTBT, NPT, BWC and Outer Space Treaty against the depositaries' records and the treaties' own rules.

Counts and dates are the UNTC status pages' as at 3 February 2026 (graph/tables/untc/XXVI-3.tsv, XXVI-4.tsv)
unless the case names another source.
"""

from __future__ import annotations

import importers
import pytest

import armskg

AK = "PREFIX ak: <https://w3id.org/armskg/ontology#>\n"
UNTC = importers.data_root() / "graph" / "tables" / "untc"


def _count(kg: armskg.KnowledgeGraph, treaty: str, as_of: str, *statuses: str) -> int:
    rows = kg.query("treaty-status", treaty=treaty, as_of=as_of)
    return sum(1 for row in rows if row["status"] in statuses)


def _status(kg: armskg.KnowledgeGraph, treaty: str, iso3: str, as_of: str) -> tuple[str | None, str | None]:
    row = next(r for r in kg.query("treaty-status", treaty=treaty, as_of=as_of) if r["iso3"] == iso3)
    return row["status"], row["since"]


# ---- Chemical Weapons Convention ----

@pytest.mark.parametrize(("as_of", "parties", "source"), [
    ("1997-04-28", 0, "not yet in force (Article XXI(1): 29 April 1997)"),
    ("1997-04-29", 87, "Global Prohibition Regimes: in force in April 1997 with 87 States Parties"),
    ("2026-02-03", 193, "UNTC XXVI-3 as at 3 February 2026: Parties 193"),
], ids=["before-eif", "eif", "untc-2026"])
def test_cwc_party_count(kg: armskg.KnowledgeGraph, as_of: str, parties: int, source: str) -> None:
    assert _count(kg, "cwc", as_of, "party", "withdrawing") == parties, source


def test_cwc_signatories_and_the_one_signatory_that_is_not_a_party(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql(AK + """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
        ?a a ak:Signature ; ak:treaty <https://w3id.org/armskg/id/treaty/cwc> ; ak:actor ?s }""")
    assert rows[0]["n"] == "165"   # UNTC: Signatories 165
    signatories = [r["iso3"] for r in kg.query("treaty-status", treaty="cwc", as_of="2026-02-03") if r["status"] == "signatory"]
    assert signatories == ["ISR"]


@pytest.mark.parametrize(("iso3", "as_of", "status", "since"), [
    ("USA", "1997-04-29", "party", "1997-04-29"),     # ratified 25 April 1997, before entry into force
    ("CHN", "1997-04-29", "party", "1997-04-29"),     # ratified 25 April 1997
    ("CUB", "1997-05-28", "consented", "1997-04-29"),  # ratified 29 April 1997: Article XXI(2), 30th day
    ("CUB", "1997-05-29", "party", "1997-05-29"),
    ("RUS", "1997-12-05", "party", "1997-12-05"),     # ratified 5 November 1997
    ("SYR", "2013-10-13", "consented", "2013-09-14"),  # acceded 14 September 2013
    ("SYR", "2013-10-14", "party", "2013-10-14"),
    ("AGO", "2015-10-16", "party", "2015-10-16"),     # acceded 16 September 2015
    ("MMR", "2015-08-06", "consented", "2015-07-08"),  # ratified 8 July 2015, signed 14 January 1993
    ("MMR", "2015-08-07", "party", "2015-08-07"),
    ("ISR", "2026-02-03", "signatory", "1993-01-13"),
    ("EGY", "2026-02-03", "non-party", None),
    ("SSD", "2026-02-03", "non-party", None),
], ids=lambda v: str(v))
def test_cwc_dates_follow_the_depositary_and_article_xxi(kg: armskg.KnowledgeGraph, iso3: str, as_of: str,
                                                         status: str, since: str | None) -> None:
    assert _status(kg, "cwc", iso3, as_of) == (status, since)


# ---- Comprehensive Nuclear-Test-Ban Treaty (not in force) ----

@pytest.mark.parametrize(("as_of", "ratified", "source"), [
    ("2023-10-18", 178, "CTBTO, 18 October 2023: 187 signatures and 178 ratifications"),
    ("2023-11-02", 177, "Russia's revocation of its ratification took effect on 2 November 2023"),
    ("2024-03-13", 178, "Papua New Guinea ratified on 13 March 2024"),
    ("2026-02-03", 178, "UNTC XXVI-4 as at 3 February 2026: Parties 178"),
], ids=["ctbto-2023", "after-revocation", "png", "untc-2026"])
def test_ctbt_ratifications_and_no_party(kg: armskg.KnowledgeGraph, as_of: str, ratified: int, source: str) -> None:
    assert _count(kg, "ctbt", as_of, "consented") == ratified, source
    assert _count(kg, "ctbt", as_of, "party", "withdrawing", "withdrawn") == 0, "the CTBT is not in force"


def test_ctbt_has_187_signatories(kg: armskg.KnowledgeGraph) -> None:
    assert _count(kg, "ctbt", "2026-02-03", "consented", "signatory") == 187   # UNTC: Signatories 187


@pytest.mark.parametrize(("as_of", "status", "since"), [
    ("2000-06-29", "signatory", "1996-09-24"),
    ("2000-06-30", "consented", "2000-06-30"),
    ("2023-11-01", "consented", "2000-06-30"),
    ("2023-11-02", "signatory", "2023-11-02"),
    ("2026-02-03", "signatory", "2023-11-02"),
], ids=lambda v: str(v))
def test_russia_revoked_its_ctbt_ratification(kg: armskg.KnowledgeGraph, as_of: str, status: str, since: str) -> None:
    assert _status(kg, "ctbt", "RUS", as_of) == (status, since)


def test_russias_revocation_is_recorded_with_its_votes(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql(AK + """SELECT ?kind ?date WHERE {
        ?a ak:actor <https://w3id.org/armskg/id/state/RUS> ; ak:treaty <https://w3id.org/armskg/id/treaty/ctbt> ;
           a ?kind ; ak:date ?date FILTER (?kind IN (ak:RevocationOfRatification, ak:LegislativeVote)) } ORDER BY ?date""")
    assert [(r["kind"].rsplit("#", 1)[1], r["date"]) for r in rows] == [
        ("LegislativeVote", "2023-10-18"), ("LegislativeVote", "2023-10-25"), ("RevocationOfRatification", "2023-11-02")]


# ---- NPT: North Korea, and Article X as data ----

def test_north_korea_before_its_accession_is_as_the_record_says(kg: armskg.KnowledgeGraph) -> None:
    # The DPRK acceded in 1985: before, it was a non-party, but only a complete record of the NPT can say
    # so; until the record is complete, the graph says it does not know (it opened on 1 July 1968).
    record = next(r for r in kg.stats(as_of="1985-12-11")[0] if r["treaty"] == "npt")["coverage"]
    expected = ("non-party", None) if record == "complete" else ("not recorded", "1968-07-01")
    assert _status(kg, "npt", "PRK", "1985-12-11") == expected
    assert _status(kg, "npt", "PRK", "1968-06-30") == ("non-party", None)  # before the treaty opened


@pytest.mark.parametrize(("as_of", "status", "since"), [
    ("1985-12-12", "party", "1985-12-12"),        # Article IX(4): in force on the date of deposit
    ("1993-06-12", "party", "1985-12-12"),        # the 1993 notice was suspended on 11 June 1993
    ("2003-01-10", "withdrawing", "2003-01-10"),
    ("2003-04-09", "withdrawing", "2003-01-10"),
    ("2003-04-10", "withdrawn", "2003-04-10"),    # Article X(1): three months after the notice
], ids=lambda v: str(v))
def test_north_korea_and_the_npt(kg: armskg.KnowledgeGraph, as_of: str, status: str, since: str | None) -> None:
    assert _status(kg, "npt", "PRK", as_of) == (status, since)


def test_withdrawals_query_lists_north_korea(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("withdrawals", treaty="npt", as_of="2026-02-03")
    assert [(r["iso3"], r["announced"], r["notified"], r["effective"]) for r in rows] == [
        ("PRK", "1993-03-12", "2003-01-10", "2003-04-10")]


def test_north_koreas_claimed_withdrawal_date_is_kept_as_a_claim(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql(AK + """SELECT ?c WHERE { ?c a ak:Claim ;
        ak:subject <https://w3id.org/armskg/id/action/npt/PRK-withdrawal-2003-01-10> }""")
    assert len(rows) == 1


@pytest.mark.parametrize(("treaty", "months", "to", "statement"), [
    ("npt", 3, {"all other Parties to the Treaty", "the United Nations Security Council"}, "true"),
    ("bwc", 3, {"all other States Parties to the Convention", "the United Nations Security Council"}, "true"),
    ("ost", 12, {"the Depositary Governments"}, "false"),
    ("ctbt", 6, {"all other States Parties", "the Executive Council", "the Depositary",
                 "the United Nations Security Council"}, "true"),
], ids=["npt", "bwc", "ost", "ctbt"])
def test_withdrawal_clauses_as_data(kg: armskg.KnowledgeGraph, treaty: str, months: int, to: set[str],
                                    statement: str) -> None:
    rows = kg.sparql(AK + f"""SELECT ?months ?to ?statement WHERE {{
        <https://w3id.org/armskg/id/treaty/{treaty}> ak:withdrawalRule ?r .
        ?r ak:noticeMonths ?months ; ak:noticeTo ?to ; ak:statementOfEventsRequired ?statement }}""")
    assert {r["months"] for r in rows} == {str(months)}
    assert set(rows.column("to")) == to
    assert {r["statement"] for r in rows} == {statement}


def test_cwc_withdrawal_notice_is_ninety_days(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql(AK + """SELECT ?days WHERE { <https://w3id.org/armskg/id/treaty/cwc> ak:withdrawalRule/ak:noticeDays ?days }""")
    assert rows.column("days") == ["90"]


@pytest.mark.parametrize(("treaty", "depositaries"), [("npt", 3), ("bwc", 3), ("ost", 3), ("cwc", 1), ("ctbt", 1)])
def test_depositaries(kg: armskg.KnowledgeGraph, treaty: str, depositaries: int) -> None:
    rows = kg.sparql(AK + f"SELECT ?d WHERE {{ <https://w3id.org/armskg/id/treaty/{treaty}> ak:depositary ?d }}")
    assert len(rows) == depositaries


# ---- the transcription of the 2026 tables against the mid-2013 copies ----

#: Rows that differ between the mid-2013 copy and the 2026 table: acts after mid-2013, and Russia's revoked ratification.
CHANGED_SINCE_2013 = {
    "XXVI-3": {"Angola", "Myanmar", "State of Palestine", "Syrian Arab Republic"},
    "XXVI-4": {"Angola", "Comoros", "Congo", "Cuba", "Dominica", "Equatorial Guinea", "Eswatini", "Gambia",
               "Guinea-Bissau", "Iraq", "Myanmar", "Niue", "Papua New Guinea", "Russian Federation",
               "Sao Tome and Principe", "Solomon Islands", "Somalia", "Sri Lanka", "Thailand", "Timor-Leste",
               "Tuvalu", "Zimbabwe"},
}


@pytest.mark.parametrize("table", sorted(CHANGED_SINCE_2013))
def test_2026_table_agrees_with_the_mid_2013_copy_except_later_acts(table: str) -> None:
    codes = importers.participant_codes(importers.data_root())

    def rows(path: str) -> dict[str, tuple[str, str, str]]:
        return {codes[r["participant"]]: (r["signature"], r["consent_date"], r["consent_kind"])
                for r in importers.read_table(UNTC / path)}

    old, new = rows(f"mid-2013/{table}.tsv"), rows(f"{table}.tsv")
    changed = {codes[name] for name in CHANGED_SINCE_2013[table]}
    differing = {iso3 for iso3 in old.keys() | new.keys() if old.get(iso3) != new.get(iso3)}
    assert differing == changed


def test_lithuanias_timeline_includes_the_cwc_and_ctbt(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("state-timeline", state="Lithuania", as_of="2026-03-01")
    assert [(r["date"], r["treaty"], r["action"]) for r in rows if r["treaty"] in ("cwc", "ctbt")] == [
        ("1993-01-13", "cwc", "signature"),
        ("1996-10-07", "ctbt", "signature"),
        ("1998-04-15", "cwc", "ratification"),
        ("1998-05-15", "cwc", "entry into force"),    # Article XXI(2): 30 days after deposit
        ("2000-02-07", "ctbt", "ratification"),       # the CTBT is not in force: no entry into force
    ]
