"""tools/check_owl_rl.py finds individuals that the OWL 2 RL closure puts in disjoint classes (.ci/run runs
it over the whole built graph with PROV-O, SKOS, ORG and DCTERMS)."""

from __future__ import annotations

import pytest
import rdflib
from check_owl_rl import clashes, closure

PREFIXES = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix ex: <https://example.org/> .
prov:Activity owl:disjointWith prov:Entity .
prov:wasDerivedFrom rdfs:domain prov:Entity ; rdfs:range prov:Entity .
prov:wasGeneratedBy rdfs:domain prov:Entity ; rdfs:range prov:Activity .
ex:Action rdfs:subClassOf prov:Activity .
"""


def _clashes(data: str) -> list[str]:
    return clashes(closure(rdflib.Graph().parse(data=PREFIXES + data, format="turtle")))


@pytest.mark.parametrize(("data", "found"), [
    pytest.param("ex:i ex:basedOn ex:a . ex:a a ex:Action . ex:basedOn rdfs:subPropertyOf prov:wasDerivedFrom .",
                 ["https://example.org/a is both"], id="derived-from-an-activity"),
    pytest.param("ex:i ex:basedOn ex:a . ex:a a ex:Action . ex:basedOn rdfs:subPropertyOf prov:wasGeneratedBy .",
                 [], id="generated-by-an-activity"),
    pytest.param("ex:x a ex:A , ex:B . [] a owl:AllDisjointClasses ; owl:members ( ex:A ex:B ex:C ) .",
                 ["https://example.org/x is both"], id="all-disjoint-classes"),
    pytest.param("ex:x a owl:Nothing .", ["https://example.org/x is an owl:Nothing"], id="nothing"),
])
def test_clashes_are_found(data: str, found: list[str]) -> None:
    assert [line[:len(f)] for line, f in zip(_clashes(data), found)] == found
    assert len(_clashes(data)) == len(found)
