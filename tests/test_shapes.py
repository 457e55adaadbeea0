"""Each per-node shape and each whole-graph check against its fixtures, and the report that names the node.

tests/fixtures/shapes/SHAPE-valid.ttl and SHAPE-invalid-NN.ttl exercise ontology/shapes.ttl;
tests/fixtures/checks/CHECK-invalid-NN.ttl (and CHECK-valid.ttl where a rule has exceptions) exercise
queries/checks/CHECK.rq. Every invalid fixture's fault is on the node ex:x.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

import armskg
from armskg.build.derive import derive
from armskg.build.load import load_turtle
from armskg.build.validate import (
    CHECKS,
    DATA_GRAPHS,
    SHAPES,
    ValidationReport,
    Violation,
    _per_node,
    _results,
    _targeted,
    _validate_group,
    asserted_in,
    check_violations,
    rdflib_graph,
    shacl_data,
    validate,
)
from armskg.errors import ArmskgError
from armskg.resources import check_files, data_root, ontology_file, shapes_file
from armskg.vocab import AK, ASSERTED_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH

FIXTURES = Path(__file__).parent / "fixtures"
SHAPES_DIR = FIXTURES / "shapes"
CHECKS_DIR = FIXTURES / "checks"
BASE = SHAPES_DIR / "base.ttl"
EX = "https://example.org/"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SHAPE_NAMES = sorted({p.name.split("-")[0] for p in SHAPES_DIR.glob("*Shape-*.ttl")})
SHAPE_FIXTURES = sorted(p.stem for p in SHAPES_DIR.glob("*Shape-*.ttl"))
INVALID = sorted(p.stem for p in SHAPES_DIR.glob("*Shape-invalid-*.ttl"))
CHECK_NAMES = sorted(p.stem for p in check_files(data_root()))
CHECK_INVALID = sorted(p.stem for p in CHECKS_DIR.glob("*-violation-invalid*.ttl"))
CHECK_VALID = sorted(p.stem for p in CHECKS_DIR.glob("*-violation-valid.ttl"))


def _store(fixture: Path) -> ox.Store:
    """The shared base graph with one fixture added, derived as ``armskg validate`` would."""
    root = data_root()
    store = ox.Store()
    load_turtle(store, ontology_file(root), ONTOLOGY_GRAPH)
    load_turtle(store, shapes_file(root), SHAPES_GRAPH)
    load_turtle(store, BASE, ASSERTED_GRAPH)
    load_turtle(store, fixture, ASSERTED_GRAPH)
    derive(store, root, timeline=False)
    return store


def _validate(fixture: Path) -> ValidationReport:
    """Validate the shared base graph with one fixture added, as ``armskg validate`` would."""
    return validate(_store(fixture), data_root(), [BASE, fixture])


def _check(fixture: str) -> str:
    return fixture.split("-invalid")[0].split("-valid")[0]


def test_every_shape_has_fixtures() -> None:
    declared = rdflib.Graph().parse(shapes_file(data_root()))
    names = {str(s).rsplit("#", 1)[1] for s in declared.subjects(rdflib.RDF.type, SH.NodeShape)}
    assert names == set(SHAPE_NAMES)


@pytest.mark.parametrize("shape", SHAPE_NAMES)
def test_valid_fixture_conforms(shape: str) -> None:
    report = _validate(SHAPES_DIR / f"{shape}-valid.ttl")
    assert report.conforms, report.to_text()


@pytest.mark.parametrize("fixture", INVALID)
def test_invalid_fixture_is_reported_on_its_node_by_its_shape(fixture: str) -> None:
    report = _validate(SHAPES_DIR / f"{fixture}.ttl")
    shape = SHAPES + fixture.split("-")[0]
    assert [v.files for v in report.violations if (v.focus, v.rule) == (EX + "x", shape)], report.to_text()
    assert all(any(f.endswith(f"shapes/{fixture}.ttl") for f in v.files) for v in report.violations if v.focus == EX + "x")


def test_the_shapes_are_per_node() -> None:
    """Every shape looks only at its node's own statements, so pySHACL gets only the targeted nodes."""
    assert _per_node(_store(BASE))


@pytest.mark.parametrize("fixture", SHAPE_FIXTURES)
def test_pyshacl_finds_the_same_in_what_the_shapes_need_as_in_the_whole_graph(fixture: str) -> None:
    import pyshacl

    store = _store(SHAPES_DIR / f"{fixture}.ttl")
    shapes = rdflib_graph(store.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH)))
    whole = rdflib_graph(q for g in DATA_GRAPHS for q in store.quads_for_pattern(None, None, None, g))
    part = rdflib_graph(shacl_data(store))
    found = []
    for data in (part, whole):
        _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
        found.append(sorted(_results(results, shapes)))
    assert found[0] == found[1]
    assert bool(found[0]) == ("invalid" in fixture)


