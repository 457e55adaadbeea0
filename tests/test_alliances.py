"""Alliances: NATO, the EU and the CSTO and their memberships; the North Atlantic Treaty as treaty `nato`;
and competency question 9 (alliance-frontline-withdrawals), with golden answers at several dates."""

from __future__ import annotations

import pytest
from support import run_cli

import armskg
from armskg.sparql.status import status_on

FRONTLINE_COLUMNS = ["iso3", "label", "notified", "effective", "status", "membership"]

def members(kg: armskg.KnowledgeGraph, org: str, date: str) -> dict[str, str]:
    """Members of an organisation on a date, with their status: the status intervals (the one definition)."""
    found = status_on(kg.store, date, f"https://w3id.org/armskg/id/org/{org}", kind="organisation")
    return {actor.rsplit("/", 1)[1]: status for (actor, _), (status, _) in sorted(found.items())
            if status in ("member", "frozen")}


def nato_parties(kg: armskg.KnowledgeGraph, date: str) -> list[str]:
    return [str(r["iso3"]) for r in kg.query("treaty-status", treaty="nato", as_of=date) if r["status"] == "party"]


FOUNDERS = ["BEL", "CAN", "DNK", "FRA", "GBR", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "USA"]


# ---- the North Atlantic Treaty as treaty `nato` ----

@pytest.mark.parametrize(("as_of", "count"), [
    ("1949-08-23", 0),      # signed on 4 April 1949, not yet in force
    ("1949-08-24", 12),     # in force for the twelve (Article 11)
    ("1950-01-01", 12),
    ("1952-02-17", 12), ("1952-02-18", 14),          # Greece and Turkey
    ("1955-05-06", 15),                              # Germany
    ("1990-01-01", 16),                              # Spain, 30 May 1982
    ("1999-03-12", 19),
    ("2004-03-29", 26),
    ("2009-04-01", 28),
    ("2017-06-05", 29),
    ("2022-01-01", 30),
    ("2023-04-03", 30), ("2023-04-04", 31),          # Finland
    ("2024-03-06", 31), ("2024-03-07", 32),          # Sweden
    ("2026-03-01", 32),
], ids=lambda v: str(v))
def test_nato_parties_on_a_date(kg: armskg.KnowledgeGraph, as_of: str, count: int) -> None:
    assert len(nato_parties(kg, as_of)) == count


def test_nato_founders_signatories_then_parties(kg: armskg.KnowledgeGraph) -> None:
    rows = {r["iso3"]: (r["status"], r["since"]) for r in kg.query("treaty-status", treaty="washington-treaty", as_of="1949-06-01")}
    assert sorted(k for k, v in rows.items() if v == ("signatory", "1949-04-04")) == FOUNDERS
    assert nato_parties(kg, "1950-01-01") == FOUNDERS


@pytest.mark.parametrize("alias", ["nato", "north-atlantic-treaty", "washington-treaty", "North Atlantic Treaty"])
def test_nato_treaty_aliases(kg: armskg.KnowledgeGraph, alias: str) -> None:
    rows = kg.query("treaty-status", treaty=alias, as_of="2024-03-07")
    assert len([r for r in rows if r["status"] == "party"]) == 32


def test_nato_accession_is_in_force_on_the_day_of_deposit(kg: armskg.KnowledgeGraph) -> None:
    # Article 10: a Party on the date it deposits its instrument of accession (rule daysAfterDeposit 0).
    rows = {r["iso3"]: r["since"] for r in kg.query("treaty-status", treaty="nato", as_of="2026-03-01")}
    assert rows["FIN"] == "2023-04-04" and rows["SWE"] == "2024-03-07" and rows["DEU"] == "1955-05-06"
    assert rows["ESP"] == "1982-05-30" and rows["MKD"] == "2020-03-27" and rows["MNE"] == "2017-06-05"
    assert {rows[c] for c in FOUNDERS} == {"1949-08-24"}


