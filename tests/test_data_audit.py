"""The independent audit's corrections (issue 10, point 4) and the treaties' participation records.

Each mend is asked at a date before it takes effect and on the day it does: successions in force from the
date of the succession of states, the United Kingdom's and the United States' CFE ratifications, the CFE
suspensions after 2023, Poland's acts on leaving the Ottawa Convention, the State of Palestine and the
CWC, Sweden and the Treaty on Open Skies.
"""

from __future__ import annotations

import pytest

import armskg

ASSERTED = "https://w3id.org/armskg/graph/asserted"
PREFIXES = """PREFIX ak: <https://w3id.org/armskg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def _status(kg: armskg.KnowledgeGraph, treaty: str, iso3: str, as_of: str) -> tuple[str | None, str | None]:
    rows = [r for r in kg.query("treaty-status", treaty=treaty, as_of=as_of) if r["iso3"] == iso3]
    assert len(rows) == 1, rows
    return rows[0]["status"], rows[0]["since"]


def _day_before(day: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


# ======== successions take effect from the date of the succession of states ========

SUCCESSIONS = [
    ("ccw", "SVN", "1991-06-25"), ("ccw", "HRV", "1991-10-08"), ("ccw", "MKD", "1991-09-17"),
    ("ccw", "BIH", "1992-03-06"), ("ccw", "SRB", "1992-04-27"), ("ccw", "CZE", "1993-01-01"),
    ("ccw", "SVK", "1993-01-01"), ("ccw", "MNE", "2006-06-03"),
    ("apmbc", "SSD", "2011-07-09"), ("apmbc", "MNE", "2006-06-03"),
    ("cwc", "MNE", "2006-06-03"),
    ("cfe", "CZE", "1993-01-01"), ("cfe", "SVK", "1993-01-01"),
    ("open-skies", "CZE", "2002-01-01"), ("open-skies", "SVK", "2002-01-01"),
    # the NPT (in force 5 March 1970): the United Kingdom's ratification extended to its territories, the
    # Associated States, Tonga and the Solomon Islands; the Netherlands' to Suriname; the former Yugoslavia
    # and Czechoslovakia had ratified
    ("npt", "ATG", "1981-11-01"), ("npt", "BHS", "1973-07-10"), ("npt", "BLZ", "1981-09-21"),
    ("npt", "DMA", "1978-11-03"), ("npt", "FJI", "1970-10-10"), ("npt", "GRD", "1974-02-07"),
    ("npt", "KIR", "1979-07-12"), ("npt", "LCA", "1979-02-22"), ("npt", "SLB", "1978-07-07"),
    ("npt", "SUR", "1975-11-25"), ("npt", "TON", "1970-06-04"), ("npt", "TUV", "1978-10-01"),
    ("npt", "VCT", "1979-10-27"),
    ("npt", "SVN", "1991-06-25"), ("npt", "HRV", "1991-10-08"), ("npt", "MKD", "1991-11-17"),
    ("npt", "BIH", "1992-03-06"), ("npt", "SRB", "1992-04-27"), ("npt", "CZE", "1993-01-01"),
    ("npt", "SVK", "1993-01-01"), ("npt", "MNE", "2006-06-03"),
    # the BWC (in force 26 March 1975)
    ("bwc", "DMA", "1978-11-03"), ("bwc", "SLB", "1978-07-07"), ("bwc", "VCT", "1979-10-27"),
    ("bwc", "VUT", "1980-07-30"), ("bwc", "BLZ", "1981-09-21"),
    ("bwc", "SVN", "1991-06-25"), ("bwc", "HRV", "1991-10-08"), ("bwc", "MKD", "1991-11-17"),
    ("bwc", "BIH", "1992-03-06"), ("bwc", "SRB", "1992-04-27"), ("bwc", "CZE", "1993-01-01"),
    ("bwc", "SVK", "1993-01-01"), ("bwc", "MNE", "2006-06-03"),
    # issue 10's other treaties, where the review corrects the London record's date or the deposit
    ("ost", "BHS", "1973-07-10"), ("ost", "FJI", "1970-10-10"), ("ost", "TON", "1970-06-04"),
    ("ptbt", "BHS", "1973-07-10"), ("ptbt", "TON", "1970-06-04"), ("ptbt", "GMB", "1965-02-18"),
    ("ptbt", "BIH", "1992-03-06"), ("ptbt", "SVN", "1991-06-25"),
    ("seabed", "BIH", "1992-03-06"), ("seabed", "SVN", "1991-06-25"),
]


@pytest.mark.parametrize(("treaty", "iso3", "day"), SUCCESSIONS, ids=[f"{t}-{s}" for t, s, _ in SUCCESSIONS])
def test_a_succession_is_in_force_from_the_date_of_succession(kg: armskg.KnowledgeGraph, treaty: str, iso3: str,
                                                               day: str) -> None:
    assert _status(kg, treaty, iso3, day) == ("party", day)
    assert _status(kg, treaty, iso3, _day_before(day))[0] != "party"


def test_every_succession_states_when_it_took_effect(kg: armskg.KnowledgeGraph) -> None:
    """A succession's entry into force is asserted with a note, never derived from the deposit; the one
    exception is a treaty not in force (the CTBT), where nothing takes effect."""
    rows = kg.sparql(PREFIXES + f"""
        SELECT ?act ?code WHERE {{
          GRAPH <{ASSERTED}> {{ ?act a ak:Succession ; ak:treaty ?t }}
          ?t ak:code ?code .
          FILTER NOT EXISTS {{ GRAPH <{ASSERTED}> {{ ?act ak:effectiveDate ?d ; ak:note ?n }} }}
        }}""")
    assert rows.column("act") == ["https://w3id.org/armskg/id/action/ctbt/MNE-succession-2006-10-23"]


def test_saint_lucia_is_a_bwc_party_from_its_deposit(kg: armskg.KnowledgeGraph) -> None:
    """No source read shows that the United Kingdom's BWC ratification extended to Saint Lucia: its
    succession takes effect on deposit (26 November 1986), not from independence (22 February 1979)."""
    assert _status(kg, "bwc", "LCA", "1986-11-26") == ("party", "1986-11-26")
    assert _status(kg, "bwc", "LCA", "1986-11-25")[0] != "party"
    assert _status(kg, "bwc", "LCA", "1980-01-01")[0] != "party"


@pytest.mark.parametrize(("claim", "date"), [
    ("npt-BHS-succession-fcdo-1976-08-11-effective", "16 July 1976"),
    ("npt-FJI-succession-fcdo-1972-08-14-effective", "14 July 1972"),
    ("npt-bih-succession-nl-1992-04-05", "5 April 1992"),
    ("ost-bhs-succession-effective-1976-07-16", "16 July 1976"),
    ("ost-fji-succession-effective-1972-07-14", "14 July 1972"),
    ("ptbt-bhs-succession-effective-1973-01-10", "10 January 1973"),
    ("ptbt-ton-succession-effective-1970-07-04", "4 July 1970"),
], ids=["BHS", "FJI", "BIH", "ost-BHS", "ost-FJI", "ptbt-BHS", "ptbt-TON"])
def test_a_records_other_effective_date_is_a_disputed_claim(kg: armskg.KnowledgeGraph, claim: str, date: str) -> None:
    texts = kg.sparql(PREFIXES + f"SELECT ?text WHERE {{ <https://w3id.org/armskg/id/claim/{claim}> ak:claimText ?text }}")
    assert len(texts) == 1 and date in (texts.column("text")[0] or "")
    assert texts.column("text")[0] in kg.query("disputed-claims").column("claim")


def test_montenegro_is_consented_to_the_ctbt_from_its_deposit(kg: armskg.KnowledgeGraph) -> None:
    assert _status(kg, "ctbt", "MNE", "2006-10-23") == ("consented", "2006-10-23")
    assert _status(kg, "ctbt", "MNE", "2006-10-22")[0] != "consented"


@pytest.mark.parametrize("claim", ["montenegro-apmbc-party-2007-04-01", "north-macedonia-date-of-succession",
                                   "palestine-cwc-deposit-2018-05-17", "sweden-open-skies-party",
                                   "gbr-cfe-ratified-1991-11-19"])
def test_the_other_date_is_kept_as_a_disputed_claim(kg: armskg.KnowledgeGraph, claim: str) -> None:
    texts = kg.sparql(PREFIXES + f"SELECT ?text WHERE {{ <https://w3id.org/armskg/id/claim/{claim}> ak:claimText ?text }}")
    assert len(texts) == 1
    assert texts.column("text")[0] in kg.query("disputed-claims").column("claim")


# ======== the CFE Treaty: the United Kingdom and the United States ========

@pytest.mark.parametrize("iso3", ["GBR", "USA"])
def test_cfe_uk_and_us_are_parties_from_the_treatys_entry_into_force(kg: armskg.KnowledgeGraph, iso3: str) -> None:
    assert _status(kg, "cfe", iso3, "1992-11-08") == ("signatory", "1990-11-19")
    assert _status(kg, "cfe", iso3, "1992-11-09") == ("party", "1992-11-09")
    assert _status(kg, "cfe", iso3, "2026-11-23") == ("party", "1992-11-09")


@pytest.mark.parametrize("iso3", ["GBR", "USA"])
def test_cfe_uk_and_us_deposit_dates_are_not_invented(kg: armskg.KnowledgeGraph, iso3: str) -> None:
    rows = kg.sparql(PREFIXES + f"""
        SELECT ?act ?date WHERE {{
          ?act a ak:Ratification ; ak:treaty/ak:code "cfe" ; ak:actor/ak:iso3 "{iso3}" .
          OPTIONAL {{ ?act ak:date ?date }}
        }}""")
    assert len(rows) == 1 and rows[0]["date"] is None


def test_cfe_has_thirty_parties_in_1996(kg: armskg.KnowledgeGraph) -> None:
    """The 1996 Review Conference's Final Document names 30 States Parties."""
    parties = [r for r in kg.query("treaty-status", treaty="cfe", as_of="1996-05-31") if r["status"] == "party"]
    assert len(parties) == 30


