"""The dataset's description in VoID and DCAT: what a release holds and what ``armskg serve`` says at
``/.well-known/void``. One function makes it, from the graph alone, so both always say the same."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from armskg.export.rdfview import canonical_quads
from armskg.release.canonical import graph_file, turtle
from armskg.release.tables import TABLES
from armskg.resources import queries_dir

DATASET = "https://w3id.org/armskg/dataset"
_VOID = "http://rdfs.org/ns/void#"
_DCAT = "http://www.w3.org/ns/dcat#"
_DCTERMS = "http://purl.org/dc/terms/"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_IANA = "https://www.iana.org/assignments/media-types/"
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")

#: The whole dataset's files in a release, with their media types.
DATA_FILES = {"armskg.nq": "application/n-quads", "armskg.jsonld": "application/ld+json"}


def release_base(version: str) -> str:
    """The IRI a release's files are named under (the description writes them relative to it)."""
    return f"https://w3id.org/armskg/release/{version}/"


def _t(s: str, p: str, o: ox.NamedNode | ox.Literal | str) -> ox.Triple:
    return ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o) if isinstance(o, str) else o)


def _template(version: str) -> list[ox.Triple]:
    from importlib.resources import files
    from string import Template

    text = Template(files("armskg.release").joinpath("dataset.ttl").read_text(encoding="utf-8"))
    return list(ox.parse(text.substitute(version=version), format=ox.RdfFormat.TURTLE))


def _counts(store: ox.Store) -> dict[str, int]:
    solutions = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert isinstance(solutions, ox.QuerySolutions)
    return {s["g"].value: int(s["n"].value) for s in solutions}


def _distribution(base: str, name: str, media: str, of: str) -> list[ox.Triple]:
    iri = base + name
    return [_t(of, _DCAT + "distribution", iri), _t(iri, str(_RDF_TYPE.value), _DCAT + "Distribution"),
            _t(iri, _DCAT + "downloadURL", iri), _t(iri, _DCAT + "mediaType", _IANA + media),
            _t(iri, _DCTERMS + "title", ox.Literal(name))]


def _construct(store: ox.Store, root: Path, name: str) -> list[ox.Triple]:
    text = (queries_dir(root) / "release" / f"{name}.rq").read_text(encoding="utf-8")
    found = store.query(text, use_default_graph_as_union=True)
    assert isinstance(found, ox.QueryTriples)
    return list(found)


def describe(store: ox.Store, root: Path, version: str, endpoint: str | None = None) -> list[ox.Triple]:
    """The description as sorted triples (blank nodes labelled from their neighbourhood): the template
    (armskg/release/dataset.ttl) with the version, the triples in each named graph, the release's files,
    each treaty's participation record and every source; and the SPARQL endpoint when one serves it."""
    base = release_base(version)
    counts = _counts(store)
    triples = _template(version)
    triples.append(_t(DATASET, _VOID + "triples", ox.Literal(str(sum(counts.values())), datatype=_XSD_INTEGER)))
    triples.append(_t(DATASET, _VOID + "dataDump", base + "armskg.nq"))
    for name, media in DATA_FILES.items():
        triples += _distribution(base, name, media, DATASET)
    for name in TABLES:
        triples += _distribution(base, name, "text/csv", DATASET)
    for graph, count in sorted(counts.items()):
        triples += [_t(DATASET, _VOID + "subset", graph), _t(graph, str(_RDF_TYPE.value), _VOID + "Dataset"),
                    _t(graph, _VOID + "triples", ox.Literal(str(count), datatype=_XSD_INTEGER))]
        triples += _distribution(base, graph_file(graph), "text/turtle", graph)
    triples += _construct(store, root, "records") + _construct(store, root, "sources")
    if endpoint:
        triples.append(_t(DATASET, _VOID + "sparqlEndpoint", endpoint))
    quads = canonical_quads(ox.Quad(t.subject, t.predicate, t.object) for t in set(triples))
    return sorted((ox.Triple(q.subject, q.predicate, q.object) for q in quads), key=str)


def describe_turtle(store: ox.Store, root: Path, version: str, endpoint: str | None = None) -> bytes:
    """:func:`describe` as Turtle. A release's files are named under the release's IRI; each file's
    dcterms:title is its path inside the release folder."""
    comment = ("# armskg dataset description (VoID and DCAT), written by `armskg dump` and served by `armskg serve`\n"
               "# at /.well-known/void. Each distribution's dcterms:title is its path in the release folder.\n")
    return turtle(describe(store, root, version, endpoint), comment)