def test_nato_founders_have_no_invented_deposit_date(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql("""
        PREFIX ak: <https://w3id.org/armskg/ontology#>
        SELECT ?a ?d ?e ?note WHERE {
          ?a a ak:Ratification ; ak:treaty <https://w3id.org/armskg/id/treaty/nato> ; ak:effectiveDate ?e ; ak:note ?note .
          OPTIONAL { ?a ak:date ?d }
        }""")
    assert len(rows) == 12
    assert all(r["d"] is None and r["e"] == "1949-08-24" and "not found" in (r["note"] or "") for r in rows)


def test_nato_timeline_of_lithuania(kg: armskg.KnowledgeGraph) -> None:
    rows = [(r["date"], r["action"]) for r in kg.query("state-timeline", state="LTU", as_of="2026-03-01") if r["treaty"] == "nato"]
    assert rows == [("2004-03-29", "accession"), ("2004-03-29", "entry into force")]


# ---- memberships of NATO, the EU and the CSTO ----

@pytest.mark.parametrize("as_of", ["1950-01-01", "1982-05-29", "1982-05-30", "2004-03-29", "2023-04-04", "2024-03-06", "2026-03-01"])
def test_nato_memberships_agree_with_the_treaty(kg: armskg.KnowledgeGraph, as_of: str) -> None:
    assert sorted(members(kg, "nato", as_of)) == nato_parties(kg, as_of)


@pytest.mark.parametrize(("as_of", "count"), [
    ("1957-12-31", 0), ("1958-01-01", 6), ("1973-01-01", 9), ("1981-01-01", 10), ("1986-01-01", 12),
    ("1995-01-01", 15), ("2004-04-30", 15), ("2004-05-01", 25), ("2007-01-01", 27), ("2013-07-01", 28),
    ("2020-01-31", 28), ("2020-02-01", 27), ("2026-03-01", 27),
], ids=lambda v: str(v))
def test_eu_members_on_a_date(kg: armskg.KnowledgeGraph, as_of: str, count: int) -> None:
    assert len(members(kg, "eu", as_of)) == count


def test_eu_united_kingdom_left_on_31_january_2020(kg: armskg.KnowledgeGraph) -> None:
    assert "GBR" in members(kg, "eu", "2020-01-31")
    assert "GBR" not in members(kg, "eu", "2020-02-01")
    assert "HRV" not in members(kg, "eu", "2013-06-30") and "HRV" in members(kg, "eu", "2013-07-01")


@pytest.mark.parametrize(("as_of", "expected"), [
    ("1992-05-14", {}),
    ("1992-05-15", dict.fromkeys(["ARM", "KAZ", "KGZ", "RUS", "TJK", "UZB"], "member")),
    ("1998-12-31", dict.fromkeys(["ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"], "member")),
    # 1999: Azerbaijan, Georgia and Uzbekistan did not renew; only the year is known, so none is listed
    ("1999-06-01", dict.fromkeys(["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"], "member")),
    ("2006-08-16", dict.fromkeys(["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"], "member")),
    ("2012-12-19", dict.fromkeys(["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"], "member")),
    ("2012-12-20", dict.fromkeys(["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"], "member")),
    ("2024-02-21", dict.fromkeys(["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"], "member")),
    ("2024-02-22", {**dict.fromkeys(["BLR", "KAZ", "KGZ", "RUS", "TJK"], "member"), "ARM": "frozen"}),
], ids=lambda v: v if isinstance(v, str) else "")
def test_csto_members_on_a_date(kg: armskg.KnowledgeGraph, as_of: str, expected: dict[str, str]) -> None:
    assert members(kg, "csto", as_of) == expected


def test_year_only_exits_keep_no_invented_day(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql("""
        PREFIX ak: <https://w3id.org/armskg/ontology#>
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?iso3 ?y ?end WHERE {
          ?ms org:organization/ak:code "csto" ; org:member/ak:iso3 ?iso3 ; ak:endYear ?y .
          OPTIONAL { ?ms ak:endDate ?end }
        } ORDER BY ?iso3""")
    assert [(r["iso3"], r["y"], r["end"]) for r in rows] == [("AZE", "1999", None), ("GEO", "1999", None), ("UZB", "1999", None)]


def test_every_membership_has_a_source(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql("""
        PREFIX ak: <https://w3id.org/armskg/ontology#>
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT (COUNT(DISTINCT ?ms) AS ?n) (COUNT(DISTINCT ?sourced) AS ?s) WHERE {
          ?ms a ak:Membership .
          OPTIONAL { ?ms dcterms:source/<https://schema.org/url> ?u . BIND (?ms AS ?sourced) }
        }""")
    assert rows[0]["n"] == rows[0]["s"] == "70"


# ---- competency question 9: alliance-frontline-withdrawals ----

@pytest.mark.parametrize(("as_of", "expected"), [
    ("2025-01-01", []),
    ("2025-06-26", []),
    ("2025-06-27", ["EST", "LTU", "LVA"]),
    ("2025-07-10", ["EST", "LTU", "LVA", "FIN"]),
    ("2025-08-19", ["EST", "LTU", "LVA", "FIN"]),
    ("2025-08-20", ["EST", "LTU", "LVA", "FIN", "POL"]),
    ("2026-03-01", ["EST", "LTU", "LVA", "FIN", "POL"]),
], ids=lambda v: v if isinstance(v, str) else "")
def test_nato_members_bordering_russia_leaving_ottawa(kg: armskg.KnowledgeGraph, as_of: str, expected: list[str]) -> None:
    rows = kg.query("alliance-frontline-withdrawals", alliance="nato", state="Russia", treaty="ottawa", as_of=as_of)
    assert rows.columns == FRONTLINE_COLUMNS
    assert rows.column("iso3") == expected
    assert "NOR" not in rows.column("iso3")        # borders Russia, never left


def test_frontline_dates_and_status(kg: armskg.KnowledgeGraph) -> None:
    rows = {r["iso3"]: (r["notified"], r["effective"], r["status"], r["membership"])
            for r in kg.query("alliance-frontline-withdrawals", alliance="NATO", state="RUS", treaty="apmbc", as_of="2026-01-01")}
    assert rows == {
        "EST": ("2025-06-27", "2025-12-27", "withdrawn", "member"),
        "LTU": ("2025-06-27", "2025-12-27", "withdrawn", "member"),
        "LVA": ("2025-06-27", "2025-12-27", "withdrawn", "member"),
        "FIN": ("2025-07-10", "2026-01-10", "withdrawing", "member"),   # takes effect on 10 January 2026
        "POL": ("2025-08-20", "2026-02-20", "withdrawing", "member"),
    }


def test_nato_members_bordering_belarus_leaving_ottawa(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("alliance-frontline-withdrawals", alliance="north-atlantic-alliance", state="Belarus", treaty="mine-ban",
                    as_of="2026-03-01")
    assert rows.column("iso3") == ["LTU", "LVA", "POL"]


def test_membership_on_the_date_counts(kg: armskg.KnowledgeGraph) -> None:
    # The EU's members bordering Russia that left the Convention on Cluster Munitions: Lithuania, notified
    # on 6 September 2024, effective 6 March 2025; nothing before the notification.
    assert kg.query("alliance-frontline-withdrawals", alliance="eu", state="RUS", treaty="ccm", as_of="2024-09-05").column("iso3") == []
    rows = kg.query("alliance-frontline-withdrawals", alliance="European Union", state="RUS", treaty="ccm", as_of="2025-03-06")
    assert [(r["iso3"], r["status"]) for r in rows] == [("LTU", "withdrawn")]
    # The CSTO's members bordering Lithuania or Poland (Russia, Belarus) have left no treaty here.
    assert kg.query("alliance-frontline-withdrawals", alliance="csto", state="LTU", treaty="ottawa", as_of="2026-03-01").column("iso3") == []


def test_frontline_ukraine_suspension_is_not_a_withdrawal(kg: armskg.KnowledgeGraph) -> None:
    # Ukraine suspended the Ottawa Convention (not a withdrawal) and is in no organisation here.
    rows = kg.query("alliance-frontline-withdrawals", alliance="eu", state="BLR", treaty="ottawa", as_of="2026-03-01")
    assert "UKR" not in rows.column("iso3")
    assert rows.column("iso3") == ["LTU", "LVA", "POL"]


def test_unknown_alliance_from_the_api(kg: armskg.KnowledgeGraph) -> None:
    with pytest.raises(armskg.ArmskgError, match="unknown organisation 'warsaw-pact'"):
        kg.query("alliance-frontline-withdrawals", alliance="warsaw-pact", state="RUS", treaty="ottawa")


def test_unknown_alliance_from_the_cli() -> None:
    result = run_cli("query", "alliance-frontline-withdrawals", "-p", "alliance=natoo", "-p", "state=RUS", "-p", "treaty=ottawa")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "unknown organisation 'natoo'" in lines[0] and "'nato'" in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_frontline_from_the_cli_as_csv() -> None:
    result = run_cli("query", "alliance-frontline-withdrawals", "-p", "alliance=nato", "-p", "state=RUS", "-p", "treaty=ottawa",
                     "--as-of", "2025-08-20", "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == ",".join(FRONTLINE_COLUMNS)
    assert [line.split(",")[0] for line in lines[1:]] == ["EST", "LTU", "LVA", "FIN", "POL"]