@pytest.mark.parametrize(("as_of", "expected"), [("1991-11-24", False), ("1991-11-25", True)])
def test_the_us_senate_vote_on_the_cfe_treaty(kg: armskg.KnowledgeGraph, as_of: str, expected: bool) -> None:
    rows = kg.query("state-timeline", state="USA", as_of=as_of)
    assert any(r["treaty"] == "cfe" and r["action"] == "legislative vote" for r in rows) is expected


# ======== the CFE suspensions after 2023 ========

@pytest.mark.parametrize(("iso3", "before", "on"), [
    ("BLR", "2023-10-29", "2023-10-30"),   # towards Poland and the Czech Republic: notified
    ("TUR", "2024-04-07", "2024-04-08"),   # in effect from 8 April 2024; the notice is not dated
    ("DEU", "2023-11-06", "2023-11-07"),   # the Federal Government's decision (Federal Foreign Office)
    ("FRA", "2023-11-06", "2023-11-07"),   # the Foreign Ministry's press briefing
    ("NOR", "2023-11-06", "2023-11-07"),   # the Government's decision; announced at the JCG on 27 November
], ids=["BLR", "TUR", "DEU", "FRA", "NOR"])
def test_cfe_suspension_appears_from_its_date(kg: armskg.KnowledgeGraph, iso3: str, before: str, on: str) -> None:
    assert iso3 not in kg.query("withdrawals", treaty="cfe", as_of=before).column("iso3")
    assert iso3 in kg.query("withdrawals", treaty="cfe", as_of=on).column("iso3")
    assert _status(kg, "cfe", iso3, on) == ("party", "1992-11-09")  # a suspension leaves a party a party


