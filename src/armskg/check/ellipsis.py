"""Claims whose act the text does not repeat: "Germany ratified it in 2009 and Japan in 2010", "Turkey is a
party, while Armenia is not", "... and neither has the United States", "Finland's withdrawal took effect on
10 January, and Poland's on 20 February". Each is the claim before it, with another state (and time)."""

from __future__ import annotations

import copy

from armskg.check.extract import Claim
from armskg.check.mentions import Mentions, Subject
from armskg.check.times import Found

_JOINING = frozenset({"and", "but", "while", "whereas", "nor", "neither", "as", "so", "by", "contrast", "then",
                      "its", "their", "neighbour", "neighbor", "the", "also", "too", "did", "has", "have", "is",
                      "was", "does", "had", "were", "are"})
_AUXILIARIES = frozenset({"is", "are", "was", "were", "has", "have", "had", "does", "do", "did"})
_NEGATING = frozenset({"nor", "neither"})
_ACTS = frozenset({"sign", "consent", "party", "nonparty", "signatory", "nonsignatory", "withdraw", "withdrawn",
                   "announce", "vote", "notify", "effect", "suspend", "revoke", "consent_effect"})


def elided(m: Mentions, claims: list[Claim], times: list[Found]) -> list[Claim]:
    """The claims of the states a sentence names after an act without an act of their own."""
    out: list[Claim] = []
    used = {c.subject.i for c in claims if c.subject is not None and c.subject in m.subjects}
    used |= {c.subject.i for c in claims if c.subject is not None}
    for s in m.subjects:
        if s.i in used or any(t.i >= s.j for t in m.triggers):
            continue  # a subject of its own act, or one before an act still to come
        before = [c for c in claims if c.kind in _ACTS and c.end <= m.words[s.i].start and not c.modality]
        if not before:
            continue
        claim = _copy(m, before[-1], s, times)
        if claim is not None:
            out.append(claim)
    return out


def _copy(m: Mentions, prev: Claim, s: Subject, times: list[Found]) -> Claim | None:
    """The claim before, said of another state: with its own time ("and Japan in 2010"), negated ("while
    Armenia is not", "neither has the United States"), or as it is ("as did Latvia")."""
    words = m.words
    gap = [w.low for w in words if prev.end <= w.start < words[s.i].start]
    if not gap or not set(gap) <= _JOINING or not set(gap) & {"and", "but", "while", "whereas", "nor", "neither", "as"}:
        return None
    end = s.j
    while end < len(words) and not any(c in words[end].gap for c in ",;:.") and end - s.j < 6:
        end += 1
    after = [w.low for w in words[s.j:end]]
    own_time = next((f for f in times if f.i >= s.j and f.j <= end and f.time.months is None), None)
    negated = prev.negated
    if set(gap) & _NEGATING or "not" in after[:3] or after[:1] == ["never"]:
        negated = True  # "neither has the US", "while Armenia is not", "and the US has not either"
    elif after[:1] and after[0] in _AUXILIARIES and "but" in gap:
        negated = False  # "Russia has not signed it, but Ukraine has"
    elif own_time is None and not (after[:1] and after[0] in ("too", "also")) and "as" not in gap:
        return None
    claim = copy.copy(prev)
    first = next(i for i, w in enumerate(words) if w.start >= prev.end and w.low in gap)
    claim.start, claim.end = words[first].start, words[end - 1].end
    claim.subject, claim.negated = s, negated
    claim.time = own_time.time if own_time is not None else prev.time
    claim.other_subjects, claim.other_times = [], []
    return claim
