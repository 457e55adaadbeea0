"""The guard on SPARQL that a user wrote (``-e``, a .rq file, ``kg.sparql``, the endpoint): the query is
read with a real SPARQL parser and refused if it could leave the process, change data, name a dataset
outside armskg's own graphs, or exhaust the engine; the engine then runs exactly the text the guard read.

The parser is tree-sitter's SPARQL grammar (PyPI ``tree-sitter-sparql``): about 30 ms to import and well
under a millisecond to parse a named query, with no recursion in Python, so a deep query cannot crash it.
rdflib's parser was measured too (0.24 s to import, 60-90 ms a query, a RecursionError at 32 nested
parentheses, 45 s on a 40 KB expression) and so was sparqlkit's (0.76 s to import, 0.15-0.25 s a query).

Two parsers never read the same text the same way everywhere, so the guard leaves no room for them to
differ where it matters: ``\\uXXXX`` escapes are expanded first (as SPARQL says, before parsing); every
comment the parser found is blanked out of the text the engine gets (so a comment that one parser ends at
a carriage return and the other at a line feed hides nothing); every string and IRI token must match
SPARQL's own terminal; and any parse error refuses the query (fail closed).
"""

from __future__ import annotations

import functools
import re

from armskg.errors import ArmskgError
from armskg.vocab import ASSERTED_GRAPH, DERIVED_GRAPH, ONTOLOGY_GRAPH, PREFIXES, SHAPES_GRAPH, TIMELINE_GRAPH

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from typing import Any

    import pyoxigraph as ox
    from tree_sitter import Node, Parser

#: Bounds checked before the engine sees a query: pyoxigraph crashed on 3,000 nested groups and on long
#: operator chains, and its planner slows down sharply with hundreds of triple patterns. The largest
#: named query has 556 syntax nodes and a depth of 21.
MAX_QUERY_BYTES = 64 * 1024
MAX_DEPTH = 128
MAX_NODES = 10_000

#: The graphs a FROM, FROM NAMED, default-graph-uri or named-graph-uri may name.
OWN_GRAPHS = frozenset({ASSERTED_GRAPH, DERIVED_GRAPH, TIMELINE_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH})

#: The prefixes every ad-hoc query may use without declaring them.
ADHOC_PREFIXES: dict[str, str] = {**{k: v for k, v in PREFIXES.items() if k != "org_"},
                                  "dct": PREFIXES["dcterms"]}

_NOT_ALLOWED = "is not allowed: armskg queries never leave the process or change the graph"
_FORMS = {"select_query": "select", "construct_query": "construct", "describe_query": "describe",
          "ask_query": "ask"}
#: SPARQL 1.1's terminals for the tokens a differential would hide behind (IRIREF, the four strings).
_TERMINALS = {
    "iri": r'<[^<>"{}|^`\\\x00-\x20]*>',
    "string": r"""'(?:[^'\\\n\r]|\\[tbnrf\\"'])*'|"(?:[^"\\\n\r]|\\[tbnrf\\"'])*"|"""
              r"""'''(?:(?:'|'')?(?:[^'\\]|\\[tbnrf\\"']))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\[tbnrf\\"']))*\"\"\"""",
}


class Checked:
    """A query the guard accepted: the text to run, its form, and whether it names its own dataset."""

    __slots__ = ("assigned", "computed", "dataset", "form", "groups", "text", "variables")

    def __init__(self, text: str, form: str, dataset: bool, groups: tuple[int, ...] = (),
                 variables: frozenset[str] = frozenset(), assigned: frozenset[str] = frozenset(),
                 computed: frozenset[str] = frozenset()) -> None:
        #: the text the engine runs: escapes expanded and comments blanked, as the guard read it
        self.text = text
        #: select, ask, construct or describe
        self.form = form
        #: whether the query names its dataset (FROM / FROM NAMED), which then replaces the union
        self.dataset = dataset
        #: the byte offsets in ``text`` just inside each WHERE group's opening brace (subqueries included),
        #: where parameters are bound (:func:`bind`)
        self.groups = groups
        #: the names of the variables the query mentions
        self.variables = variables
        #: the names of the variables the query gives values itself: in a triple pattern, a GRAPH, a VALUES
        #: block, ``BIND (... AS ?v)``, ``(... AS ?v)`` in SELECT or GROUP BY (the rest it only reads, in
        #: expressions, or projects: a parameter left unbound there has no value at all)
        self.assigned = assigned
        #: those of them the query computes, after AS (``BIND``, a SELECT or GROUP BY expression): a value
        #: bound to one of them as well (a VALUES block in its group) is a clash the engine refuses
        self.computed = computed


@functools.cache
def _parser() -> Parser:
    import warnings

    import tree_sitter
    import tree_sitter_sparql

    with warnings.catch_warnings():  # the grammar hands its language over as an int, which tree-sitter deprecates
        warnings.simplefilter("ignore", DeprecationWarning)
        return tree_sitter.Parser(tree_sitter.Language(tree_sitter_sparql.language()))