def test_pyshacl_reports_the_same_in_two_processes_as_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shapes split between two processes (a large graph on a machine with a core to spare) report
    what one process reports, on a graph with every shape's faults."""
    from armskg.build import validate as module

    store = _store(BASE)
    for fixture in INVALID:
        load_turtle(store, SHAPES_DIR / f"{fixture}.ttl", ASSERTED_GRAPH)
    monkeypatch.setattr(module, "_spare_core", lambda: False)
    alone = sorted(module.shacl_violations(store))
    split: list[int] = []
    groups = module._shape_groups
    monkeypatch.setattr(module, "_shape_groups", lambda *args: split.append(1) or groups(*args))
    monkeypatch.setattr(module, "_spare_core", lambda: True)
    monkeypatch.setattr(module, "_FORK_WORK", 0)
    assert sorted(module.shacl_violations(store)) == alone
    assert split  # the work was shared
    assert len({v.rule for v in alone}) >= len(SHAPE_NAMES) - 3  # the fixtures share ex:x: a few faults mask others


def test_property_shapes_given_their_node_shapes_targets_report_what_the_shapes_as_written_do() -> None:
    """pySHACL validates each property shape over all its focus nodes (_targeted) instead of once per node:
    the same violations, named by the same node shapes, on a graph with every shape's faults."""
    import pyshacl

    store = _store(BASE)
    for fixture in INVALID:
        load_turtle(store, SHAPES_DIR / f"{fixture}.ttl", ASSERTED_GRAPH)
    shapes = rdflib_graph(store.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH)))
    data = rdflib_graph(shacl_data(store))
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    as_written = sorted(_results(results, shapes))
    assert sorted(_validate_group(data, shapes)) == as_written
    assert len({v.rule for v in as_written}) >= len(SHAPE_NAMES) - 3  # the fixtures share ex:x: a few faults mask others


def test_pyshacl_is_given_the_targeted_nodes_not_the_treaty_actions(kg: armskg.KnowledgeGraph) -> None:
    part = {q.subject for q in shacl_data(kg.store) if q.predicate.value != str(rdflib.RDF.type)}  # a value's type is kept
    assert ox.NamedNode("https://w3id.org/armskg/id/state/LTU") in part
    assert ox.NamedNode("https://w3id.org/armskg/id/treaty/apmbc") in part
    assert ox.NamedNode("https://w3id.org/armskg/id/action/apmbc/LTU-ratification-2003-05-12") not in part
    assert next(kg.store.quads_for_pattern(ox.NamedNode("https://w3id.org/armskg/id/action/apmbc/LTU-ratification-2003-05-12"), None, None))


def test_every_check_has_an_invalid_fixture_and_every_fixture_a_check() -> None:
    assert sorted({_check(f) for f in CHECK_INVALID}) == CHECK_NAMES
    assert {_check(f) for f in CHECK_VALID} <= set(CHECK_NAMES)


@pytest.mark.parametrize("fixture", CHECK_INVALID)
def test_check_reports_its_fixture_on_its_node(fixture: str) -> None:
    report = _validate(CHECKS_DIR / f"{fixture}.ttl")
    found = [v for v in report.violations if (v.focus, v.rule) == (EX + "x", CHECKS + _check(fixture))]
    assert found, report.to_text()
    assert all(any(f.endswith(f"checks/{fixture}.ttl") for f in v.files) for v in found), report.to_text()


@pytest.mark.parametrize("fixture", CHECK_VALID)
def test_check_valid_fixture_conforms(fixture: str) -> None:
    report = _validate(CHECKS_DIR / f"{fixture}.ttl")
    assert report.conforms, report.to_text()


def test_a_check_must_name_its_node(tmp_path: Path) -> None:
    (tmp_path / "queries" / "checks").mkdir(parents=True)
    (tmp_path / "queries" / "checks" / "nameless-violation.rq").write_text("SELECT ?message WHERE { BIND ('x' AS ?message) }")
    with pytest.raises(ArmskgError, match=r"nameless-violation.rq: a check is a SELECT of \?focus and \?message"):
        check_violations(ox.Store(), tmp_path)


def test_the_files_that_assert_a_node_are_those_stating_its_faulty_property(tmp_path: Path) -> None:
    prefixes = f"@prefix ex: <{EX}> . @prefix ak: <{AK}> .\n"
    (tmp_path / "graph").mkdir()
    (tmp_path / "graph" / "a.ttl").write_text(prefixes + 'ex:n ak:code "n" .')
    (tmp_path / "graph" / "b.ttl").write_text(prefixes + 'ex:n ak:date "soon" .')
    files = sorted((tmp_path / "graph").glob("*.ttl"))
    faults = [Violation(EX + "n", "bad date", AK + "date"), Violation(EX + "n", "something"),
              Violation(EX + "n", "derived", AK + "effectiveDate"), Violation(EX + "elsewhere", "nowhere")]
    assert [v.files for v in asserted_in(faults, files, tmp_path)] == [
        ("graph/b.ttl",), ("graph/a.ttl", "graph/b.ttl"), ("graph/a.ttl", "graph/b.ttl"), ()]


