"""Each SHACL shape against a valid and an invalid fixture (tests/fixtures/shapes/SHAPE-*.ttl)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from armskg.build.derive import derive
from armskg.build.load import load_turtle
from armskg.build.validate import (
    ValidationReport,
    _rdflib_graph,
    _results,
    sparql_shape_violations,
    validate,
    whole_graph_shapes,
)
from armskg.resources import check_files, data_root, ontology_file, shapes_file
from armskg.vocab import AK, ASSERTED_GRAPH, DERIVED_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH

SHAPES_DIR = Path(__file__).parent / "fixtures" / "shapes"
EX = "https://example.org/"
SHAPE_NAMES = sorted({p.name.split("-")[0] for p in SHAPES_DIR.glob("*Shape-*.ttl")})
INVALID = sorted(p.stem for p in SHAPES_DIR.glob("*Shape-invalid-*.ttl"))
#: The node each invalid fixture's violation is reported on: ex:x, unless the shape targets another node
#: (a whole-graph shape's focus is its sh:targetNode; its message then names ex:x).
FOCUS = {"BordersOnShape": AK + "bordersOn", "TreatyActionShape": AK + "TreatyAction",
         "DepositShape": AK + "Signature", "WithdrawalNotificationShape": AK + "WithdrawalNotification"}
CHECKS_DIR = Path(__file__).parent / "fixtures" / "checks"
CHECK_NAMES = sorted(p.stem for p in check_files(data_root()))


def _store(fixture: Path) -> ox.Store:
    """The shared base graph with one fixture added, derived as ``armskg validate`` would."""
    root = data_root()
    store = ox.Store()
    load_turtle(store, ontology_file(root), ONTOLOGY_GRAPH)
    load_turtle(store, shapes_file(root), SHAPES_GRAPH)
    load_turtle(store, SHAPES_DIR / "base.ttl", ASSERTED_GRAPH)
    load_turtle(store, fixture, ASSERTED_GRAPH)
    derive(store, root)
    return store


def _validate(fixture: Path) -> ValidationReport:
    """Validate the shared base graph with one fixture added, as ``armskg validate`` would."""
    return validate(_store(fixture), data_root())


def test_every_shape_has_fixtures() -> None:
    declared = rdflib.Graph().parse(shapes_file(data_root()))
    names = {str(s).rsplit("#", 1)[1] for s in declared.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#NodeShape"))}
    assert names == set(SHAPE_NAMES)


@pytest.mark.parametrize("shape", SHAPE_NAMES)
def test_valid_fixture_conforms(shape: str) -> None:
    report = _validate(SHAPES_DIR / f"{shape}-valid.ttl")
    assert report.conforms, report.to_text()


@pytest.mark.parametrize("fixture", INVALID)
def test_invalid_fixture_is_reported_on_its_node(fixture: str) -> None:
    report = _validate(SHAPES_DIR / f"{fixture}.ttl")
    assert not report.conforms
    shape = fixture.split("-")[0]
    found = {v.focus for v in report.violations}
    assert FOCUS.get(shape, EX + "x") in found, report.to_text()
    if shape in FOCUS and shape != "BordersOnShape":
        assert any(v.focus == FOCUS[shape] and EX + "x" in v.message for v in report.violations), report.to_text()


WHOLE_GRAPH_FIXTURES = sorted(p.stem for p in SHAPES_DIR.glob("*Shape-*.ttl")
                              if p.name.split("-")[0] in FOCUS)


@pytest.mark.parametrize("fixture", WHOLE_GRAPH_FIXTURES)
def test_pyshacl_agrees_with_the_whole_graph_shapes_on_pyoxigraph(fixture: str) -> None:
    """armskg runs shapes with sh:targetNode and only SPARQL constraints on pyoxigraph; pySHACL, the
    reference engine, must report exactly the same violations for them."""
    import pyshacl

    store = _store(SHAPES_DIR / f"{fixture}.ttl")
    whole = whole_graph_shapes(store)
    assert {s.rsplit("#", 1)[1] for s in whole} == set(FOCUS)
    shapes = _rdflib_graph(store, SHAPES_GRAPH)
    for shape in set(shapes.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#NodeShape"))):
        if str(shape) not in whole:
            shapes.remove((shape, None, None))
    data = _rdflib_graph(store, ASSERTED_GRAPH, DERIVED_GRAPH)
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    reference = {(v.focus, v.message) for v in _results(results)}
    ours = {(v.focus, v.message) for v in sparql_shape_violations(store)}
    assert ours == reference
    assert bool(ours) == ("invalid" in fixture)


def test_every_check_has_a_fixture() -> None:
    assert sorted(p.name.removesuffix("-invalid.ttl") for p in CHECKS_DIR.glob("*-invalid.ttl")) == CHECK_NAMES


@pytest.mark.parametrize("check", CHECK_NAMES)
def test_check_reports_its_fixture(check: str) -> None:
    report = _validate(CHECKS_DIR / f"{check}-invalid.ttl")
    assert (EX + "x", check) in {(v.focus, v.source) for v in report.violations}, report.to_text()
