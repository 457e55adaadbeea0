"""UN admission dates: the 22 once left out are sourced, and a disputed date is kept with its dispute."""

from __future__ import annotations

import pytest

import armskg

PREFIXES = """PREFIX ak: <https://w3id.org/armskg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX src: <https://w3id.org/armskg/id/source/>"""

#: (ISO alpha-3, admission date, the source the row names), one per kind of source read for the 22.
SOURCED = [
    ("LUX", "1945-10-24", "un-yearbook-1968-appendices"),   # original Member, ratified before 24 Oct 1945
    ("NOR", "1945-11-27", "un-yearbook-1968-appendices"),   # original Member, ratified after
    ("MUS", "1968-04-24", "un-yearbook-1968-appendices"),   # the last admission in that roster
    ("MDV", "1965-09-21", "un-yearbook-1968-appendices"),   # listed there as "Maldive Islands"
    ("OMN", "1971-10-07", "albaharna-gulf-states"),
    ("MOZ", "1975-09-16", "nationsencyclopedia-mozambique"),
    ("MCO", "1993-05-28", "un-press-dsgsm1858"),
    ("NRU", "1999-09-14", "un-press-ga-9591"),
    ("MNE", "2006-06-28", "unis-ga-10479"),
]


@pytest.mark.parametrize(("iso3", "admitted", "source"), SOURCED, ids=[row[0] for row in SOURCED])
def test_admission_date_and_its_source(kg: armskg.KnowledgeGraph, iso3: str, admitted: str, source: str) -> None:
    rows = kg.sparql(f"""{PREFIXES}
        SELECT ?d ?url WHERE {{ ?s ak:iso3 "{iso3}" ; ak:unAdmission ?d ; dcterms:source src:{source} .
                                src:{source} <https://schema.org/url> ?url }}""")
    assert len(rows) == 1
    assert rows[0]["d"] == admitted
    assert rows[0]["url"].startswith("http")


def test_every_un_member_has_an_admission_date(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql(f"""{PREFIXES}
        SELECT ?iso3 WHERE {{ ?s a ak:State ; ak:unMember true ; ak:iso3 ?iso3 .
                              FILTER NOT EXISTS {{ ?s ak:unAdmission ?d }} }}""")
    assert rows.column("iso3") == []


def test_non_members_have_no_admission_date(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql(f"""{PREFIXES}
        SELECT ?iso3 WHERE {{ ?s a ak:State ; ak:unMember false ; ak:iso3 ?iso3 ; ak:unAdmission ?d }}""")
    assert rows.column("iso3") == []


def test_icelands_disputed_date_is_kept_and_the_graph_follows_the_majority(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql(f"""{PREFIXES}
        SELECT ?d ?text WHERE {{ ?s ak:iso3 "ISL" ; ak:unAdmission ?d .
                                 ?c a ak:Claim ; ak:subject ?s ; ak:claimText ?text ;
                                    dcterms:source src:un-yearbook-1976-appendices ;
                                    ak:contradictedBy src:un-yearbook-1968-appendices }}""")
    assert len(rows) == 1
    assert rows[0]["d"] == "1946-11-19"
    assert "19 Dec. 1946" in rows[0]["text"]
