"""Validate the dataset: pySHACL with ontology/shapes.ttl, then every queries/checks/*-violation.rq."""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from typing import Any

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.resources import check_files
from armskg.sparql.text import compiled, select, with_values
from armskg.vocab import ASSERTED_GRAPH, DERIVED_GRAPH, SHAPES_GRAPH

_SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True, order=True)
class Violation:
    """One failed constraint: the node it is about, and what is wrong with it."""

    focus: str
    message: str
    path: str = ""
    source: str = ""


@dataclass
class ValidationReport:
    """The outcome of a validation: it conforms when there are no violations."""

    violations: list[Violation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True when nothing failed."""
        return not self.violations

    def to_text(self) -> str:
        """One line per violation, then a summary line."""
        lines = [f"{v.focus}{' ' + v.path if v.path else ''}: {v.message} [{v.source}]" for v in self.violations]
        lines.append("conforms" if self.conforms else f"{len(self.violations)} violation(s)")
        return "\n".join(lines)

    def to_json(self) -> str:
        """The report as a JSON object."""
        return json.dumps({"conforms": self.conforms, "violations": [asdict(v) for v in self.violations]}, indent=2)

    def to_turtle(self) -> str:
        """The report as a SHACL validation report in Turtle."""
        out = [f"@prefix sh: <{_SH}> .", "", "[] a sh:ValidationReport ;", f"   sh:conforms {str(self.conforms).lower()}"]
        for v in self.violations:
            message = json.dumps(v.message)
            path = f" sh:resultPath <{v.path}> ;" if v.path else ""
            out.append(f"   ; sh:result [ a sh:ValidationResult ; sh:focusNode <{v.focus}> ;{path} sh:resultMessage {message} ;"
                       f" sh:resultSeverity sh:Violation ]")
        out.append("   .")
        return "\n".join(out) + "\n"


def _rdflib_graph(store: ox.Store, *graphs: str) -> Any:
    """Copy named graphs of the store into an rdflib graph, term by term (four times faster than
    serialising them and parsing the text again; terms repeat, so each is converted once)."""
    import rdflib

    converted: dict[Any, Any] = {}

    def term(t: Any) -> Any:
        found = converted.get(t)
        if found is None:
            if isinstance(t, ox.NamedNode):
                found = rdflib.URIRef(t.value)
            elif isinstance(t, ox.BlankNode):
                found = rdflib.BNode(t.value)
            elif t.language:
                found = rdflib.Literal(t.value, lang=t.language)
            else:
                found = rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))
            converted[t] = found
        return found

    graph = rdflib.Graph()
    add = graph.add
    for name in graphs:
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return graph


_WHOLE_GRAPH_SHAPES = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?shape ?target ?constraint ?select ?message WHERE {
  GRAPH ?shapes {
    ?shape a sh:NodeShape ; sh:targetNode ?target ; sh:sparql ?constraint .
    ?constraint sh:select ?select .
    OPTIONAL { ?constraint sh:message ?message }
    FILTER NOT EXISTS { ?shape sh:targetClass|sh:property|sh:targetSubjectsOf|sh:targetObjectsOf ?other }
  }
}"""

_PREFIXES = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?constraint ?prefix ?namespace WHERE {
  GRAPH ?shapes { ?constraint sh:prefixes/sh:declare ?d . ?d sh:prefix ?prefix ; sh:namespace ?namespace }
}"""


def whole_graph_shapes(store: ox.Store) -> set[str]:
    """The shapes armskg runs on pyoxigraph: one or more sh:targetNode, only SPARQL constraints."""
    shapes = ox.NamedNode(SHAPES_GRAPH)
    return {row["shape"].value for row in select(store, _WHOLE_GRAPH_SHAPES, {ox.Variable("shapes"): shapes})}


def sparql_shape_violations(store: ox.Store) -> list[Violation]:
    """Evaluate the whole-graph shapes (SHACL-SPARQL constraints on sh:targetNode) on pyoxigraph.

    As SHACL prescribes, ``$this`` is pre-bound to each target node (here by a VALUES block in every
    WHERE group), and each row is a violation whose message fills ``{?var}`` from the row; the data graph
    is the asserted and derived facts, as for pySHACL. tests/test_shapes.py checks that pySHACL gives the
    same violations on every fixture.
    """
    shapes = {ox.Variable("shapes"): ox.NamedNode(SHAPES_GRAPH)}
    prefixes: dict[str, list[str]] = {}
    for row in select(store, _PREFIXES, shapes):
        prefixes.setdefault(str(row["constraint"]), []).append(f"PREFIX {row['prefix'].value}: <{row['namespace'].value}>\n")
    data: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.NamedNode(ASSERTED_GRAPH), ox.NamedNode(DERIVED_GRAPH)]
    found = []
    for row in select(store, _WHOLE_GRAPH_SHAPES, shapes):
        text = "".join(sorted(prefixes.get(str(row["constraint"]), []))) + row["select"].value
        query = with_values(text, {ox.Variable("this"): row["target"]})
        solutions = store.query(query, default_graph=data)
        if not isinstance(solutions, ox.QuerySolutions):
            raise ArmskgError(f"shape {row['shape'].value}: sh:select must be a SELECT query")
        template = row["message"].value if row["message"] is not None else "constraint failed"
        for solution in solutions:
            found.append(Violation(focus=row["target"].value, message=_fill(template, solution), source="shacl"))
    return found


def _fill(template: str, solution: ox.QuerySolution) -> str:
    """Fill ``{?var}`` in a message from a result row, as pySHACL does (an IRI or a literal's lexical form)."""

    def shown(match: re.Match[str]) -> str:
        term = solution[match.group(1)]
        return "" if term is None else str(term.value)

    return compiled(r"\{[?$](\w+)\}").sub(shown, template)


def _results(results: Any) -> list[Violation]:
    import rdflib

    sh = rdflib.Namespace(_SH)
    found = []
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        path = results.value(result, sh.resultPath)
        found.append(
            Violation(
                focus=str(results.value(result, sh.focusNode)),
                message=str(results.value(result, sh.resultMessage) or "constraint failed"),
                path=str(path) if isinstance(path, rdflib.URIRef) else "",
                source="shacl",
            )
        )
    return found


def _shape_groups(data: Any, shapes: Any, count: int) -> list[Any]:
    """Split the node shapes into ``count`` shapes graphs of about equal work (the nodes each targets)."""
    import rdflib

    sh = rdflib.Namespace(_SH)
    node_shapes = sorted(set(shapes.subjects(rdflib.RDF.type, sh.NodeShape)))
    work = {}
    for shape in node_shapes:
        targets = [len(set(data.subjects(rdflib.RDF.type, cls))) for cls in shapes.objects(shape, sh.targetClass)]
        work[shape] = sum(targets) + len(list(shapes.objects(shape, sh.targetNode))) + 1
    loads = [0] * count
    members: list[set[Any]] = [set() for _ in range(count)]
    for shape in sorted(node_shapes, key=lambda s: (-work[s], str(s))):
        group = loads.index(min(loads))
        members[group].add(shape)
        loads[group] += work[shape]
    graphs = []
    for keep in members:
        graph = rdflib.Graph()
        for triple in shapes:
            if triple[0] not in node_shapes or triple[0] in keep:
                graph.add(triple)
        graphs.append(graph)
    return graphs


def _validate_group(data: Any, shapes: Any) -> list[Violation]:
    import pyshacl

    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=False)
    return _results(results)


def shacl_violations(store: ox.Store) -> list[Violation]:
    """Run pySHACL over the asserted and derived graphs (not the status timeline) with the shapes graph,
    leaving out the whole-graph shapes that :func:`sparql_shape_violations` runs on pyoxigraph.

    pySHACL runs on one core at about 0.1 ms per node and constraint; on Linux the node shapes are split
    in two groups of about equal work, and a forked process validates one group while this one validates
    the other (docs/benchmarks.md). Each group sees all the data, so the violations are the same.
    """
    import pyshacl  # noqa: F401  (imported before forking, so the child does not import it again)

    data = _rdflib_graph(store, ASSERTED_GRAPH, DERIVED_GRAPH)
    shapes = _rdflib_graph(store, SHAPES_GRAPH)
    import rdflib

    for shape in whole_graph_shapes(store):  # run on pyoxigraph by sparql_shape_violations
        shapes.remove((rdflib.URIRef(shape), None, None))
    if not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2:
        return _validate_group(data, shapes)
    import multiprocessing

    fork = multiprocessing.get_context("fork")
    mine, theirs = _shape_groups(data, shapes, 2)
    reader, writer = fork.Pipe(duplex=False)
    child = fork.Process(target=_child, args=(data, theirs, writer), daemon=True)
    child.start()
    writer.close()
    found = _validate_group(data, mine)
    outcome = reader.recv()
    child.join()
    if isinstance(outcome, str):
        raise ArmskgError(f"SHACL validation failed in a worker process: {outcome}")
    return found + list(outcome)


def _child(data: Any, shapes: Any, writer: Any) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to report (quietly); it ends this daemon
    outcome: list[Violation] | str
    try:
        outcome = _validate_group(data, shapes)
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        outcome = f"{type(exc).__name__}: {exc}"
    writer.send(outcome)
    writer.close()


def check_violations(store: ox.Store, root: Path) -> list[Violation]:
    """Run every queries/checks/*-violation.rq; each row is a violation (columns focus, message)."""
    found = []
    for path in check_files(root):
        for row in select(store, path.read_text(encoding="utf-8")):
            focus = row["focus"]
            found.append(Violation(focus=focus.value, message=row["message"].value, source=path.stem))
    return found


def validate(store: ox.Store, root: Path) -> ValidationReport:
    """Validate a derived dataset with the shapes and the checks."""
    found = shacl_violations(store) + sparql_shape_violations(store) + check_violations(store, root)
    return ValidationReport(sorted(set(found)))