@pytest.fixture(scope="module")
def border_report() -> ValidationReport:
    return _validate(CHECKS_DIR / "asymmetric-border-violation-invalid-01.ttl")


def test_text_report_names_node_property_fault_rule_and_file(border_report: ValidationReport) -> None:
    line = next(line for line in border_report.to_text().splitlines() if "asymmetric" in line)
    assert line.startswith(f"{EX}x {AK}bordersOn: borders on <{EX}B> but <{EX}B> does not border on it")
    assert line.endswith("[asymmetric-border-violation] in tests/fixtures/checks/asymmetric-border-violation-invalid-01.ttl")


def test_json_report_names_node_property_fault_rule_and_file(border_report: ValidationReport) -> None:
    report = json.loads(border_report.to_json())
    found = [v for v in report["violations"] if v["rule"] == CHECKS + "asymmetric-border-violation"]
    assert report["conforms"] is False
    assert found == [{"focus": EX + "x", "path": AK + "bordersOn", "rule": CHECKS + "asymmetric-border-violation",
                      "message": f"borders on <{EX}B> but <{EX}B> does not border on it (borders are symmetric)",
                      "files": ["tests/fixtures/checks/asymmetric-border-violation-invalid-01.ttl"]}]


def test_turtle_report_is_a_shacl_report_naming_node_rule_and_file(border_report: ValidationReport) -> None:
    graph = rdflib.Graph().parse(data=border_report.to_turtle(), format="turtle")
    report = graph.value(predicate=rdflib.RDF.type, object=SH.ValidationReport)
    assert graph.value(report, SH.conforms).toPython() is False
    result = graph.value(predicate=SH.sourceConstraint, object=rdflib.URIRef(CHECKS + "asymmetric-border-violation"))
    assert (report, SH.result, result) in graph
    assert graph.value(result, SH.focusNode) == rdflib.URIRef(EX + "x")
    assert graph.value(result, SH.resultPath) == rdflib.URIRef(AK + "bordersOn")
    assert str(graph.value(result, rdflib.URIRef(SHAPES + "assertedIn"))).endswith("asymmetric-border-violation-invalid-01.ttl")


def test_turtle_report_is_the_same_each_time() -> None:
    fixture = CHECKS_DIR / "conflicting-deposit-violation-invalid-01.ttl"
    assert _validate(fixture).to_turtle() == _validate(fixture).to_turtle()


def test_a_shape_violation_names_its_node_shape_in_turtle() -> None:
    report = _validate(SHAPES_DIR / "StateShape-invalid-01.ttl")
    graph = rdflib.Graph().parse(data=report.to_turtle(), format="turtle")
    assert (None, SH.sourceShape, rdflib.URIRef(SHAPES + "StateShape")) in graph


SHAPES_PREFIXES = f"@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ak: <{AK}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"


@pytest.mark.parametrize(("shape", "per_node"), [
    ("[] a sh:NodeShape ; sh:targetClass ak:State ; sh:property [ sh:path ak:iso3 ; sh:class ak:Code ] .", True),
    ("[] a sh:NodeShape ; sh:targetClass ak:State ; sh:or ( [ sh:path ak:a ; sh:minCount 1 ] [ sh:path ak:b ; sh:minCount 1 ] ) .", True),
    ("[] a sh:NodeShape ; sh:targetClass ak:State ; sh:property [ sh:path ak:capital ; sh:node [ sh:property [ sh:path rdfs:label ; sh:minCount 1 ] ] ] .", False),
    ("[] a sh:NodeShape ; sh:targetClass ak:State ; sh:property [ sh:path ( ak:capital rdfs:label ) ; sh:minCount 1 ] .", False),
    ("[] a sh:NodeShape ; sh:targetClass ak:State ; sh:property [ sh:path ak:capital ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ] ] .", False),
    ("ak:State a sh:NodeShape , rdfs:Class ; sh:property [ sh:path ak:iso3 ; sh:minCount 1 ] .", False),
    ("[] a sh:NodeShape ; sh:targetObjectsOf ak:actor ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ] .", False),
    ("[] a sh:NodeShape ; sh:targetClass ak:State ; sh:sparql [ sh:select 'SELECT $this WHERE { }' ] .", False),
    ("[] a sh:NodeShape ; sh:targetClass ak:State ; sh:closed true ; sh:property [ sh:path ak:iso3 ] .", False),
    ("[] a sh:NodeShape ; sh:targetClass ak:State ; sh:property [ sh:path ak:d ; sh:or ( [ sh:datatype ak:x ] [ sh:class ak:C ] ) ] .", True),
    ("[] a sh:NodeShape ; sh:targetClass ak:State ; sh:property [ sh:path ak:d ; sh:or ( [ sh:datatype ak:x ] [ sh:path ak:e ; sh:minCount 1 ] ) ] .", False),
    ("[] a sh:NodeShape ; sh:targetClass ak:State ; sh:property [ sh:path ak:d ; sh:not [ sh:and ( [ sh:property [ sh:path ak:e ] ] ) ] ] .", False),
], ids=["class-of-a-value", "or", "node", "sequence-path", "nested-property", "implicit-target", "objects-of", "sparql",
        "closed", "or-of-value-types", "or-with-a-value-property", "not-and-of-a-value-property"])
