"""JSON-LD with an embedded context (no remote context is ever fetched), deterministic: subjects,
properties and values sorted, blank nodes labelled from what surrounds them."""

from __future__ import annotations

import json

import pyoxigraph as ox

from armskg.export.graph import ViewGraph
from armskg.export.rdfview import EXTRA_PREFIXES, canonical_quads, compact
from armskg.vocab import XSD

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
Node = dict[str, object]


def _ref(term: ox.NamedNode | ox.BlankNode) -> str:
    return "_:" + term.value if isinstance(term, ox.BlankNode) else compact(term.value)


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> object:
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == XSD + "string":
            return term.value
        return {"@value": term.value, "@type": compact(term.datatype.value)}
    return {"@id": _ref(term)}


def _sort_key(value: object) -> str:
    if isinstance(value, dict):
        return "\x01" + "\x00".join(f"{k}\x00{v}" for k, v in sorted(value.items()))
    return str(value)


def _objects(quads: list[ox.Quad]) -> list[Node]:
    """The node objects of quads whose blank nodes are labelled (canonical_quads): subjects, properties
    and values sorted. Each distinct object is converted once (a date or a state recurs thousands of times)."""
    subjects: dict[str, dict[str, list[object]]] = {}
    converted: dict[object, object] = {}
    for subject, predicate, obj, _ in quads:
        props = subjects.setdefault(_ref(subject), {})
        if predicate.value == _RDF_TYPE and not isinstance(obj, ox.Literal):
            props.setdefault("@type", []).append(_ref(obj))
            continue
        value = converted.get(obj)
        if value is None:
            value = converted[obj] = _value(obj)
        props.setdefault(compact(predicate.value), []).append(value)
    out: list[Node] = []
    for subject in sorted(subjects):
        node: Node = {"@id": subject}
        for key, values in sorted(subjects[subject].items()):
            node[key] = sorted(values, key=_sort_key) if len(values) > 1 else values  # distinct: the quads are
        out.append(node)
    return out


def _document(graphs: list[Node] | None, nodes: list[Node] | None) -> str:
    context = {prefix: iri for prefix, iri in sorted(EXTRA_PREFIXES.items())}
    body = graphs if graphs is not None else nodes
    # check_circular off: the nodes are fresh dicts and lists of strings, never a cycle (0.07 s of 0.3 s)
    text = ",\n".join(" " + json.dumps(item, ensure_ascii=False, check_circular=False) for item in body or [])
    return '{"@context": ' + json.dumps(context, ensure_ascii=False) + ',\n"@graph": [\n' + text + "\n]}\n"


def dataset_jsonld(store: ox.Store) -> str:
    """Every named graph of the dataset, each as a named graph object."""
    return quads_jsonld(canonical_quads(store))


def quads_jsonld(quads: list[ox.Quad]) -> str:
    """:func:`dataset_jsonld` of quads whose blank nodes are labelled already (canonical_quads), as a
    release holds them."""
    by_graph: dict[str, list[ox.Quad]] = {}
    for q in quads:
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        by_graph.setdefault(name, []).append(q)
    graphs: list[Node] = []
    for name in sorted(by_graph):
        objects = _objects(by_graph[name])
        graphs.extend(objects) if not name else graphs.append({"@id": compact(name), "@graph": objects})
    return _document(graphs, None)


def _compact_value(value: dict[str, str]) -> object:
    """A value of pyoxigraph's expanded JSON-LD in the form ``_value`` writes."""
    if "@id" in value:
        return {"@id": compact(value["@id"])}
    if "@language" in value:
        return {"@value": value["@value"], "@language": value["@language"]}
    if "@type" in value and value["@type"] != XSD + "string":
        return {"@value": value["@value"], "@type": compact(value["@type"])}
    return value["@value"]


def view_jsonld(store: ox.Store, graph: ViewGraph) -> str:
    """The RDF behind a view: every triple about its nodes and about the resources its edges stand for
    (status intervals, land borders, memberships), merged from all named graphs.

    pyoxigraph writes the wanted subjects' quads (found by the store's subject index) as expanded JSON-LD,
    in Rust, and Python compacts them: going through the quads as Python objects cost a second, and writing
    the whole dataset (160,000 quads) to keep a region's few thousand cost a second too.
    """
    subjects = set(graph.nodes)
    for _, _, _, attrs in graph.edge_items():
        subjects.update(str(attrs.get("basis", "")).split())
    wanted = (q for s in sorted(subjects) for q in store.quads_for_pattern(ox.NamedNode(s), None, None, None))
    expanded = json.loads(ox.serialize(wanted, format=ox.RdfFormat.JSON_LD) or b"[]")
    merged: dict[str, dict[str, dict[object, object]]] = {}
    for item in expanded:
        for node in item.get("@graph", [item]):
            if node.get("@id") not in subjects:
                continue
            props = merged.setdefault(compact(node["@id"]), {})
            for predicate, values in node.items():
                if predicate == "@id":
                    continue
                if any(str(v.get("@id", "")).startswith("_:") for v in values):
                    return _view_jsonld_from_quads(store, subjects)  # blank nodes need stable labels
                key = "@type" if predicate == _RDF_TYPE else compact(predicate)
                found = props.setdefault(key, {})
                for value in values:
                    out = compact(value["@id"]) if key == "@type" else _compact_value(value)
                    found[tuple(sorted(out.items())) if isinstance(out, dict) else out] = out
    out_nodes: list[Node] = []
    for subject in sorted(merged):
        described: Node = {"@id": subject}
        for key, values in sorted(merged[subject].items()):
            described[key] = sorted(values.values(), key=_sort_key)
        out_nodes.append(described)
    return _document(None, out_nodes)


def _view_jsonld_from_quads(store: ox.Store, subjects: set[str]) -> str:
    seen: set[tuple[object, object, object]] = set()
    quads: list[ox.Quad] = []
    wanted = {ox.NamedNode(s) for s in subjects}
    for q in store.quads_for_pattern(None, None, None, None):
        if q.subject in wanted:
            triple = (q.subject, q.predicate, q.object)
            if triple not in seen:
                seen.add(triple)
                quads.append(q)
    return _document(None, _objects(canonical_quads(quads)))
