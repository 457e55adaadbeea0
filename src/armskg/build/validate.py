"""Validate the dataset, one way: a mechanism for each kind of rule, and a report that names the node at fault.

- **Per-node shapes**, ontology/shapes.ttl, in SHACL core: a rule about one node and the values of its own
  properties (a state has one ISO code, a source one kind, a treaty's rule one article). pySHACL checks
  them, handed only the nodes the shapes target, their statements and the types of their values
  (:func:`shacl_data`), so that its cost follows the number of targeted nodes, not the size of the graph.
- **Whole-graph checks**, queries/checks/*-violation.rq, in SPARQL on pyoxigraph: a rule that compares
  nodes with one another (two deposits by the same state, a border and its mirror, an act and its treaty's
  dates) or that covers the commonest node, the treaty actions (pySHACL costs more a node and constraint
  than a check's join does; docs/benchmarks.md has the measurements). Each is a SELECT whose every row is a violation, with the
  columns ``?focus`` (the node at fault), ``?message`` (what is wrong with it) and, where one property is
  at fault, ``?path``. A check joins on keys (an act's participant and treaty), never on every pair.

Both read the data graph: the asserted facts and what derivation added, not the ontology, the shapes or
the status timeline. Every violation names its node, what is wrong, the rule that found it (a shape of
shapes.ttl or a check) and the graph/ file(s) asserting the node: those are found only when something
fails, by parsing the files again and keeping the statements about the nodes at fault, so a graph that
conforms costs nothing more.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from typing import Any

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.resources import check_files, graph_files
from armskg.vocab import ASSERTED_GRAPH, DERIVED_GRAPH, PREFIXES, SHAPES_GRAPH

_SH = "http://www.w3.org/ns/shacl#"
_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_SUBCLASS = ox.NamedNode(PREFIXES["rdfs"] + "subClassOf")
#: Where armskg's shapes live, and the name a check has as a rule (the IRI shapes.ttl cites it by).
SHAPES = "https://w3id.org/armskg/shapes#"
CHECKS = "https://w3id.org/armskg/queries/checks/"
#: The graphs validated: what graph/ asserts and what derivation adds to it.
DATA_GRAPHS = (ox.NamedNode(ASSERTED_GRAPH), ox.NamedNode(DERIVED_GRAPH))


@dataclass(frozen=True, order=True)
class Violation:
    """One failed rule: the node at fault, what is wrong, the property at fault (if one is), the rule (the
    IRI of a shape or a check) and the graph/ files that assert the node (empty if none does)."""

    focus: str
    message: str
    path: str = ""
    rule: str = ""
    files: tuple[str, ...] = ()

    @property
    def rule_name(self) -> str:
        """The rule's short name: ``StateShape`` or ``unsourced-border-violation`` (``shapes.ttl`` for a
        shape with no name)."""
        return self.rule.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or "shapes.ttl"


@dataclass
class ValidationReport:
    """The outcome of a validation: it conforms when there are no violations."""

    violations: list[Violation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True when nothing failed."""
        return not self.violations

    def to_text(self) -> str:
        """One line per violation (node, property, what is wrong, rule, files), then a summary line."""
        lines = [f"{v.focus}{' ' + v.path if v.path else ''}: {v.message} [{v.rule_name}] in "
                 f"{', '.join(v.files) or 'no graph/ file (derived)'}" for v in self.violations]
        lines.append("conforms" if self.conforms else f"{len(self.violations)} violation(s)")
        return "\n".join(lines)

    def to_json(self) -> str:
        """The report as a JSON object: ``conforms`` and the ``violations``, each with every field."""
        return json.dumps({"conforms": self.conforms, "violations": [asdict(v) for v in self.violations]}, indent=2)

    def to_turtle(self) -> str:
        """The report as a SHACL validation report in Turtle (written by pyoxigraph; the same report, the
        same text)."""
        sh = {name: ox.NamedNode(_SH + name) for name in (
            "ValidationReport", "ValidationResult", "conforms", "result", "focusNode", "resultPath",
            "resultMessage", "resultSeverity", "Violation", "sourceShape", "sourceConstraint")}
        report = ox.BlankNode("report")
        triples = [ox.Triple(report, _RDF_TYPE, sh["ValidationReport"]),
                   ox.Triple(report, sh["conforms"], ox.Literal(self.conforms))]
        for number, v in enumerate(self.violations, 1):
            result = ox.BlankNode(f"result{number}")
            triples += [ox.Triple(report, sh["result"], result), ox.Triple(result, _RDF_TYPE, sh["ValidationResult"]),
                        ox.Triple(result, sh["focusNode"], _node(v.focus)),
                        ox.Triple(result, sh["resultMessage"], ox.Literal(v.message)),
                        ox.Triple(result, sh["resultSeverity"], sh["Violation"])]
            if v.path:
                triples.append(ox.Triple(result, sh["resultPath"], ox.NamedNode(v.path)))
            if v.rule:
                source = "sourceShape" if v.rule.startswith(SHAPES) else "sourceConstraint"
                triples.append(ox.Triple(result, sh[source], ox.NamedNode(v.rule)))
            triples += [ox.Triple(result, ox.NamedNode(SHAPES + "assertedIn"), ox.Literal(f)) for f in v.files]
        prefixes = {"sh": _SH, "shapes": SHAPES, "checks": CHECKS, **{p: PREFIXES[p] for p in ("ak", "dcterms", "org", "rdfs", "xsd")}}
        return (ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b"").decode()


