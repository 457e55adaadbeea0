"""Check a text against the record: find its claims about treaty participation, and mark each supported,
contradicted (with what the record holds instead) or unverifiable, with the evidence.

>>> import armskg
>>> report = armskg.load().check("Belarus did not ratify the Ottawa Convention.", as_of="2025-05-08")
>>> [(c.quote, c.verdict) for c in report.claims]
[('Belarus did not ratify the Ottawa Convention', 'contradicted')]
>>> report.claims[0].evidence[0].text
'Belarus (BLR), Anti-Personnel Mine Ban Convention: accession of 2003-09-03; in force 2004-03-01 (by Article 17(2))'

Everything runs offline, on rules over the words and the graph's own names (lexicon.toml, names.tsv,
and the labels, altLabels and groups in graph/); every verdict is read from the named queries and the
acts the graph holds (:mod:`armskg.check.record`).
"""

from __future__ import annotations

import datetime as dt

from armskg.check.extract import Claim, extract
from armskg.check.judge import Evidence
from armskg.check.lexicon import Lexicon, build
from armskg.check.record import Record
from armskg.check.render import as_json, render
from armskg.check.text import MAX_CHARS, dated, read_text
from armskg.check.verdicts import judge
from armskg.check.words import claim_words
from armskg.sparql.terms import parse_date

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from typing import Any

    from armskg.api import KnowledgeGraph


class CheckedClaim:
    """A claim with its verdict: the exact span of the text, the claim in plain words, the states and the
    treaty it is about, the verdict and the evidence."""

    def __init__(self, text: str, claim: Claim, words: str, states: list[str], verdict: str,
                 evidence: list[Evidence]) -> None:
        self.start, self.end = claim.start, claim.end
        self.quote = text[claim.start:claim.end]
        self.sentence = claim.sentence
        self.kind = claim.kind
        self.words, self.states, self.treaty = words, states, claim.treaty
        self.verdict, self.evidence = verdict, evidence

    def __repr__(self) -> str:
        return f"CheckedClaim({self.quote!r}, {self.verdict})"


class CheckReport:
    """A checked text: its date, and its claims with their verdicts."""

    def __init__(self, text: str, as_of: dt.date, claims: list[CheckedClaim]) -> None:
        self.text, self.as_of, self.claims = text, as_of, claims

    def render(self, fmt: str = "text") -> str:
        """As ``text`` (each claim marked in its sentence), ``md`` or ``json``."""
        return render(self, fmt)

    def as_json(self) -> dict[str, Any]:
        return as_json(self)


def lexicon(kg: KnowledgeGraph) -> Lexicon:
    """The words a graph's texts are read with, built once per loaded graph."""
    cached: Lexicon | None = getattr(kg, "_check_lexicon", None)
    if cached is None:
        cached = build(kg.store, kg.root)
        kg._check_lexicon = cached  # type: ignore[attr-defined]
    return cached


def check(kg: KnowledgeGraph, text: str | bytes, as_of: str | dt.date | None = None) -> CheckReport:
    """Check a text; ``as_of`` (else a ``date: YYYY-MM-DD`` line at its top, else today) is the date the
    record is read as of."""
    text = read_text(text)
    line_date, start = dated(text)
    day = parse_date(as_of, "as_of") if as_of is not None else line_date or dt.date.today()
    lex = lexicon(kg)
    claims = extract(text, start, lex, day)
    record = Record(kg, day, lex.static)
    lex.static = lex.static or (record.treaties, record.groups, record.statements)
    record.load_acts({p[1] for c in claims if c.subject for p in c.subject.parts if p[0] == "state"})
    checked = []
    for claim in claims:
        states, verdict = judge(record, claim)
        words = claim_words(record, claim, states)
        checked.append(CheckedClaim(text, claim, words, states, verdict.verdict, verdict.evidence))
    record.load_sources([e.act for c in checked for e in c.evidence if e.act is not None])
    return CheckReport(text, day, checked)


__all__ = ["MAX_CHARS", "CheckReport", "CheckedClaim", "check"]
