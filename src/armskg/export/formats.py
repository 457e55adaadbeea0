"""One writer per viewer format, each turning a view (a networkx multigraph) into deterministic bytes.

The writers are ours rather than networkx's: GraphML and DOT need ids their schemas accept (an IRI is
not an XML NMTOKEN, and ':' is a port separator in DOT), GEXF needs spells for Gephi's timeline, and all
of them need one type per attribute name and no None values.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from xml.sax.saxutils import escape, quoteattr

from armskg.export.graph import ViewGraph
from armskg.export.rdfview import compact, token
from armskg.vocab import MEMBERSHIP_STATUSES, TREATY_STATUSES

Value = str | int | bool

#: Node colours by kind (yEd fills, DOT fills); edges by kind.
COLOURS = {"state": "#9ecae1", "treaty": "#fdae6b", "protocol": "#fdd0a2", "organisation": "#a1d99b",
           "iri": "#dddddd", "blank": "#f0f0f0"}
EDGE_COLOURS = {**{s.edge: s.colour for s in reversed((*TREATY_STATUSES, *MEMBERSHIP_STATUSES)) if s.edge},
                "borders": "#969696"}
#: State fills by status towards a treaty (the borders view with one treaty): the one status table's colours.
STATUS_COLOURS = {s.code: s.colour for s in TREATY_STATUSES}
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def normalise(graph: ViewGraph) -> ViewGraph:
    """Give every attribute name one type across nodes (and across edges): where values of a name
    differ in type, all of them become strings (booleans as ``true``/``false``)."""
    for items in ((a for _, a in graph.nodes(data=True)), (a for _, _, _, a in graph.edge_items())):
        rows = list(items)
        types: dict[str, set[type]] = {}
        for attrs in rows:
            for key, value in attrs.items():
                types.setdefault(key, set()).add(type(value))
        mixed = {key for key, seen in types.items() if len(seen) > 1}
        for attrs in rows:
            for key in mixed & attrs.keys():
                attrs[key] = _text(attrs[key])
    return graph


def fill(attrs: dict[str, Value]) -> str:
    """A node's fill: its status colour when it carries one treaty's status, else its kind's colour."""
    statuses = [v for k, v in attrs.items() if k.startswith("status_")]
    if len(statuses) == 1 and statuses[0] in STATUS_COLOURS:
        return STATUS_COLOURS[str(statuses[0])]
    return COLOURS.get(str(attrs.get("kind")), "#dddddd")


