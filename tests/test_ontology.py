"""The ontology's files and documentation: the query-speed indexes apart from the domain and never asserted
in graph/; a documentation page that is the same on every run and lists the whole-graph checks."""

from __future__ import annotations

import html
from pathlib import Path

import pyoxigraph as ox
import pytest

import armskg
from armskg.resources import check_files, data_root, graph_files, index_file, ontology_file
from armskg.vocab import AK, ASSERTED_GRAPH, TIMELINE_GRAPH

OWL_PROPERTIES = [ox.NamedNode("http://www.w3.org/2002/07/owl#" + k) for k in ("ObjectProperty", "DatatypeProperty")]
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _declared(path: Path) -> set[str]:
    triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    return {t.subject.value for t in triples
            if t.predicate == RDF_TYPE and t.object in OWL_PROPERTIES and t.subject.value.startswith(AK)}


INDEXES = sorted(_declared(index_file(data_root())))
GRAPH_FILES = graph_files(data_root())


def test_the_indexes_are_declared_apart_from_the_domain() -> None:
    assert INDEXES == sorted(AK + name for name in (
        "followUp", "followedBy", "intervalEnding", "soleSource", "soleSourceUrl", "summary", "yearNumber"))
    assert not set(INDEXES) & _declared(ontology_file(data_root()))


@pytest.mark.parametrize("path", GRAPH_FILES, ids=[p.relative_to(data_root() / "graph").as_posix() for p in GRAPH_FILES])
def test_no_asserted_file_uses_an_index(path: Path) -> None:
    used = {t.predicate.value for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}
    assert not used & set(INDEXES)


@pytest.mark.parametrize("index", INDEXES, ids=[i.rsplit("#", 1)[1] for i in INDEXES])
def test_each_index_is_derived_into_the_timeline_graph_only(kg: armskg.KnowledgeGraph, index: str) -> None:
    """The build writes it (so the test above guards something real), and only where derived facts go."""
    node = ox.NamedNode(index)
    assert next(iter(kg.store.quads_for_pattern(None, node, None, ox.NamedNode(TIMELINE_GRAPH))), None) is not None
    assert next(iter(kg.store.quads_for_pattern(None, node, None, ox.NamedNode(ASSERTED_GRAPH))), None) is None


@pytest.fixture(scope="module")
def page() -> str:
    """The documentation without examples (an empty graph): what it says of the files only."""
    from armskg.ontodocs import documentation

    return documentation(ox.Store(), data_root(), local=False)


@pytest.mark.parametrize("check", check_files(data_root()), ids=lambda p: p.stem)
def test_the_documentation_lists_each_whole_graph_check(page: str, check: Path) -> None:
    from armskg.sparql.named import parse_header

    summary = parse_header(check.stem, check.read_text(encoding="utf-8")).summary
    assert summary
    assert f"<code>queries/checks/{check.name}</code></td><td>{html.escape(summary, quote=True)}</td>" in page


def test_the_documentation_shows_the_indexes_apart(page: str) -> None:
    domain, indexes = page.split('<h2 id="indexes">', 1)
    assert 'id="soleSource"' in indexes.split("<h2", 1)[0] and 'id="soleSource"' not in domain
    assert 'id="State"' in domain
