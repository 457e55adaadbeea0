"""What ``armskg serve`` says about itself: the dataset's VoID/DCAT description at ``/.well-known/void`` (the
same as a release's void.ttl, with the endpoint), and the SPARQL 1.1 Service Description at ``GET /sparql``
(the service, its formats and limits, the dataset with its named graphs and their sizes, and the VoID)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from armskg.serve.pool import Limits

_SD = "http://www.w3.org/ns/sparql-service-description#"
_VOID = "http://rdfs.org/ns/void#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
            "N-Triples", "JSON-LD", "RDF_XML")


def dataset_description(root: Path, artifact: Path) -> list[ox.Triple]:
    """The dataset's description (armskg.release.describe), read from the artifact (``serve.app`` reads it
    once, when a client first asks for it)."""
    from armskg import __version__
    from armskg.build.artifact import read_artifact
    from armskg.release.describe import describe

    store = read_artifact(artifact)
    try:
        return describe(store, root, __version__)
    finally:
        del store


def void_triples(description: list[ox.Triple], endpoint: str) -> list[ox.Triple]:
    """The description served at /.well-known/void: the release's, and the endpoint that answers over it."""
    from armskg.release.describe import DATASET

    return [*description, ox.Triple(ox.NamedNode(DATASET), ox.NamedNode(_VOID + "sparqlEndpoint"), ox.NamedNode(endpoint))]


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def service_triples(endpoint: str, limits: Limits, description: list[ox.Triple]) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description: the service, its result formats and limits, and its default
    dataset (armskg's, a sd:Dataset whose default graph is the union of its named graphs), with the VoID."""
    from armskg.release.describe import DATASET

    service, dataset, a = _n(endpoint), _n(DATASET), _n(_RDF_TYPE)
    out = [ox.Triple(service, a, _n(_SD + "Service")), ox.Triple(service, _n(_SD + "endpoint"), service),
           ox.Triple(service, _n(_SD + "supportedLanguage"), _n(_SD + "SPARQL11Query")),
           ox.Triple(service, _n(_SD + "feature"), _n(_SD + "UnionDefaultGraph")),
           ox.Triple(service, _n(_SD + "defaultDataset"), dataset), ox.Triple(dataset, a, _n(_SD + "Dataset")),
           ox.Triple(service, _n(_RDFS + "comment"), ox.Literal(
               f"Read-only: updates, LOAD, SERVICE and FROM naming anything but the dataset's own graphs are refused. "
               f"A query is stopped after {limits.timeout:g} s; an answer has at most {limits.max_rows} rows; a request "
               f"is at most {limits.max_request_bytes // 1024} KiB.", language="en"))]
    out += [ox.Triple(service, _n(_SD + "resultFormat"), _n(f"http://www.w3.org/ns/formats/{f}")) for f in _FORMATS]
    default = ox.BlankNode()
    out += [ox.Triple(dataset, _n(_SD + "defaultGraph"), default), ox.Triple(default, a, _n(_SD + "Graph")),
            ox.Triple(default, _n(_RDFS + "comment"), ox.Literal("The union of the named graphs.", language="en"))]
    for t in description:
        if t.subject == dataset and t.predicate.value == _VOID + "subset":
            named, graph = ox.BlankNode(), t.object
            out += [ox.Triple(dataset, _n(_SD + "namedGraph"), named), ox.Triple(named, a, _n(_SD + "NamedGraph")),
                    ox.Triple(named, _n(_SD + "name"), graph), ox.Triple(named, _n(_SD + "graph"), graph),
                    ox.Triple(graph, a, _n(_SD + "Graph"))]  # type: ignore[arg-type]
    return out + void_triples(description, endpoint)


def serialize(triples: list[ox.Triple], short: str) -> tuple[bytes, str]:
    """Triples in a format the client asked for (turtle, ntriples, jsonld, rdfxml), and its media type."""
    from armskg.release.canonical import TURTLE_PREFIXES

    fmt = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
           "rdfxml": ox.RdfFormat.RDF_XML}[short]
    prefixes = TURTLE_PREFIXES if short in ("turtle", "rdfxml") else None
    return ox.serialize(triples, format=fmt, prefixes=prefixes) or b"", fmt.media_type