@pytest.mark.parametrize(("as_of", "actions"), [
    ("2024-03-06", set()),
    ("2024-03-07", {"legislative vote"}),
    ("2024-03-28", {"legislative vote", "declaration of intent"}),
], ids=["before-the-sejm", "sejm", "president"])
def test_poland_cfe_suspension_steps(kg: armskg.KnowledgeGraph, as_of: str, actions: set[str]) -> None:
    rows = kg.query("state-timeline", state="POL", as_of=as_of)
    assert {r["action"] for r in rows if r["treaty"] == "cfe" and (r["date"] or "") >= "2024-01-01"} == actions


def test_the_czech_cfe_suspension_note_no_longer_denies_the_succession(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql(PREFIXES + """
        SELECT ?note WHERE { ?s a ak:Suspension ; ak:treaty/ak:code "cfe" ; ak:actor/ak:iso3 "CZE" ; ak:note ?note }""")
    assert len(rows) == 1 and "left out" not in (rows[0]["note"] or "") and "successor" in (rows[0]["note"] or "")


# ======== Poland and the Ottawa Convention ========

@pytest.mark.parametrize(("as_of", "expected"), [("2025-08-04", False), ("2025-08-05", True)])
def test_poland_presidential_denunciation(kg: armskg.KnowledgeGraph, as_of: str, expected: bool) -> None:
    rows = kg.query("state-timeline", state="POL", as_of=as_of)
    assert any(r["treaty"] == "apmbc" and r["action"] == "declaration of intent" for r in rows) is expected


def test_poland_ottawa_withdrawal_takes_effect_on_20_february_2026(kg: armskg.KnowledgeGraph) -> None:
    assert _status(kg, "apmbc", "POL", "2026-02-19") == ("withdrawing", "2025-08-20")
    assert _status(kg, "apmbc", "POL", "2026-02-20") == ("withdrawn", "2026-02-20")


# ======== the State of Palestine and the CWC: the graph follows the depositary ========

@pytest.mark.parametrize(("as_of", "expected"), [
    ("2017-12-28", ("non-party", None)),
    ("2017-12-29", ("consented", "2017-12-29")),
    ("2018-01-28", ("party", "2018-01-28")),   # 30 days after the depositary's date, not the OPCW's 16 June
], ids=lambda v: str(v))
def test_palestine_cwc_follows_the_depositary(kg: armskg.KnowledgeGraph, as_of: str,
                                              expected: tuple[str, str | None]) -> None:
    assert _status(kg, "cwc", "PSE", as_of) == expected


# ======== Sweden and the Treaty on Open Skies ========

def test_sweden_has_no_invented_open_skies_act(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql(PREFIXES + """
        SELECT ?act WHERE { ?act ak:treaty/ak:code "open-skies" ; ak:actor/ak:iso3 "SWE" }""")
    assert len(rows) == 0
    assert _status(kg, "open-skies", "SWE", "2010-01-01")[0] != "party"


# ======== participation records: how complete each treaty's record is ========

RECORDS = {"apmbc": "complete", "ccm": "complete", "ccw": "complete", "ccw-apii": "complete", "att": "complete",
           "tpnw": "complete", "cwc": "complete", "ctbt": "complete", "inf": "partial", "abm": "complete",
           "new-start": "complete", "open-skies": "partial", "cfe": "complete", "nato": "complete"}


@pytest.mark.parametrize(("code", "coverage"), sorted(RECORDS.items()), ids=sorted(RECORDS))
def test_each_treaty_has_one_participation_record(kg: armskg.KnowledgeGraph, code: str, coverage: str) -> None:
    rows = kg.sparql(PREFIXES + f"""
        SELECT ?record ?coverage ?asAt (COUNT(DISTINCT ?source) AS ?sources) (COUNT(DISTINCT ?note) AS ?notes) WHERE {{
          ?t ak:code "{code}" ; ak:participationRecord ?record .
          ?record a ak:ParticipationRecord ; ak:coverage ?coverage ; ak:asAt ?asAt ; dcterms:source ?source ;
                  ak:note ?note .
        }} GROUP BY ?record ?coverage ?asAt""")
    assert len(rows) == 1, rows
    row = rows[0]
    assert row["coverage"] == f"https://w3id.org/armskg/ontology#{coverage}-record"
    assert row["sources"] and int(row["sources"]) >= 1 and row["notes"] == "1"


@pytest.mark.parametrize("code", [c for c in RECORDS if c not in {"inf", "abm", "new-start", "open-skies", "cfe", "nato"}])
def test_untc_records_are_complete_as_at_the_pages_date(kg: armskg.KnowledgeGraph, code: str) -> None:
    rows = kg.sparql(PREFIXES + f"""
        SELECT ?asAt WHERE {{ ?t ak:code "{code}" ; ak:participationRecord/ak:asAt ?asAt }}""")
    assert rows.column("asAt") == ["2026-02-03"]
