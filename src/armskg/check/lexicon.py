"""The words claims are read by: phrases from lexicon.toml and names.tsv, and every name the graph knows.

A :class:`Matcher` finds phrases in a sentence's words, longest first, left to right. Names from the graph
(labels, altLabels, codes) match case-insensitively, except short all-capital names ("US", "NATO",
"CTBT"), which match only as written, and a state's name, which must be capitalised ("Chad", not "chad").
"""

from __future__ import annotations

import functools
import itertools
import tomllib
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from armskg.check.text import Word, normalise
from armskg.resources import queries_dir
from armskg.sparql.text import select

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from typing import Any


class Entry:
    """What a phrase stands for: a kind (``state``, ``treaty``, ``consent``, ...) and a value."""

    __slots__ = ("case", "kind", "phrase", "value")

    def __init__(self, kind: str, value: str, phrase: tuple[str, ...], case: tuple[str, ...] | None = None) -> None:
        self.kind, self.value, self.phrase = kind, value, phrase
        #: the exact words the text must have (a short all-capital name), or the capitalised first word
        self.case = case

    def __repr__(self) -> str:
        return f"Entry({self.kind!r}, {self.value!r})"


class Match:
    """A phrase found in a sentence: words ``i`` to ``j`` (exclusive) and what they stand for."""

    __slots__ = ("entries", "i", "j")

    def __init__(self, i: int, j: int, entries: list[Entry]) -> None:
        self.i, self.j, self.entries = i, j, entries

    @property
    def kinds(self) -> set[str]:
        return {e.kind for e in self.entries}

    def values(self, kind: str) -> list[str]:
        return [e.value for e in self.entries if e.kind == kind]

    def __repr__(self) -> str:
        return f"Match({self.i}:{self.j}, {self.entries})"


class Matcher:
    """Phrases by their first word, for longest-first matching over a sentence's words."""

    def __init__(self) -> None:
        self.by_first: dict[str, dict[tuple[str, ...], list[Entry]]] = {}

    def add(self, phrase: tuple[str, ...], entry: Entry) -> None:
        if phrase:
            self.by_first.setdefault(phrase[0], {}).setdefault(phrase, []).append(entry)

    def add_pattern(self, pattern: str, kind: str, value: str = "") -> None:
        """Add every phrase a pattern stands for ("a|b" alternatives, "word?" optional)."""
        for phrase in expand(pattern):
            self.add(phrase, Entry(kind, value or kind, phrase))

    def at(self, words: list[Word], i: int) -> Match | None:
        """The longest phrase starting at word ``i`` whose words are joined (no comma or stop between)."""
        candidates = self.by_first.get(words[i].low)
        if not candidates:
            return None
        best: Match | None = None
        for phrase, entries in candidates.items():
            n = len(phrase)
            if (best is not None and n <= best.j - best.i) or i + n > len(words):
                continue
            if all(words[i + k].low == phrase[k] and (k == 0 or words[i + k].joined or
                                                      (n >= 6 and words[i + k].gap.strip() == ",")) for k in range(n)):
                fitting = [e for e in entries if _case_fits(e, words[i:i + n])]
                if fitting:
                    best = Match(i, i + n, fitting)
        return best

    def find(self, words: list[Word]) -> list[Match]:
        """Every phrase in the words, longest first, not overlapping."""
        found, i = [], 0
        while i < len(words):
            match = self.at(words, i)
            if match is None:
                i += 1
                continue
            found.append(match)
            i = match.j
        return found


def _case_fits(entry: Entry, words: list[Word]) -> bool:
    if entry.case is None:
        return True
    if len(entry.case) == 1 and entry.case[0] == "":
        return words[0].capitalised
    return tuple(w.text for w in words) == entry.case


def expand(pattern: str) -> list[tuple[str, ...]]:
    """The phrases a pattern stands for.

    >>> expand("has|have signed?")
    [('has', 'signed'), ('has',), ('have', 'signed'), ('have',)]
    """
    slots = []
    for token in pattern.split():
        optional = token.endswith("?")
        options = [tuple(normalise(o)) for o in token.rstrip("?").split("|")]
        slots.append(options + [()] if optional else options)
    return [tuple(w for part in combo for w in part) for combo in itertools.product(*slots)]