def _text(value: Value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _clean(text: str) -> str:
    return _XML_BAD.sub("\ufffd", text)


def _schema(rows: list[dict[str, Value]]) -> list[tuple[str, str]]:
    """(name, type) of every attribute, sorted by name; type is boolean, long or string."""
    found: dict[str, str] = {}
    for attrs in rows:
        for key, value in attrs.items():
            found.setdefault(key, "boolean" if isinstance(value, bool) else "long" if isinstance(value, int) else "string")
    return sorted(found.items())


def _unique(bases: dict[str, str], sep: str) -> dict[str, str]:
    """Each node's base name, made unique in node order by a counter after ``sep`` (``x``, ``x.2``, ...)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for node, base in bases.items():
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}{sep}{n}"
        taken.add(candidate)
        names[node] = candidate
    return names


def export_ids(graph: ViewGraph) -> dict[str, str]:
    """A readable, unique id for each node that every format accepts: its CURIE, made a safe NMTOKEN."""
    return _unique({node: token(compact(node)) for node in graph.nodes}, ".")


def graphml(graph: ViewGraph) -> str:
    """GraphML with typed keys, unique edge ids, an ``iri`` attribute on every node, and yFiles labels
    so that yEd shows them (Gephi and Cytoscape read ``label`` and ``name``)."""
    ids = export_ids(graph)
    nodes = [dict(a, iri=n, name=a.get("label", n)) for n, a in graph.nodes(data=True)]
    edges = list(graph.edge_items())
    node_keys, edge_keys = _schema(nodes), _schema([a for *_, a in edges])
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
            ' xmlns:y="http://www.yworks.com/xml/graphml"'
            ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')]
    graph_keys = sorted((k, v) for k, v in graph.graph.items() if isinstance(v, str))
    for i, (name, _) in enumerate(graph_keys):
        out.append(f'  <key id="g{i}" for="graph" attr.name={quoteattr(name)} attr.type="string"/>')
    for prefix, scope, keys in (("n", "node", node_keys), ("e", "edge", edge_keys)):
        for i, (name, kind) in enumerate(keys):
            out.append(f'  <key id="{prefix}{i}" for="{scope}" attr.name={quoteattr(name)} attr.type="{kind}"/>')
    out.append('  <key id="ng" for="node" yfiles.type="nodegraphics"/>')
    out.append('  <graph id="armskg" edgedefault="directed">')
    for i, (name, _) in enumerate(graph_keys):
        out.append(f'    <data key="g{i}">{escape(_clean(graph.graph[name]))}</data>')
    node_index = {name: f"n{i}" for i, (name, _) in enumerate(node_keys)}
    edge_index = {name: f"e{i}" for i, (name, _) in enumerate(edge_keys)}
    for node, attrs in zip(graph.nodes, nodes):
        out.append(f'    <node id="{ids[node]}">')
        out.extend(f'      <data key="{node_index[k]}">{escape(_clean(_text(v)))}</data>' for k, v in sorted(attrs.items()))
        out.append(f'      <data key="ng"><y:ShapeNode><y:Fill color="{fill(attrs)}"/><y:NodeLabel>'
                   f'{escape(_clean(str(attrs["name"])))}</y:NodeLabel></y:ShapeNode></data>')
        out.append('    </node>')
    for u, v, key, attrs in edges:
        out.append(f'    <edge id="{token(key)}" source="{ids[u]}" target="{ids[v]}">')
        out.extend(f'      <data key="{edge_index[k]}">{escape(_clean(_text(x)))}</data>' for k, x in sorted(attrs.items()))
        out.append('    </edge>')
    out += ['  </graph>', '</graphml>', '']
    return "\n".join(out)


def _last_day(end: str) -> str:
    """GEXF spells are closed intervals: the last day a fact holds is the day before its end."""
    return (dt.date.fromisoformat(end) - dt.timedelta(days=1)).isoformat()


def gexf(graph: ViewGraph) -> str:
    """GEXF 1.3, dynamic: each dated edge carries a spell from its start to the last day it holds
    (timeformat date, timerepresentation interval), so Gephi's timeline plays the graph's history."""
    ids = export_ids(graph)
    nodes = [dict(a, iri=n) for n, a in graph.nodes(data=True)]
    edges = list(graph.edge_items())
    timed = sorted({name for per_node in graph.timelines.values() for name in per_node})
    node_keys = [(k, t) for k, t in _schema(nodes) if k != "label"] + [(name, "string") for name in timed]
    edge_keys = [(k, t) for k, t in _schema([a for *_, a in edges]) if k not in ("label", "kind")]
    kinds = {"long": "long", "boolean": "boolean", "string": "string"}
    description = f"armskg {graph.graph.get('view', '')} view" + (f" as of {graph.graph['as_of']}" if graph.graph.get("as_of") else "")
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
           f'  <meta><creator>armskg</creator><description>{escape(description)}</description></meta>',
           '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date" timerepresentation="interval">']
    for scope, keys in (("node", node_keys), ("edge", edge_keys)):
        out.append(f'    <attributes class="{scope}">')
        out.extend(f'      <attribute id="{scope[0]}{i}" title={quoteattr(k)} type="{kinds[t]}"/>' for i, (k, t) in enumerate(keys))
        out.append('    </attributes>')
    node_index = {k: f"n{i}" for i, (k, _) in enumerate(node_keys)}
    edge_index = {k: f"e{i}" for i, (k, _) in enumerate(edge_keys)}
    out.append(f'    <nodes count="{len(nodes)}">')
    for node, attrs in zip(graph.nodes, nodes):
        out.append(f'      <node id="{ids[node]}" label={quoteattr(_clean(str(attrs.get("label", node))))}>')
        out.append('        <attvalues>')
        out.extend(f'          <attvalue for="{node_index[k]}" value={quoteattr(_clean(_text(v)))}/>'
                   for k, v in sorted(attrs.items()) if k in node_index)
        for name, spans in sorted(graph.timelines.get(node, {}).items()):  # dynamic values, for the timeline
            out.extend(f'          <attvalue for="{node_index[name]}" value={quoteattr(value)}'
                       + (f' start="{start}"' if start else "")  # no start: it held from the beginning
                       + (f' end="{_last_day(end)}"/>' if end else "/>") for value, start, end in spans)
        out.append('        </attvalues>')
        out.append('      </node>')
    out.append('    </nodes>')
    out.append(f'    <edges count="{len(edges)}">')
    for u, v, key, attrs in edges:
        kind = str(attrs.get("kind", ""))
        out.append(f'      <edge id={quoteattr(key)} source="{ids[u]}" target="{ids[v]}" kind={quoteattr(kind)}'
                   f' label={quoteattr(_clean(str(attrs.get("label", kind))))}>')
        out.append('        <attvalues>')
        out.extend(f'          <attvalue for="{edge_index[k]}" value={quoteattr(_clean(_text(x)))}/>'
                   for k, x in sorted(attrs.items()) if k in edge_index)
        out.append('        </attvalues>')
        start, end = attrs.get("start"), attrs.get("end")
        if isinstance(start, str) and start:
            last = f' end="{_last_day(end)}"' if isinstance(end, str) and end else ""
            out.append(f'        <spells><spell start="{start}"{last}/></spells>')
        out.append('      </edge>')
    out += ['    </edges>', '  </graph>', '</gexf>', '']
    return "\n".join(out)


def cytoscape(graph: ViewGraph) -> str:
    """Cytoscape.js JSON (``elements`` with string ids; ``data.source`` and ``data.target``), which
    Cytoscape desktop imports too (it reads ``name``); one element per line, so exports diff cleanly."""
    ids = export_ids(graph)
    lines = ['{"format_version": "1.0", "generated_by": "armskg", "target_cytoscapejs_version": "~3",',
             f' "data": {json.dumps(dict(sorted((k, v) for k, v in graph.graph.items() if isinstance(v, str))), ensure_ascii=False)},',
             ' "elements": {"nodes": [']
    nodes = [json.dumps({"data": {"id": ids[n], "name": a.get("label", n), "iri": n, **a}}, ensure_ascii=False)
             for n, a in graph.nodes(data=True)]
    lines.append(",\n".join("  " + n for n in nodes))
    lines.append(' ], "edges": [')
    edges = [json.dumps({"data": {"id": token(k), "source": ids[u], "target": ids[v], **a}}, ensure_ascii=False)
             for u, v, k, a in graph.edge_items()]
    lines.append(",\n".join("  " + e for e in edges))
    lines.append(" ]}}")
    return "\n".join(line for line in lines if line) + "\n"


_DOT_KEYWORDS = {"node", "edge", "graph", "digraph", "subgraph", "strict"}


def dot_id(text: str) -> str:
    """A Graphviz id of letters, digits and underscores only, never a keyword or starting with a digit.

    >>> dot_id("state:LTU"), dot_id("treaty:ccw-apii"), dot_id("1st")
    ('state_LTU', 'treaty_ccw_apii', 'n_1st')
    """
    safe = re.sub(r"\W", "_", text, flags=re.ASCII)
    if not safe or safe[0].isdigit() or safe.lower() in _DOT_KEYWORDS:
        safe = "n_" + safe
    return safe


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot(graph: ViewGraph) -> str:
    """Graphviz DOT: safe ids, the label and the IRI of each node in its label (and as its link and
    tooltip in SVG), undirected borders drawn without arrows, dated edges labelled with their dates."""
    ids = export_ids(graph)
    names = _unique({node: dot_id(ids[node]) for node in graph.nodes}, "_")
    title = f"armskg {graph.graph.get('view', '')} view" + (f" as of {graph.graph['as_of']}" if graph.graph.get("as_of") else "")
    out = ["digraph armskg {", f"  graph [label={_dot_string(title)}, labelloc=t, overlap=false, splines=true];",
           '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
           '  edge [fontname="Helvetica", fontsize=8];']
    for node, attrs in graph.nodes(data=True):
        label = str(attrs.get("label", node))
        statuses = [str(v) for k, v in attrs.items() if k.startswith("status_")]
        shown = f"{label} ({statuses[0]})" if len(statuses) == 1 else label
        text = f"{shown}\n{node}" if label != node else node
        out.append(f"  {names[node]} [label={_dot_string(text)}, tooltip={_dot_string(node)}, "
                   f"URL={_dot_string(node)}, fillcolor={_dot_string(fill(attrs))}];")
    for u, v, _key, attrs in graph.edge_items():
        kind = str(attrs.get("kind", ""))
        dates = "–".join(str(attrs[k]) for k in ("start", "end") if k in attrs)
        label = f"{attrs.get('label', kind)}\n{dates}" if dates else str(attrs.get("label", kind))
        extra = ", dir=none" if attrs.get("symmetric") else ""
        colour = EDGE_COLOURS.get(kind, "#636363")
        out.append(f"  {names[u]} -> {names[v]} [label={_dot_string(label)}, color={_dot_string(colour)}{extra}];")
    out += ["}", ""]
    return "\n".join(out)