def _node(text: str) -> ox.NamedNode | ox.BlankNode:
    """A focus node back from its text (a blank node is written ``_:id``)."""
    return ox.BlankNode(text[2:]) if text.startswith("_:") else ox.NamedNode(text)


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


# ---- Per-node shapes: pySHACL ------------------------------------------------------------------------

#: What reaches beyond the properties the shapes name on a focus node, and the types of their values: with
#: any of these in the shapes, pySHACL is given the whole data graph instead (correct, and slower).
_BEYOND_THE_NODE = ("node", "qualifiedValueShape", "sparql", "targetSubjectsOf", "targetObjectsOf", "target", "closed")
#: The work (:func:`_shape_work`) from which a second process pays: pySHACL takes about 20 µs a unit (each
#: property shape validated once, :func:`_targeted`), two processes 50-120 ms of CPU more than one (load
#: 5-6). The real graph is about 12,000 units (0.23 s of pySHACL) and the 8-times graph of
#: tests/benchmarks/scale.py 15,000: split, they saved at most 0.1 s of wall time for that CPU, which a test
#: run's first build pays while its workers start (the one-minute load average does not show them yet).
#: From about half a second of work a second process saves a quarter of a second or more.
_FORK_WORK = 25_000
#: Constraints that compare a property's values with another property's.
_PAIRS = ("equals", "disjoint", "lessThan", "lessThanOrEquals")


def _objects(store: ox.Store, predicate: str) -> list[Any]:
    return [q.object for q in store.quads_for_pattern(None, ox.NamedNode(_SH + predicate), None, ox.NamedNode(SHAPES_GRAPH))]


def _per_node(store: ox.Store) -> bool:
    """Whether every shape looks only at its focus node's own properties and the types of their values:
    no constraint of :data:`_BEYOND_THE_NODE`, no path of several steps, no implicit class target, and no
    shape applied to a value node (under a property shape: sh:property, or sh:or, sh:and, sh:xone or
    sh:not) that reads the value's own properties."""
    if any(_objects(store, name) for name in _BEYOND_THE_NODE):
        return False
    if any(not isinstance(path, ox.NamedNode) for path in _objects(store, "path")):
        return False
    shapes = ox.NamedNode(SHAPES_GRAPH)

    def has(node: Any, predicate: str) -> bool:
        return next(store.quads_for_pattern(node, ox.NamedNode(_SH + predicate), None, shapes), None) is not None

    implicit = any(next(store.quads_for_pattern(q.subject, _RDF_TYPE, ox.NamedNode(PREFIXES[p] + "Class"), shapes), None)
                   for q in store.quads_for_pattern(None, _RDF_TYPE, None, shapes) for p in ("rdfs", "owl")
                   if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(_SH))
    on_values = {m for s in {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(_SH + "path"), None, shapes)}
                 for m in _members(store, s)}
    seen: set[Any] = set()
    while on_values - seen:  # what a shape applied to a value node applies in turn is applied to it too
        seen |= on_values
        on_values |= {m for s in on_values for m in _members(store, s)}
    return not implicit and not any(has(s, "path") or has(s, "property") for s in seen)


