"""The depositary's record (graph/generated/untc-*.ttl) against figures other sources publish."""

from __future__ import annotations

import importers
import pytest

import armskg
from armskg.build.derive import withdrawal_effective

APMBC = "https://w3id.org/armskg/id/treaty/apmbc"


def test_ottawa_consents_per_year_match_landmine_monitor_2006(kg: armskg.KnowledgeGraph) -> None:
    # Landmine Monitor 2006, "Banning Antipersonnel Mines": ratifications and accessions per year.
    rows = kg.sparql(f"""PREFIX ak: <https://w3id.org/armskg/ontology#>
        SELECT ?y (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a ak:ConsentToBeBound ; ak:treaty <{APMBC}> ; ak:date ?d
          BIND (YEAR(?d) AS ?y) FILTER (?y <= 2005) }} GROUP BY ?y ORDER BY ?y""")
    assert [(r["y"], r["n"]) for r in rows] == [("1997", "3"), ("1998", "55"), ("1999", "32"), ("2000", "19"),
                                                ("2001", "13"), ("2002", "8"), ("2003", "11"), ("2004", "3"),
                                                ("2005", "4")]


def test_166_states_have_ever_consented_to_the_ottawa_convention(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql(f"""PREFIX ak: <https://w3id.org/armskg/ontology#>
        SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?c a ak:ConsentToBeBound ; ak:treaty <{APMBC}> ; ak:actor ?s }}""")
    assert rows[0]["n"] == "166"


@pytest.mark.parametrize(("as_of", "parties", "source"), [
    ("2013-10-01", 161, "Landmine Monitor 2013: Poland's ratification makes 161 States Parties"),
    ("2026-02-03", 162, "UNTC status as at 3 February 2026: Parties 162"),
    ("2026-03-01", 161, "Poland's withdrawal took effect on 20 February 2026"),
], ids=["2013", "untc-2026", "after-poland"])
def test_ottawa_party_count(kg: armskg.KnowledgeGraph, as_of: str, parties: int, source: str) -> None:
    statuses = [r["status"] for r in kg.query("treaty-status", treaty="ottawa", as_of=as_of)]
    assert statuses.count("party") + statuses.count("withdrawing") == parties, source


def test_32_un_members_had_never_joined_when_lithuania_voted(kg: armskg.KnowledgeGraph) -> None:
    # Lithuania's Ministry of Foreign Affairs, as reported by Euromaidan Press on 8 May 2025.
    rows = kg.sparql("""PREFIX ak: <https://w3id.org/armskg/ontology#> SELECT ?iso3 WHERE { ?s ak:unMember true ; ak:iso3 ?iso3 }""")
    members = set(rows.column("iso3"))
    status = {r["iso3"]: r["status"] for r in kg.query("treaty-status", treaty="ottawa", as_of="2025-05-08")}
    assert sum(1 for iso3 in members if status[iso3] == "non-party") == 32


def test_withdrawal_effects_stated_by_the_depositary_agree_with_the_rule(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql("""PREFIX ak: <https://w3id.org/armskg/ontology#>
        SELECT ?w ?notified ?effective WHERE { GRAPH <https://w3id.org/armskg/graph/asserted> {
          ?w a ak:WithdrawalNotification ; ak:date ?notified ; ak:effectiveDate ?effective ; ak:treaty ?t } }
        VALUES ?t { <https://w3id.org/armskg/id/treaty/apmbc> <https://w3id.org/armskg/id/treaty/ccm> }""")
    import datetime as dt

    assert len(rows) == 5   # Estonia, Latvia, Lithuania, Finland (Ottawa); Lithuania (CCM)
    for row in rows:
        derived = withdrawal_effective(dt.date.fromisoformat(row["notified"]), 6, None)
        assert derived.isoformat() == row["effective"], row["w"]


def test_every_participant_name_resolves() -> None:
    codes = importers.participant_codes(importers.data_root())
    for _, (table, _) in sorted(importers.UNTC_TABLES.items()):
        rows = importers.read_table(importers.data_root() / "graph" / "tables" / "untc" / f"{table}.tsv")
        assert all(row["participant"] in codes for row in rows)


def test_depositary_notification_numbers(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql("""PREFIX ak: <https://w3id.org/armskg/ontology#>
        SELECT ?cn WHERE { <https://w3id.org/armskg/id/action/apmbc/POL-withdrawal-2025-08-20> ak:depositaryNotification ?cn }""")
    assert rows.column("cn") == ["C.N.421.2025.TREATIES-XXVI-5 of 26 August 2025"]


@pytest.mark.parametrize(("treaty", "parties"), [("ccw", 128), ("ccw-apii", 107), ("att", 117), ("tpnw", 74), ("ccm", 112)])
def test_party_counts_match_the_depositary_page(kg: armskg.KnowledgeGraph, treaty: str, parties: int) -> None:
    # The UNTC status pages as at 3 February 2026 give these counts of parties (deposits).
    statuses = [r["status"] for r in kg.query("treaty-status", treaty=treaty, as_of="2026-02-03")]
    assert sum(statuses.count(s) for s in ("party", "withdrawing", "consented")) == parties
