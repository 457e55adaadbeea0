"""User input to RDF terms: a state, treaty, organisation or statement by any of its names; a date."""

from __future__ import annotations

import datetime as dt

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from typing import Any

import pyoxigraph as ox

from armskg.errors import ArmskgError, Name, ParameterError
from armskg.sparql.text import select
from armskg.vocab import XSD, sparql_prefixes

_KINDS = {
    "state": ("ak:State", "ak:iso3|ak:iso2|rdfs:label|skos:altLabel"),
    "treaty": ("ak:Treaty", "ak:code|skos:hiddenLabel|rdfs:label|skos:altLabel"),
    "organisation": ("ak:InternationalOrganisation", "ak:code|skos:hiddenLabel|rdfs:label|skos:altLabel"),
    "statement": ("ak:JointStatement", "ak:code|rdfs:label"),
}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"})


def _fold(text: str) -> str:
    """A name as looked up: spaces collapsed, composed (NFC), any apostrophe as ', any case."""
    import unicodedata

    return unicodedata.normalize("NFC", " ".join(text.split())).translate(_APOSTROPHES).casefold()


class Names:
    """Every name of one kind of thing in the graph, folded to lower case."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.by_name: dict[str, ox.NamedNode] = {}
        #: names that name two things of this kind (validation refuses them; the resolver never guesses)
        self.ambiguous: set[str] = set()

    def resolve(self, text: str) -> ox.NamedNode:
        """Return the IRI named by ``text`` (case-insensitive), or fail suggesting the closest names."""
        key = _fold(text)  # "Côte d’Ivoire" as a word processor types it is "Côte d'Ivoire"
        if key in self.ambiguous:
            raise ArmskgError(f"the {self.kind} name {text[:60]!r} names more than one {self.kind}; run 'armskg validate'")
        if key in self.by_name:
            return self.by_name[key]
        loose = self._loose(key)
        if loose is not None:
            return loose
        import difflib

        close = difflib.get_close_matches(key, list(self.by_name), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise ParameterError(f"unknown {self.kind} {shown!r}{hint}")

    def _loose(self, key: str) -> ox.NamedNode | None:
        """The one thing a name means once a leading "the" and accents are set aside ("the Netherlands",
        "Turkiye"); None where that finds nothing, or more than one thing."""
        import unicodedata

        def bare(name: str) -> str:
            name = name.removeprefix("the ")
            return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))

        found = {node for name, node in self.by_name.items() if bare(name) == bare(key)}
        return found.pop() if len(found) == 1 else None


def names_of(store: ox.Store, kind: str) -> Names:
    """Collect the names of every state, treaty, organisation or statement in the store."""
    cls, paths = _KINDS[kind]
    query = sparql_prefixes() + f"SELECT ?x ?name WHERE {{ ?x a {cls} ; {paths} ?name }}"
    names = Names(kind)
    for row in select(store, query):
        key = _fold(row["name"].value)
        if names.by_name.setdefault(key, row["x"]) != row["x"]:
            names.ambiguous.add(key)
    return names


def date_literal(day: Any) -> ox.Literal:
    """An ``xsd:date`` literal for a :class:`datetime.date`.

    >>> import datetime
    >>> date_literal(datetime.date(2025, 12, 27)).value
    '2025-12-27'
    """
    return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))


def parse_date(text: str | dt.date, what: str = "date") -> dt.date:
    """Parse a strict ISO date (YYYY-MM-DD) or 'today'; a date is returned as it is, and a datetime (a
    pandas Timestamp, as ``Result.to_pandas`` gives dates) as the day it falls on. ``what`` is the
    parameter's name in the Python API (``as_of``), which an error names (the CLI words it as its flag).

    >>> parse_date("2025-12-27"), parse_date(dt.datetime(2025, 12, 27, 15, 30))
    (datetime.date(2025, 12, 27), datetime.date(2025, 12, 27))
    >>> parse_date("1/6/2025", "as_of")
    Traceback (most recent call last):
    armskg.errors.ParameterError: bad as_of '1/6/2025': expected YYYY-MM-DD
    """
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    if not isinstance(text, str):
        raise ParameterError("bad ", Name(what), f" {str(text)[:40]!r}: expected YYYY-MM-DD or a date")
    if text == "today":
        return dt.date.today()
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.replace("-", "").isdigit():
        raise ParameterError("bad ", Name(what), f" {text[:40]!r}: expected YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ParameterError("bad ", Name(what), f" {text!r}: {exc}") from None
