"""Dates derived from treaty rules, and the armed-conflict clause (Ottawa Article 20(3))."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest

import armskg
from armskg.build.derive import consent_effective, derive, withdrawal_effective
from armskg.build.load import load_turtle
from armskg.resources import data_root, ontology_file
from armskg.vocab import AK, ASSERTED_GRAPH, DERIVED_GRAPH, ONTOLOGY_GRAPH

D = dt.date


@pytest.mark.parametrize(("deposit", "expected"), [
    (D(2003, 5, 12), D(2003, 11, 1)),   # Lithuania: first day of the sixth month after deposit
    (D(2012, 1, 9), D(2012, 7, 1)),     # Finland (Finnish MFA: in force 1 July 2012)
    (D(2003, 9, 3), D(2004, 3, 1)),     # Belarus (Netherlands treaty database: 1 March 2004)
    (D(1998, 7, 9), D(1999, 3, 1)),     # Norway: never before the treaty's own entry into force
    (D(2005, 12, 27), D(2006, 6, 1)),   # Ukraine: across a year end
], ids=["LTU", "FIN", "BLR", "NOR", "UKR"])
def test_ottawa_entry_into_force(deposit: dt.date, expected: dt.date) -> None:
    assert consent_effective(deposit, D(1999, 3, 1), 6, None, first_of_month=True) == expected


def test_days_rule() -> None:
    assert consent_effective(D(2020, 1, 1), D(1997, 4, 29), None, 30) == D(2020, 1, 31)


@pytest.mark.parametrize(("notified", "expected"), [
    (D(2025, 6, 27), D(2025, 12, 27)), (D(2025, 7, 10), D(2026, 1, 10)), (D(2025, 8, 20), D(2026, 2, 20)),
], ids=["baltics", "FIN", "POL"])
def test_withdrawal_effect_matches_what_sources_report(notified: dt.date, expected: dt.date) -> None:
    assert withdrawal_effective(notified, 6, None) == expected


@pytest.mark.parametrize(("action", "date", "rule"), [
    ("apmbc/POL-withdrawal-2025-08-20", "2026-02-20", "apmbc-art20"),     # the depositary: "will take effect"
    ("apmbc/LTU-ratification-2003-05-12", "2003-11-01", "apmbc-art17-2"),
], ids=["withdrawal", "entry-into-force"])
def test_derived_dates_are_marked_with_their_rule(kg: armskg.KnowledgeGraph, action: str, date: str, rule: str) -> None:
    query = f"""PREFIX ak: <https://w3id.org/armskg/ontology#>
      SELECT ?d ?rule WHERE {{ GRAPH <https://w3id.org/armskg/graph/derived> {{
        <https://w3id.org/armskg/id/action/{action}> ak:effectiveDate ?d ; ak:derivedBy ?rule }} }}"""
    assert list(kg.sparql(query)) == [{"d": date, "rule": f"https://w3id.org/armskg/id/rule/{rule}"}]


def test_asserted_date_wins_over_the_rule(kg: armskg.KnowledgeGraph) -> None:
    # The depositary states that Lithuania's CCM withdrawal took effect on 6 March 2025: nothing is derived.
    query = """PREFIX ak: <https://w3id.org/armskg/ontology#>
      SELECT ?d ?rule WHERE { <https://w3id.org/armskg/id/action/ccm/LTU-withdrawal-2024-09-06> ak:effectiveDate ?d
        OPTIONAL { <https://w3id.org/armskg/id/action/ccm/LTU-withdrawal-2024-09-06> ak:derivedBy ?rule } }"""
    assert list(kg.sparql(query)) == [{"d": "2025-03-06", "rule": None}]


ARMED_CONFLICT = """
@prefix ak: <https://w3id.org/armskg/ontology#> .
@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:T a ak:Treaty ; ak:withdrawalRule ex:wd .
ex:wd a ak:WithdrawalRule ; ak:article "Article 20(3)" ; ak:noticeMonths 6 ; ak:armedConflictDefers true .
ex:war a ak:ArmedConflict ; rdfs:label "A war" ; ak:conflictParty ex:A ; ak:date "2022-02-24"^^xsd:date .
ex:w a ak:WithdrawalNotification ; ak:actor ex:A ; ak:treaty ex:T ; ak:date "2025-07-18"^^xsd:date .
ex:v a ak:WithdrawalNotification ; ak:actor ex:B ; ak:treaty ex:T ; ak:date "2025-07-18"^^xsd:date .
"""


def test_withdrawal_during_armed_conflict_does_not_take_effect(tmp_path: Path) -> None:
    (tmp_path / "g.ttl").write_text(ARMED_CONFLICT, encoding="utf-8")
    store = ox.Store()
    load_turtle(store, ontology_file(data_root()), ONTOLOGY_GRAPH)
    load_turtle(store, tmp_path / "g.ttl", ASSERTED_GRAPH)
    result = derive(store, data_root())
    assert (result.dates, result.pending) == (1, 1)
    graph = ox.NamedNode(DERIVED_GRAPH)
    effective = ox.NamedNode(AK + "effectiveDate")
    assert not list(store.quads_for_pattern(ox.NamedNode("https://example.org/w"), effective, None, graph))
    reason = next(store.quads_for_pattern(ox.NamedNode("https://example.org/w"), ox.NamedNode(AK + "pendingReason"), None, graph))
    assert "A war" in reason.object.value and "2026-01-18" in reason.object.value
    (v,) = store.quads_for_pattern(ox.NamedNode("https://example.org/v"), effective, None, graph)
    assert v.object.value == "2026-01-18"


def test_same_day_deposit_and_entry_into_force_gives_only_party() -> None:
    from armskg.build.timeline import status_intervals

    assert status_intervals([(D(1970, 3, 5), "deposit", "c"), (D(1970, 3, 5), "in-force", "c")]) == [
        ("party", D(1970, 3, 5), None, "c")]


def test_revoked_ratification_returns_to_signatory() -> None:
    from armskg.build.timeline import status_intervals

    intervals = status_intervals([(D(1996, 9, 24), "signature", "s"), (D(2000, 6, 30), "deposit", "r"),
                                  (D(2023, 11, 2), "revoked", "x")])
    assert [(i[0], i[1]) for i in intervals] == [("signatory", D(1996, 9, 24)), ("consented", D(2000, 6, 30)),
                                                 ("signatory", D(2023, 11, 2))]


def test_withdrawal_without_consent_changes_nothing() -> None:
    from armskg.build.timeline import status_intervals

    assert status_intervals([(D(2025, 1, 1), "notified", "w")]) == []


@pytest.mark.parametrize("rule", ["construct-02-borders.rq", "timeline-01-sole-source.rq"])
def test_an_edited_rule_is_a_new_artifact(data_copy: Path, rule: str) -> None:
    """Every rule is an input of the build: an edited one (a derivation, or an index for the named queries)
    names another artifact, so the cache never serves the index the old rule wrote."""
    from armskg.resources import artifact_path

    before = artifact_path(data_copy)
    path = data_copy / "queries" / "rules" / rule
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert artifact_path(data_copy) != before



RATIFIED = """
@prefix ak: <https://w3id.org/armskg/ontology#> .
@prefix ex: <https://example.org/> .
ex:s a ak:Ratification .
"""
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.mark.parametrize("extra", ["", "[] a ak:Ratification ."], ids=["named", "and-a-blank-node"])
def test_a_rule_adds_its_triples_about_the_nodes_it_matched(tmp_path: Path, extra: str) -> None:
    """construct-01-types types each act with its superclasses in the derived graph: a blank node the rule
    matched keeps its name there (a load of the rule's text would name it afresh)."""
    from armskg.build.derive import apply_construct_rules

    (tmp_path / "g.ttl").write_text(RATIFIED + extra, encoding="utf-8")
    store = ox.Store()
    load_turtle(store, ontology_file(data_root()), ONTOLOGY_GRAPH)
    load_turtle(store, tmp_path / "g.ttl", ASSERTED_GRAPH)
    apply_construct_rules(store, data_root())
    asserted = {q.subject for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(AK + "Ratification"), None)}
    for kind in ("ConsentToBeBound", "TreatyAction"):
        derived = store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(AK + kind), ox.NamedNode(DERIVED_GRAPH))
        assert {q.subject for q in derived} == asserted
    assert len(asserted) == (2 if extra else 1)
