"""The data and the ontology: documented terms, real codes, sourced facts, Russia's neighbours."""

from __future__ import annotations

import pycountry
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

import armskg
from armskg.resources import data_root, ontology_files

AK = rdflib.Namespace("https://w3id.org/armskg/ontology#")
ONTOLOGY = rdflib.Graph()
for _path in ontology_files(data_root()):
    ONTOLOGY.parse(_path)
TERMS = sorted(
    str(s) for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    for s in ONTOLOGY.subjects(RDF.type, kind) if str(s).startswith(str(AK))
)


@pytest.mark.parametrize("term", TERMS, ids=[t.rsplit("#", 1)[1] for t in TERMS])
def test_every_term_has_a_label_and_a_definition(term: str) -> None:
    node = rdflib.URIRef(term)
    assert ONTOLOGY.value(node, RDFS.label) is not None
    assert ONTOLOGY.value(node, SKOS.definition) is not None


def test_ontology_has_iri_and_version() -> None:
    onto = rdflib.URIRef("https://w3id.org/armskg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ONTOLOGY
    assert ONTOLOGY.value(onto, OWL.versionIRI) is not None


def _states(kg: armskg.KnowledgeGraph) -> list[dict[str, str | None]]:
    return list(kg.sparql("""PREFIX ak: <https://w3id.org/armskg/ontology#>
        SELECT ?iso3 ?iso2 ?num WHERE { ?s a ak:State ; ak:iso3 ?iso3 ; ak:iso2 ?iso2 ; ak:isoNumeric ?num }"""))


def test_state_codes_match_iso_3166(kg: armskg.KnowledgeGraph) -> None:
    for row in _states(kg):
        country = pycountry.countries.get(alpha_3=row["iso3"])
        assert (country.alpha_2, country.numeric) == (row["iso2"], row["num"]), row


def test_russia_has_fourteen_land_neighbours(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql("""PREFIX ak: <https://w3id.org/armskg/ontology#>
        SELECT ?iso3 WHERE { <https://w3id.org/armskg/id/state/RUS> ak:bordersOn ?n . ?n ak:iso3 ?iso3 } ORDER BY ?iso3""")
    assert rows.column("iso3") == ["AZE", "BLR", "CHN", "EST", "FIN", "GEO", "KAZ", "LTU", "LVA", "MNG", "NOR",
                                   "POL", "PRK", "UKR"]


def test_every_action_names_a_source_with_a_url(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql("""PREFIX ak: <https://w3id.org/armskg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?a WHERE { ?a a ak:TreatyAction . FILTER NOT EXISTS { ?a dcterms:source/<https://schema.org/url> ?u } }""")
    assert len(rows) == 0
    assert len(kg.sparql("PREFIX ak: <https://w3id.org/armskg/ontology#> SELECT ?a WHERE { ?a a ak:TreatyAction }")) > 30


def test_the_belarus_claim_is_kept_with_its_contradiction(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql("""PREFIX ak: <https://w3id.org/armskg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?url ?by WHERE { ?c ak:subject <https://w3id.org/armskg/id/state/BLR> ; dcterms:source/<https://schema.org/url> ?url ;
                                   ak:contradictedBy ?by }""")
    assert list(rows) == [{"url": "https://euromaidanpress.com/2025/05/08/lithuania-exits-anti-personnel-mine-convention-amid-russo-belarusian-threats/",
                           "by": "https://w3id.org/armskg/id/action/apmbc/BLR-accession-2003-09-03"}]
