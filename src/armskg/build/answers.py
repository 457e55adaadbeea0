"""Answers worked out when the graph is built.

A named query that takes no parameter (``disputed-claims``: every claim and every single-sourced act) asks
the same of a graph whatever the day, and its answer grows with the graph: at 8 times today's graph, 21,000
rows that took the engine and pyoxigraph's terms 0.2 s through the API and 0.6 s from the command line
(docs/benchmarks.md). The build answers each such query once, on the graph it has just validated, with the
code every engine's answer goes through (:func:`armskg.sparql.named.run_named`), and the artifact keeps the
rows beside the store (``answers.json``, checksummed with the store's files). Asking it again reads them
back: the cost follows the answer, not the work of finding it.

A stored answer is used only for the query text it was made from (kept with it, and compared whole) and by
the armskg version that made it: a query a user edited since is run afresh.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.sparql.named import NamedQuery, load_named, named_queries, run_named
from armskg.sparql.results import Result
from armskg.vocab import XSD

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

FORMAT = "armskg-answers/2"
_STRING = XSD + "string"


def standing(root: Path) -> list[NamedQuery]:
    """The named queries in ``root``'s queries/ that take no parameter: their answer is the graph's alone.
    A file whose header cannot be read is left out: asking it says why, as before."""
    found = []
    for name in named_queries(root):
        try:
            named = load_named(root, name)
        except ArmskgError:
            continue
        if not named.params:
            found.append(named)
    return found


def compute(store: ox.Store, root: Path) -> bytes:
    """The answers of ``root``'s parameterless named queries over ``store``, as the artifact keeps them. A
    query that fails (a user's file with an error) is not stored: asking it fails as it did."""
    from armskg import __version__

    queries = {}
    for named in standing(root):
        try:
            queries[named.name] = _encode(named, run_named(store, named, {}))
        except (ArmskgError, SyntaxError, OSError):
            continue
    return json.dumps({"format": FORMAT, "armskg": __version__, "queries": queries},
                      ensure_ascii=False, separators=(",", ":")).encode()


def _encode(named: NamedQuery, result: Result) -> dict[str, Any]:
    """Each distinct term once, the cells row by row as indexes into the list of terms (-1 for an unbound
    value), packed as little-endian 32-bit integers in base64: JSON's 100,000 numbers took longer to read
    than the rest of the answer. The terms are the plain strings (most of them, made with one call each),
    then the others (IRIs, typed and tagged literals, blank nodes), each as a list."""
    import array
    import base64

    strings: dict[ox.Literal, int] = {}
    others: dict[ox.NamedNode | ox.BlankNode | ox.Literal, int] = {}
    for row in result.rows:
        for term in row:
            if isinstance(term, ox.Literal) and not term.language and term.datatype.value == _STRING:
                strings.setdefault(term, len(strings))
            elif term is not None:
                others.setdefault(term, len(others))
    cells = array.array("i", [-1 if term is None else strings[term] if term in strings else len(strings) + others[term]
                              for row in result.rows for term in row])
    if sys.byteorder != "little":  # pragma: no cover - every machine armskg is built on today is little-endian
        cells.byteswap()
    return {"query": named.text, "columns": result.columns, "rows": len(result.rows),
            "strings": [term.value for term in strings], "others": [_term_json(term) for term in others],
            "cells": base64.b64encode(cells.tobytes()).decode("ascii")}


def _term_json(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> list[str]:
    if isinstance(term, ox.NamedNode):
        return ["i", term.value]
    if isinstance(term, ox.BlankNode):
        return ["b", term.value]
    if term.language:
        return ["l", term.value, term.language]
    return ["t", term.value, term.datatype.value]


def _term(value: list[str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind = value[0]
    if kind == "i":
        return ox.NamedNode(value[1])
    if kind == "b":
        return ox.BlankNode(value[1])
    if kind == "l":
        return ox.Literal(value[1], language=value[2])
    if kind == "t":
        return ox.Literal(value[1], datatype=ox.NamedNode(value[2]))
    raise ValueError(f"not a stored term: {value!r}")


class Answers:
    """The stored answers of one artifact version (its ``answers.json``), or of a build still in memory."""

    def __init__(self, source: Path | bytes) -> None:
        self.source = source
        #: each answer read, by query name: the query's text, its columns and its cells, row after row.
        #: A stored answer never changes (the version's files are checksummed and never rewritten) and its
        #: terms are immutable: a process that asks again (a notebook, the endpoint's workers) makes the rows'
        #: lists afresh from them instead of reading the file and making every term again.
        self._read: dict[str, tuple[str, list[str], list[Any]]] = {}

    def get(self, named: NamedQuery) -> Result | None:
        """The stored answer to ``named``, a new :class:`Result` on each call, or None when there is none
        for this query's text (or the file has gone: a rebuild collected the version read into memory)."""
        read = self._read.get(named.name)
        if read is None or read[0] != named.text:
            read = self._load(named.name, named.text)
            if read is None:
                return None
            self._read[named.name] = read
        columns, values, width = list(read[1]), read[2], len(read[1])
        with _collector_paused():
            return Result(columns, [values[k:k + width] for k in range(0, len(values), width)] if width else [])

    def _load(self, name: str, text: str) -> tuple[str, list[str], list[Any]] | None:
        from armskg import __version__

        try:
            data = json.loads(self.source if isinstance(self.source, bytes) else self.source.read_bytes())
            if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("armskg") != __version__:
                return None
            stored = data["queries"].get(name)
            if stored is None or stored["query"] != text:
                return None
            with _collector_paused():
                columns, values = _decode(stored)
            return text, columns, values
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):  # gone, or not ours
            return None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while an answer's terms and rows are made. pyoxigraph's terms
    and the rows' lists are tracked objects: making 48,000 of them ran about 70 collections, each walking every
    object the process holds (the later ones longer as the answer grew), which cost more than making them
    (disputed-claims at 8x: 13 to 55 ms for the same terms, 10 ms paused). None of them can form a cycle."""
    import gc

    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _decode(stored: dict[str, Any]) -> tuple[list[str], list[Any]]:
    """A stored answer's columns and its cells' terms, row after row."""
    import array
    import base64

    terms: list[Any] = [*map(ox.Literal, stored["strings"]), *map(_term, stored["others"]), None]  # -1: unbound
    cells = array.array("i", base64.b64decode(stored["cells"]))
    if sys.byteorder != "little":  # pragma: no cover
        cells.byteswap()
    columns = [str(c) for c in stored["columns"]]
    if not columns or len(cells) != len(columns) * stored["rows"]:
        raise ValueError("the stored answer's cells do not fill its rows")
    return columns, list(map(terms.__getitem__, cells))  # one lookup per cell, in C


def read(path: Path, in_memory: bool = False) -> tuple[ox.Store, Answers]:
    """The current version of the artifact at ``path`` (:func:`~armskg.build.artifact.open_version`) and the
    answers stored in that same version."""
    from armskg.build.artifact import ANSWERS, open_version

    store, version = open_version(path, in_memory)
    return store, Answers(version / ANSWERS)


def answer_named(store: ox.Store, answers: Answers | None, named: NamedQuery, bindings: dict[ox.Variable, Any]) -> Result:
    """A named query's answer, as :func:`~armskg.sparql.named.run_named` gives it: read back from the build
    when the query takes no parameter and its answer was stored, else worked out on ``store``."""
    if answers is not None and not named.params and not bindings and not named.user:
        stored = answers.get(named)
        if stored is not None:
            stored.types = named.column_types(stored.columns)  # derived from the header, as finish() does
            return stored
    return run_named(store, named, bindings)