def _members(store: ox.Store, shape: Any) -> list[Any]:
    """The shapes a shape applies to the same node as itself: its sh:property, sh:not, and the members of
    its sh:or, sh:and and sh:xone lists."""
    shapes = ox.NamedNode(SHAPES_GRAPH)
    first, rest = ox.NamedNode(PREFIXES["rdf"] + "first"), ox.NamedNode(PREFIXES["rdf"] + "rest")
    found = [q.object for name in ("property", "not") for q in store.quads_for_pattern(shape, ox.NamedNode(_SH + name), None, shapes)]
    for name in ("or", "and", "xone"):
        for q in store.quads_for_pattern(shape, ox.NamedNode(_SH + name), None, shapes):
            cell: Any = q.object
            steps = 0
            while isinstance(cell, ox.BlankNode) and steps < 10_000:  # an RDF list, bounded
                found += [f.object for f in store.quads_for_pattern(cell, first, None, shapes)]
                cell = next((r.object for r in store.quads_for_pattern(cell, rest, None, shapes)), None)
                steps += 1
    return found


def _focus_nodes(store: ox.Store) -> set[Any]:
    """The nodes the shapes target: instances of each target class (or of its subclasses in the data) and
    each target node."""
    classes = set(_objects(store, "targetClass"))
    frontier = set(classes)
    while frontier:
        frontier = {q.subject for c in frontier for g in DATA_GRAPHS for q in store.quads_for_pattern(None, _SUBCLASS, c, g)} - classes
        classes |= frontier
    focus = {q.subject for c in classes for g in DATA_GRAPHS for q in store.quads_for_pattern(None, _RDF_TYPE, c, g)}
    return focus | {n for n in _objects(store, "targetNode") if not isinstance(n, ox.Literal)}


def shacl_data(store: ox.Store) -> Iterable[ox.Quad]:
    """The statements pySHACL needs: each targeted node's types and the properties the shapes name, the
    types of their values, and the data's subclass statements; or the whole data graph when a shape looks
    further (:data:`_BEYOND_THE_NODE`)."""
    if not _per_node(store):
        return (q for g in DATA_GRAPHS for q in store.quads_for_pattern(None, None, None, g))
    named = {_RDF_TYPE, *_objects(store, "path"), *(p for pair in _PAIRS for p in _objects(store, pair))}
    quads = [q for node in _focus_nodes(store) for g in DATA_GRAPHS for q in store.quads_for_pattern(node, None, None, g)
             if q.predicate in named]
    values = {q.object for q in quads if not isinstance(q.object, ox.Literal)}
    quads += [q for v in values for g in DATA_GRAPHS for q in store.quads_for_pattern(v, _RDF_TYPE, None, g)]
    quads += [q for g in DATA_GRAPHS for q in store.quads_for_pattern(None, _SUBCLASS, None, g)]
    return quads


def rdflib_graph(quads: Iterable[ox.Quad]) -> Any:
    """Copy quads into one rdflib graph, term by term (four times faster than serialising them and parsing
    the text again; terms repeat, so each is converted once)."""
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
    for quad in quads:
        add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return graph


def _results(results: Any, shapes: Any) -> list[Violation]:
    """The violations in pySHACL's report graph; each names the node shape its constraint belongs to."""
    import rdflib

    sh = rdflib.Namespace(_SH)
    found = []
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        path, shape = results.value(result, sh.resultPath), results.value(result, sh.sourceShape)
        shape = shapes.value(predicate=sh.property, object=shape) or shape  # a property shape's node shape
        focus = results.value(result, sh.focusNode)
        found.append(Violation(
            focus=f"_:{focus}" if isinstance(focus, rdflib.BNode) else str(focus),
            message=str(results.value(result, sh.resultMessage) or "constraint failed"),
            path=str(path) if isinstance(path, rdflib.URIRef) else "",
            rule=str(shape) if isinstance(shape, rdflib.URIRef) else SHAPES))
    return found


