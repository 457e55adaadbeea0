"""Each SHACL shape against a valid and an invalid fixture (tests/fixtures/shapes/SHAPE-*.ttl)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from armskg.derive import derive
from armskg.namespaces import AK, ASSERTED_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH
from armskg.resources import check_files, data_root, ontology_file, shapes_file
from armskg.store import load_turtle
from armskg.validate import Report, validate

SHAPES_DIR = Path(__file__).parent / "fixtures" / "shapes"
EX = "https://example.org/"
SHAPE_NAMES = sorted({p.name.split("-")[0] for p in SHAPES_DIR.glob("*Shape-*.ttl")})
#: The node each invalid fixture's violation is reported on (ex:x unless the shape targets another node).
FOCUS = {"BordersOnShape": AK + "bordersOn"}
CHECKS_DIR = Path(__file__).parent / "fixtures" / "checks"
CHECK_NAMES = sorted(p.stem for p in check_files(data_root()))


def _validate(fixture: Path) -> Report:
    """Validate the shared base graph with one fixture added, as ``armskg validate`` would."""
    root = data_root()
    store = ox.Store()
    load_turtle(store, ontology_file(root), ONTOLOGY_GRAPH)
    load_turtle(store, shapes_file(root), SHAPES_GRAPH)
    load_turtle(store, SHAPES_DIR / "base.ttl", ASSERTED_GRAPH)
    load_turtle(store, fixture, ASSERTED_GRAPH)
    derive(store, root)
    return validate(store, root)


def test_every_shape_has_fixtures() -> None:
    declared = rdflib.Graph().parse(shapes_file(data_root()))
    names = {str(s).rsplit("#", 1)[1] for s in declared.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#NodeShape"))}
    assert names == set(SHAPE_NAMES)


@pytest.mark.parametrize("shape", SHAPE_NAMES)
def test_valid_fixture_conforms(shape: str) -> None:
    report = _validate(SHAPES_DIR / f"{shape}-valid.ttl")
    assert report.conforms, report.to_text()


@pytest.mark.parametrize("shape", SHAPE_NAMES)
def test_invalid_fixture_is_reported_on_its_node(shape: str) -> None:
    report = _validate(SHAPES_DIR / f"{shape}-invalid-01.ttl")
    assert not report.conforms
    assert FOCUS.get(shape, EX + "x") in {v.focus for v in report.violations}, report.to_text()


def test_every_check_has_a_fixture() -> None:
    assert sorted(p.name.removesuffix("-invalid.ttl") for p in CHECKS_DIR.glob("*-invalid.ttl")) == CHECK_NAMES


@pytest.mark.parametrize("check", CHECK_NAMES)
def test_check_reports_its_fixture(check: str) -> None:
    report = _validate(CHECKS_DIR / f"{check}-invalid.ttl")
    assert (EX + "x", check) in {(v.focus, v.source) for v in report.violations}, report.to_text()