def test_shapes_that_look_beyond_their_node_get_the_whole_graph(shape: str, per_node: bool) -> None:
    store = ox.Store()
    store.load((SHAPES_PREFIXES + shape).encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(SHAPES_GRAPH))
    for node in (EX + "s", EX + "t"):  # a state with a property no shape names, and another node
        store.add(ox.Quad(ox.NamedNode(node), ox.NamedNode(AK + "unrelated"), ox.Literal("x"), ox.NamedNode(ASSERTED_GRAPH)))
    store.add(ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(str(rdflib.RDF.type)), ox.NamedNode(AK + "State"), ox.NamedNode(ASSERTED_GRAPH)))
    assert _per_node(store) is per_node
    given = {(q.subject.value, q.predicate.value) for q in shacl_data(store)}
    assert (EX + "s", str(rdflib.RDF.type)) in given
    assert ((EX + "s", AK + "unrelated") in given) is not per_node
    assert ((EX + "t", AK + "unrelated") in given) is not per_node


TARGETED = SHAPES_PREFIXES + f"@prefix ex: <{EX}> .\n"


@pytest.mark.parametrize(("shapes", "moved"), [
    ("ex:N a sh:NodeShape ; sh:targetClass ak:State ; sh:property ex:P . ex:P sh:path ak:iso3 ; sh:minCount 1 .", True),
    ("ex:N a sh:NodeShape ; sh:targetNode ex:s ; sh:property ex:P . ex:P sh:path ak:iso3 ; sh:minCount 1 .", True),
    ("ex:N a sh:NodeShape ; sh:targetClass ak:State ; sh:deactivated true ; sh:property ex:P . ex:P sh:path ak:iso3 ; sh:minCount 1 .", False),
    ("ex:N a sh:NodeShape , rdfs:Class ; sh:targetClass ak:State ; sh:property ex:P . ex:P sh:path ak:iso3 ; sh:minCount 1 .", False),
    ("ex:N a sh:NodeShape ; sh:property ex:P . ex:P sh:path ak:iso3 ; sh:minCount 1 .", False),
    ("ex:N a sh:NodeShape ; sh:targetClass ak:State ; sh:property ex:P . ex:P sh:path ak:iso3 ; sh:minCount 1 ; sh:targetNode ex:t .", False),
    (("ex:N a sh:NodeShape ; sh:targetClass ak:State ; sh:property ex:P . ex:P sh:path ak:iso3 ; sh:minCount 1 . "
      "ex:M a sh:NodeShape ; sh:targetClass ak:Treaty ; sh:property ex:P ."), False),
    ("ex:N a sh:NodeShape ; sh:targetClass ak:State ; sh:property ex:P ; sh:or ( ex:P ) . ex:P sh:path ak:iso3 ; sh:minCount 1 .", False),
], ids=["class-target", "node-target", "deactivated", "implicit-class-target", "no-target", "own-target", "shared", "in-a-list"])
def test_a_property_shape_takes_its_node_shapes_targets_only_where_nothing_else_changes(shapes: str, moved: bool) -> None:
    written = rdflib.Graph().parse(data=TARGETED + shapes, format="turtle")
    given = _targeted(written)
    node, prop = rdflib.URIRef(EX + "N"), rdflib.URIRef(EX + "P")
    assert ((node, SH.property, prop) not in given) is moved
    assert set(given.objects(prop, SH.targetClass)) == ({rdflib.URIRef(AK + "State")} if moved and "targetClass" in shapes else set())
    assert (set(given) ^ set(written)) == (set() if not moved else
                                           {(node, SH.property, prop), *((prop, p, o) for p, o in written.predicate_objects(node)
                                                                         if p in (SH.targetClass, SH.targetNode))})