def _shape_work(data: Any, shapes: Any) -> dict[Any, int]:
    """Each node shape's share of pySHACL's work: the nodes it targets times the shapes it applies to each
    (its property shapes and the members of its sh:or, sh:and and sh:xone), which pySHACL evaluates one
    focus node at a time. (Counting the nodes alone put ak:Source's shape, 417 nodes with nine shapes each
    and half of all the work, with others, and one process waited for the other.)"""
    import rdflib

    sh = rdflib.Namespace(_SH)
    work = {}
    for shape in set(shapes.subjects(rdflib.RDF.type, sh.NodeShape)):
        targets = [len(set(data.subjects(rdflib.RDF.type, cls))) for cls in shapes.objects(shape, sh.targetClass)]
        applied = len(list(shapes.objects(shape, sh.property))) + sum(
            len(list(shapes.items(members))) for name in ("or", "and", "xone") for members in shapes.objects(shape, sh[name]))
        work[shape] = (sum(targets) + len(list(shapes.objects(shape, sh.targetNode))) + 1) * (1 + applied)
    return work


def _shape_groups(shapes: Any, work: dict[Any, int], count: int) -> list[Any]:
    """Split the node shapes into ``count`` shapes graphs of about equal work (:func:`_shape_work`)."""
    import rdflib

    node_shapes = set(work)
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


#: The targets a node shape may declare (SHACL core), copied to its property shapes by :func:`_targeted`.
_TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")


def _targeted(shapes: Any) -> Any:
    """The shapes graph as pySHACL is given it: each property shape of a node shape (sh:property) carries
    that node shape's targets itself, in place of the sh:property link, so that pySHACL validates it once
    over all its focus nodes. Linked, pySHACL validates the property shape once per focus node, remaking
    its constraints each time (9,600 validations of the real graph, about two thirds of its time).

    The results are the same: a focus node's property shapes apply to that node (SHACL 2.1.3 and 4.8.1),
    and each result names its property shape (:func:`_results` finds the node shape in the shapes as
    written). A property shape stays linked when moving it could change what is validated: its node shape is
    deactivated, is a class (implicit targets) or has SPARQL targets, or the property shape has targets of
    its own or is referred to by anything else (another node shape, sh:node, sh:or, a list)."""
    import rdflib

    sh = rdflib.Namespace(_SH)
    targets = [sh[name] for name in _TARGETS]
    moved = rdflib.Graph()
    moved += shapes
    classes = {rdflib.RDFS.Class, rdflib.OWL.Class}
    for node_shape in set(shapes.subjects(sh.property, None)):
        own = [(p, o) for p, o in shapes.predicate_objects(node_shape) if p in targets]
        if (not own or (node_shape, sh.deactivated, None) in shapes or (node_shape, sh.target, None) in shapes
                or any(t in classes for t in shapes.objects(node_shape, rdflib.RDF.type))):
            continue
        for prop in set(shapes.objects(node_shape, sh.property)):
            referred = set(shapes.subject_predicates(prop))
            if referred != {(node_shape, sh.property)} or any((prop, t, None) in shapes for t in targets):
                continue
            moved.remove((node_shape, sh.property, prop))
            for p, o in own:
                moved.add((prop, p, o))
    return moved


def _validate_group(data: Any, shapes: Any) -> list[Violation]:
    import pyshacl

    _, results, _ = pyshacl.validate(data, shacl_graph=_targeted(shapes), inference="none", allow_warnings=False)
    return _results(results, shapes)


def shacl_violations(store: ox.Store) -> list[Violation]:
    """Run pySHACL with ontology/shapes.ttl over what the shapes need of the data graph (:func:`shacl_data`).

    pySHACL runs on one core at about 20 µs per node and constraint; on Linux, when there is enough work
    (:data:`_FORK_WORK`) and a core to spare (:func:`_spare_core`), the node shapes are split in two groups of
    about equal work, and a forked process validates one group while this one validates the other. Each group
    sees all the data, so the violations are the same.
    """
    import pyshacl  # noqa: F401  (imported before forking, so the child does not import it again)

    data = rdflib_graph(shacl_data(store))
    shapes = rdflib_graph(store.quads_for_pattern(None, None, None, ox.NamedNode(SHAPES_GRAPH)))
    work = _shape_work(data, shapes)
    if sum(work.values()) < _FORK_WORK or not _spare_core():
        return _validate_group(data, shapes)
    import multiprocessing

    fork = multiprocessing.get_context("fork")
    mine, theirs = _shape_groups(shapes, work, 2)
    reader, writer = fork.Pipe(duplex=False)
    child = fork.Process(target=_child, args=(data, theirs, writer, os.getpid()), daemon=True)
    child.start()
    writer.close()
    found = _validate_group(data, mine)
    outcome = reader.recv()
    child.join()
    if isinstance(outcome, str):
        raise ArmskgError(f"SHACL validation failed in a worker process: {outcome}")
    return found + list(outcome)


