"""Prefixes and IRIs used across armskg."""

from __future__ import annotations

AK = "https://w3id.org/armskg/ontology#"
ID = "https://w3id.org/armskg/id/"
GRAPH = "https://w3id.org/armskg/graph/"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Named graphs of the dataset: what was asserted by hand, what rules derived, and the schema.
ONTOLOGY_GRAPH = GRAPH + "ontology"
SHAPES_GRAPH = GRAPH + "shapes"
ASSERTED_GRAPH = GRAPH + "asserted"
DERIVED_GRAPH = GRAPH + "derived"
#: Each participant's status timeline (ak:StatusInterval), derived from the validated actions.
TIMELINE_GRAPH = GRAPH + "timeline"

PREFIXES: dict[str, str] = {
    "ak": AK,
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "state": ID + "state/",
    "treaty": ID + "treaty/",
    "org_": ID + "org/",
    "act": ID + "action/",
    "src": ID + "source/",
}


def sparql_prefixes() -> str:
    """Return PREFIX declarations for every prefix armskg uses."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