class Lexicon:
    """Everything `armskg check` reads a text with, built once per graph."""

    def __init__(self, data: dict[str, Any], names: Matcher, anaphora: Matcher, acts: Matcher, cues: Matcher) -> None:
        self.data = data
        #: states, treaties, organisations, groups, demonyms, capitals, parliaments
        self.names = names
        #: "the Convention", "the treaty", "it", "the country": read where no name is
        self.anaphora = anaphora
        #: act and status phrases (kinds from [acts])
        self.acts = acts
        #: every word of every name of each treaty ("convention", "treaty", ...), to read "the Convention"
        self.treaty_words: dict[str, set[str]] = {}
        self._words: dict[tuple[str, str], frozenset[tuple[str, ...]]] = {}
        #: what the graph holds that does not change with the date (treaties, groups, statements), read once
        self.static: Any = None
        #: negation, intention, future, motive, opinion, counts' comparators and nouns, time words
        self.cues = cues

    def words(self, section: str, key: str) -> frozenset[tuple[str, ...]]:
        """The phrases of a list in lexicon.toml, as matching keys (expanded once)."""
        found = self._words.get((section, key))
        if found is None:
            found = self._words[(section, key)] = frozenset(p for pattern in self.data[section][key]
                                                            for p in expand(pattern))
        return found


@functools.cache
def _data() -> dict[str, Any]:
    return tomllib.loads(files("armskg.check").joinpath("lexicon.toml").read_text(encoding="utf-8"))


def _extra_names() -> list[tuple[str, str, str]]:
    """(iso3, kind, name) rows of names.tsv."""
    rows = []
    for line in files("armskg.check").joinpath("names.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(("#", "iso3\t")):
            iso3, kind, name = line.split("\t")
            rows.append((iso3, kind, name))
    return rows


def build(store: ox.Store, root: Path) -> Lexicon:
    """The lexicon for a graph: the phrase lists, and the names the graph knows."""
    data = _data()
    names = Matcher()
    treaty_words: dict[str, set[str]] = {}
    query = (queries_dir(root) / "check" / "names.rq").read_text(encoding="utf-8")
    for row in select(store, query):
        kind, code, name = row["kind"].value, row["code"].value, row["name"].value
        _add_name(names, kind, code, name)
        if kind == "treaty":
            treaty_words.setdefault(code, set()).update(normalise(name))
    for iso3, kind, name in _extra_names():
        names.add(normalise(name), Entry(kind, iso3, normalise(name), ("",)))
    anaphora = Matcher()
    for pattern in data["anaphora"]["treaty"]:
        anaphora.add_pattern(pattern, "treaty-anaphor")
    for pattern in data["anaphora"]["state"]:
        anaphora.add_pattern(pattern, "state-anaphor")
    acts = Matcher()
    for kind, patterns in data["acts"].items():
        for pattern in patterns:
            acts.add_pattern(pattern, kind)
    cues = Matcher()
    for section in ("modality", "counts", "time"):
        for key, patterns in data[section].items():
            if isinstance(patterns, list):
                for pattern in patterns:
                    cues.add_pattern(pattern, f"{section}.{key}")
    lex = Lexicon(data, names, anaphora, acts, cues)
    lex.treaty_words = treaty_words
    return lex


def _add_name(names: Matcher, kind: str, code: str, name: str) -> None:
    phrase = normalise(name)
    if not phrase:
        return
    if kind in ("treaty", "organisation") and name == code:
        if not (code.isalpha() and len(code) <= 5):
            return  # a code such as "ccw-apii" is not how a text names a treaty
        name = code.upper()
    short_capitals = name.isupper() and len(name.replace(".", "").replace(" ", "")) <= 6
    if short_capitals:
        case: tuple[str, ...] | None = tuple(w for w in _words_as_written(name))
    elif kind == "state" and name[:1].isupper():
        case = ("",)
    else:
        case = None
    names.add(phrase, Entry(kind, code, phrase, case))


def _words_as_written(name: str) -> list[str]:
    from armskg.check.text import _WORD

    return [m.group() for m in _WORD.finditer(name)]