def _spare_core() -> bool:
    """Whether a second process would find a core to itself: on Linux, this process may run on two cores or
    more and, over the last minute, no more processes were running than those cores less one (this one).
    On a busy machine (the test suite's workers on every core) the second process only waits its turn: on
    2 busy cores it cost 0.12 s of CPU more than one process, and no time was saved."""
    if not sys.platform.startswith("linux"):
        return False
    cores = len(os.sched_getaffinity(0))
    return cores >= 2 and os.getloadavg()[0] <= cores - 1


def _child(data: Any, shapes: Any, writer: Any, parent: int) -> None:
    import signal

    from armskg.sandbox import die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to report (quietly); it ends this daemon
    die_with_parent(parent)  # and if the parent is killed outright, this ends with it
    outcome: list[Violation] | str
    try:
        outcome = _validate_group(data, shapes)
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        outcome = f"{type(exc).__name__}: {exc}"
    writer.send(outcome)
    writer.close()


# ---- Whole-graph checks: SPARQL on pyoxigraph ---------------------------------------------------------

def check_violations(store: ox.Store, root: Path) -> list[Violation]:
    """Run every queries/checks/*-violation.rq over the data graph; each row is a violation."""
    return [v for path in check_files(root) for v in _check(store, path)]


def _check(store: ox.Store, path: Path) -> list[Violation]:
    """One check's rows as violations, or a one-line error if it is not a SELECT of ?focus and ?message."""
    shown = f"queries/checks/{path.name}"
    try:
        solutions = store.query(path.read_text(encoding="utf-8"), default_graph=list(DATA_GRAPHS))
    except SyntaxError as exc:
        raise ArmskgError(f"{shown}: SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    if not isinstance(solutions, ox.QuerySolutions) or not {"focus", "message"} <= {v.value for v in solutions.variables}:
        raise ArmskgError(f"{shown}: a check is a SELECT of ?focus and ?message (and ?path)")
    has_path = ox.Variable("path") in solutions.variables
    found = []
    for row in solutions:
        focus, message, at = row["focus"], row["message"], row["path"] if has_path else None
        if focus is None or message is None or isinstance(focus, ox.Literal):
            raise ArmskgError(f"{shown}: every row needs a node in ?focus and a ?message")
        found.append(Violation(focus=_text(focus), message=message.value, path=at.value if at is not None else "",
                               rule=CHECKS + path.stem))
    return found


# ---- Where a faulty node is asserted -------------------------------------------------------------------

def asserted_in(violations: Sequence[Violation], files: Sequence[Path], root: Path) -> list[Violation]:
    """Each violation with the files that assert its node (those stating its property at fault, if any do).

    Each file is parsed again and only the statements about the nodes at fault are kept; a blank node,
    named afresh by every parse, is found in no file.
    """
    wanted = {ox.NamedNode(v.focus) for v in violations if not v.focus.startswith("_:")}
    if not wanted:
        return list(violations)
    stated: dict[tuple[str, str], set[str]] = {}
    for file in files:
        shown = str(file.relative_to(root)) if file.is_relative_to(root) else str(file)
        for quad in ox.parse(path=str(file), format=ox.RdfFormat.TURTLE):
            if quad.subject in wanted:
                stated.setdefault((quad.subject.value, quad.predicate.value), set()).add(shown)
                stated.setdefault((quad.subject.value, ""), set()).add(shown)
    return [replace(v, files=tuple(sorted(stated.get((v.focus, v.path)) or stated.get((v.focus, ""), set()))))
            for v in violations]


def validate(store: ox.Store, root: Path, files: Sequence[Path] | None = None) -> ValidationReport:
    """Validate a derived dataset with the shapes and the checks.

    Args:
        store: the dataset, loaded and derived.
        root: the data root (its queries/checks, and where file names are shown from).
        files: the files loaded into the asserted graph (default: every graph/ file under ``root``).
    """
    found = sorted(set(shacl_violations(store) + check_violations(store, root)))
    return ValidationReport(asserted_in(found, graph_files(root) if files is None else files, root))