@functools.cache
def _terminal(kind: str) -> re.Pattern[str]:
    return re.compile(_TERMINALS[kind])


def expand_escapes(text: str) -> str:
    r"""Expand SPARQL's ``\uXXXX`` and ``\UXXXXXXXX`` escapes, which the language applies before parsing.

    >>> expand_escapes(r"\u0053ERVICE")
    'SERVICE'
    """
    def expand(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise ArmskgError(f"SPARQL syntax error: {match.group(0)} is not a character")
        return chr(code)

    expanded = re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", expand, text)
    if expanded != text and re.search(r"\\[uU][0-9A-Fa-f]{4}", expanded):
        raise ArmskgError("SPARQL syntax error: an escape that spells another escape is refused")
    return expanded


def check(text: str) -> Checked:
    """Read a query and refuse it with a one-line error unless it is one read-only query over armskg's
    own graphs; return the text the engine must run.

    >>> check("SELECT ?with ?copy ?add WHERE { ?with ?copy ?add }").form
    'select'
    >>> check("SELECT * WHERE { ?s ?p ?o # c\\rSERVICE <http://127.0.0.1:9/> { ?a ?b ?c }\\n}").text.split()
    ['SELECT', '*', 'WHERE', '{', '?s', '?p', '?o', '}']
    >>> check("ASK { FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }")
    Traceback (most recent call last):
    armskg.errors.ArmskgError: SERVICE is not allowed: armskg queries never leave the process or change the graph
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_QUERY_BYTES:
        raise ArmskgError(f"the query is longer than armskg's limit ({MAX_QUERY_BYTES // 1024} KiB)")
    if "\x00" in text:
        raise ArmskgError("SPARQL syntax error: the query contains a NUL character")
    text = expand_escapes(text)
    data = text.encode("utf-8", "surrogatepass")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise ArmskgError("SPARQL syntax error: the query is not valid Unicode") from None
    root = _parser().parse(data).root_node
    blanks: list[tuple[int, int]] = []
    groups: list[int] = []
    variables: set[str] = set()
    assigned: set[str] = set()
    computed: set[str] = set()
    form, dataset = _walk(root, data, blanks, groups, variables, assigned, computed)
    if form is None:
        raise ArmskgError("not a query: armskg answers SELECT, ASK, CONSTRUCT and DESCRIBE")
    out = bytearray(data)
    for start, end in blanks:
        out[start:end] = bytes(10 if b == 10 else 32 for b in data[start:end])
    return Checked(out.decode("utf-8"), form, dataset, tuple(groups), frozenset(variables), frozenset(assigned),
                   frozenset(computed))


def bind(checked: Checked, bindings: dict[ox.Variable, Any]) -> str | None:
    """The query's text with parameters bound as the named queries bind theirs: a ``VALUES`` block at the
    start of every WHERE group (subqueries included), at the offsets the parser found, written by
    :func:`armskg.sparql.text.values_block` from checked terms (never user text); variables the query does
    not mention are left out. None when the query has no WHERE group
    (``CONSTRUCT WHERE { ... }``'s short form), where a VALUES block cannot go.

    >>> import pyoxigraph as ox
    >>> print(bind(check("SELECT ?x WHERE { ?x ?p ?as_of }"),
    ...            {ox.Variable("as_of"): ox.Literal("2025-06-01"), ox.Variable("state"): ox.NamedNode("http://s")}))
    SELECT ?x WHERE {
      VALUES ?as_of { "2025-06-01" }
     ?x ?p ?as_of }
    """
    from armskg.sparql.text import values_block

    used = {var: term for var, term in bindings.items() if var.value in checked.variables}
    if not used:
        return checked.text
    if not checked.groups:
        return None
    block = values_block(used).encode("utf-8") + b"\n"
    data = checked.text.encode("utf-8", "surrogatepass")
    for offset in sorted(checked.groups, reverse=True):
        data = data[:offset] + block + data[offset:]
    return data.decode("utf-8", "surrogatepass")


def _walk(root: Node, data: bytes, blanks: list[tuple[int, int]], groups: list[int],
          variables: set[str], assigned: set[str], computed: set[str]) -> tuple[str | None, bool]:
    """Visit every node (iteratively: no recursion, whatever the depth); refuse what is not allowed; note
    where each WHERE group opens, which variables the query names and which it gives values itself."""
    prefixes = dict(ADHOC_PREFIXES)
    form, dataset, count = None, False, 0
    # each node with whether it lies in a triple pattern or a VALUES block, where a variable gets its values
    stack: list[tuple[Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, giving = stack.pop()
        count += 1
        if depth > MAX_DEPTH or count > MAX_NODES:
            raise ArmskgError(f"the query is nested too deeply or is too large for armskg (at most {MAX_DEPTH} "
                              f"levels and {MAX_NODES} syntax nodes)")
        kind = node.type
        if node.is_error or node.is_missing:
            _syntax_error(node, data)
        if kind == "comment":
            blanks.append((node.start_byte, node.end_byte))
            continue
        if kind in _FORMS:
            form = _FORMS[kind]
        elif kind == "service_graph_pattern" or (not node.is_named and kind.upper() == "SERVICE"):
            raise ArmskgError(f"SERVICE {_NOT_ALLOWED}")
        elif depth == 2 and node.is_named and kind not in ("prologue", "values_clause"):
            raise ArmskgError(f"{_keyword(node)} {_NOT_ALLOWED}")
        elif kind == "prefix_declaration":
            _declare(node, prefixes)
        elif kind in ("default_graph_clause", "named_graph_clause"):
            dataset = True
            _own_graph(node, prefixes)
        elif kind == "string":
            _lexical(node, "string")
            continue
        elif kind == "iri_reference":
            _lexical(node, "iri")
        elif kind == "var":
            name = data[node.start_byte + 1:node.end_byte].decode("utf-8")
            variables.add(name)
            if giving or _gives_value(node):
                assigned.add(name)
            if node.prev_sibling is not None and node.prev_sibling.type == "AS":
                computed.add(name)
        elif kind == "where_clause":
            group = next((c for c in node.children if c.type == "group_graph_pattern"), None)
            if group is not None:
                groups.append(group.start_byte + 1)
        giving = giving or kind in _GIVING
        stack.extend((child, depth + 1, giving) for child in reversed(node.children))
    if root.has_error:
        _syntax_error(root, data)
    return form, dataset


#: The syntax nodes under which every variable gets values from the data: a WHERE clause's triple patterns
#: (a CONSTRUCT template's are construct_triples, which give none) and a VALUES block.
_GIVING = frozenset({"triples_block", "data_block"})


def _gives_value(var: Node) -> bool:
    """Whether a variable stands where it is given a value whatever else it is under: after AS (``BIND``,
    a SELECT or GROUP BY expression) or as a GRAPH's name."""
    before = var.prev_sibling
    return before is not None and (before.type == "AS" or var.parent is not None
                                   and var.parent.type == "graph_graph_pattern" and before.type == "GRAPH")


def _syntax_error(node: Node, data: bytes) -> None:
    line, column = node.start_point
    near = data[node.start_byte:node.start_byte + 30].decode("utf-8", "replace").split("\n")[0]
    raise ArmskgError(f"SPARQL syntax error at line {line + 1}, column {column + 1}, near {near!r}")


def _keyword(node: Node) -> str:
    """The keyword an update operation starts with (LOAD, INSERT, DELETE, CLEAR, ...)."""
    first = node.children[0] if node.children else node
    word = (first.text or b"").decode("utf-8", "replace").split()
    return word[0].upper() if word and not first.is_named else node.type.upper()


def _lexical(node: Node, kind: str) -> None:
    text = (node.text or b"").decode("utf-8")
    if not _terminal(kind).fullmatch(text):
        line, column = node.start_point
        raise ArmskgError(f"SPARQL syntax error at line {line + 1}, column {column + 1}: {text[:40]!r} is not a "
                          f"SPARQL {'IRI' if kind == 'iri' else 'string'}")


def _declare(node: Node, prefixes: dict[str, str]) -> None:
    namespace = next((c for c in node.children if c.type == "namespace"), None)
    iri = next((c for c in node.children if c.type == "iri_reference"), None)
    if namespace is not None and iri is not None:
        prefixes[(namespace.text or b"").decode().rstrip(":")] = (iri.text or b"").decode()[1:-1]


def _own_graph(node: Node, prefixes: dict[str, str]) -> None:
    """A FROM / FROM NAMED may name only a graph of armskg's own dataset, written in full or as a prefixed name."""
    source = node.child_by_field_name("source_selector") or (node.named_children[-1] if node.named_children else node)
    text = (source.text or b"").decode("utf-8", "replace")
    iri = text[1:-1] if text.startswith("<") else None
    if source.type == "prefixed_name" and "\\" not in text and "%" not in text:
        prefix, _, local = text.partition(":")
        iri = prefixes[prefix] + local if prefix in prefixes else None
    if iri not in OWN_GRAPHS:
        keyword = "FROM NAMED" if node.type == "named_graph_clause" else "FROM"
        raise ArmskgError(f"{keyword} {_shown(text)} {_FOREIGN}")


_FOREIGN = ("is not allowed: armskg reads only the graphs of its own dataset "
            f"(<{ASSERTED_GRAPH}>, …/derived, …/timeline, …/ontology, …/shapes)")


def _shown(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def own_graphs(iris: list[str] | None, parameter: str) -> list[str]:
    """Check the protocol's default-graph-uri / named-graph-uri: only armskg's own graphs."""
    for iri in iris or []:
        if iri not in OWN_GRAPHS:
            raise ArmskgError(f"{parameter} {_shown(iri)} {_FOREIGN}")
    return iris or []
