"""Every source says what kind of source it is (issue 10, point 5), so a reader can see what a fact rests on."""

from __future__ import annotations

import pytest
import rdflib

import armskg
from armskg.resources import data_root, ontology_file, shapes_file

AK = rdflib.Namespace("https://w3id.org/armskg/ontology#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SKOS = rdflib.SKOS
PREFIXES = "PREFIX ak: <https://w3id.org/armskg/ontology#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"


def _scheme() -> set[str]:
    ontology = rdflib.Graph().parse(ontology_file(data_root()))
    return {str(c) for c in ontology.subjects(SKOS.inScheme, AK.SourceKindScheme)}


def test_the_shape_allows_exactly_the_kinds_of_the_scheme() -> None:
    shapes = rdflib.Graph().parse(shapes_file(data_root()))
    (prop,) = list(shapes.subjects(SH.path, AK.sourceKind))
    allowed = {str(k) for k in rdflib.collection.Collection(shapes, shapes.value(prop, SH["in"]))}
    assert allowed == _scheme() and len(allowed) == 9


def test_every_source_has_exactly_one_kind_from_the_scheme(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql(PREFIXES + """
        SELECT ?s (COUNT(DISTINCT ?kind) AS ?n) (SAMPLE(?kind) AS ?k) WHERE {
          ?s a ak:Source . OPTIONAL { ?s ak:sourceKind ?kind }
        } GROUP BY ?s""")
    assert len(rows) >= 250
    assert [r["s"] for r in rows if r["n"] != "1"] == []
    assert {r["k"] for r in rows} <= _scheme()


def test_an_archive_copy_names_only_sources_as_its_original(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql(PREFIXES + """
        SELECT ?reposted ?original ?kind WHERE {
          ?reposted ak:copyOf ?original ; ak:sourceKind ?kind .
          FILTER NOT EXISTS { ?original a ak:Source }
        }""")
    assert len(rows) == 0
    kinds = kg.sparql(PREFIXES + "SELECT DISTINCT ?kind WHERE { ?reposted ak:copyOf ?o ; ak:sourceKind ?kind }")
    assert kinds.column("kind") == [str(AK["kind-archive-copy"])]


@pytest.mark.parametrize(("source", "kind"), [
    ("untc-xxvi-5-2026", "depositary"), ("nl-depositary-cfe-parties", "depositary"),
    ("opcw-2006-montenegro", "treaty-body"), ("apmbc-isu-south-sudan", "treaty-body"),
    ("pl-du-2025-1514", "government"), ("monitor-2022-south-sudan", "ngo"), ("tass-2025-sejm-vote", "news"),
    ("owid-countries-regions", "dataset"), ("state-2009-albania-croatia", "archive-copy"),
    ("prawo-pl-du-2025-1514", "archive-copy"),
], ids=lambda v: str(v))
def test_kind_of_a_source(kg: armskg.KnowledgeGraph, source: str, kind: str) -> None:
    rows = kg.sparql(PREFIXES + f"SELECT ?k WHERE {{ <https://w3id.org/armskg/id/source/{source}> ak:sourceKind ?k }}")
    assert rows.column("k") == [str(AK[f"kind-{kind}"])]


def test_the_paraphrase_of_the_nato_statement_is_no_longer_cited(kg: armskg.KnowledgeGraph) -> None:
    """Replaced by Reuters' verbatim quotation: an aggregator's paraphrase is not a source worth citing."""
    rows = kg.sparql(PREFIXES + """
        SELECT ?fact WHERE { ?fact dcterms:source <https://w3id.org/armskg/id/source/nato-2023-cfe-statement> }""")
    assert len(rows) == 0
