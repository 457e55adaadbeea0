"""Judging counts: "32 states never joined", "more than 160 parties", "over 160 countries signed".

A count is compared with what the named queries count on the claim's day (treaty-status, never-joined,
non-parties, withdrawals) and with the acts of signature and consent (a journalist's "signed" often means
"joined"). It is supported if it fits one of the counts it may mean, contradicted only if it is far from all
of them on a complete record, and unverifiable otherwise.
"""

from __future__ import annotations

from armskg.check.extract import Claim
from armskg.check.judge import CONTRADICTED, IN_FORCE, SUPPORTED, UNVERIFIABLE, Evidence, Verdict
from armskg.check.mentions import Count
from armskg.check.record import Record

_WORDS = {"eq": "", "more": "more than ", "at_least": "at least ", "less": "fewer than ", "at_most": "at most ",
          "nearly": "nearly ", "about": "about "}


def fits(actual: int, count: Count) -> bool:
    """Whether a number the record counts fits the claimed count and its comparator.

    >>> fits(162, Count(0, 0, 160, "more", "party")), fits(158, Count(0, 0, 160, "more", "party"))
    (True, False)
    """
    n = count.n
    return {"eq": actual == n, "more": actual > n, "at_least": actual >= n, "less": actual < n,
            "at_most": actual <= n, "nearly": 0.9 * n <= actual <= n,
            "about": abs(actual - n) <= max(2, round(0.05 * n))}[count.comparator]


def near(actual: int, count: Count) -> bool:
    """Whether a count misses only by a little (2 states, or 2%): then it is unverifiable, not contradicted,
    as counts differ by what they include (a ratification not yet in force, a withdrawal taking effect)."""
    return abs(actual - count.n) <= max(2, round(0.02 * count.n))


def _what(record: Record, claim: Claim) -> tuple[list[int], str] | None:
    """The counts a claim may mean, and the words for the evidence; None when the record cannot count it."""
    assert claim.subject is not None and claim.count is not None and claim.treaty is not None
    kind, day, treaty = claim.subject.parts[0][1], claim.day(record.as_of), claim.treaty
    statuses = list(record.statuses(treaty, day).values())
    parties = sum(s in IN_FORCE for s in statuses)
    waiting = sum(s == "consented" for s in statuses)
    negated = claim.negated
    if negated and kind not in ("consent", "party", "nonparty"):
        return None
    if kind in ("consent", "party") and negated or kind == "nonparty" and not negated:
        rows = record.named("never-joined" if kind == "consent" else "non-parties", day, treaty=treaty)
        if rows is None:
            return None
        query = "never-joined" if kind == "consent" else "non-parties"
        return [len(rows)], f"{len(rows)} UN member states {'never joined' if kind == 'consent' else 'not party'} ({query})"
    if kind in ("consent", "party"):
        return list(range(parties, parties + waiting + 1)), \
            f"{parties} parties (treaty-status: party or withdrawing)" + (f", and {waiting} more whose consent was " \
                                                                        "not yet in force" if waiting else "")
    if kind in ("sign", "signatory"):
        signed, consented = record.joined(treaty, day)
        return [signed, consented, parties], \
            f"{signed} states had signed, {consented} had consented to be bound, {parties} were parties"
    if kind in ("withdraw", "withdrawn", "notify"):
        rows = record.named("withdrawals", day, treaty=treaty) or []
        notified = [r for r in rows if r.get("notified") and _is_withdrawal(record, r["iso3"], treaty)]
        left = [r for r in notified if r.get("effective") and r["effective"] <= day.isoformat()]
        return [len(left), len(notified)], \
            f"{len(notified)} states had notified their withdrawal, of which {len(left)} had taken effect (withdrawals)"
    return None


def _is_withdrawal(record: Record, iso3: str, treaty: str) -> bool:
    """Whether a row of the withdrawals query is a withdrawal (not a suspension)."""
    return bool(record.acts(iso3, treaty, ("withdrawal notification",)))


def count_verdict(record: Record, claim: Claim) -> Verdict:
    """A count's verdict, with what the record counts on the claim's day."""
    assert claim.count is not None and claim.treaty is not None
    info = record.treaties.get(claim.treaty)
    day = claim.day(record.as_of)
    if info is None or claim.modality:
        return Verdict(UNVERIFIABLE, [Evidence("the graph holds no count of this")])
    found = _what(record, claim)
    if found is None:
        return Verdict(UNVERIFIABLE, [Evidence(f"the graph's record of the {info.label} cannot count this")])
    candidates, words = found
    evidence = [Evidence(f"on {day}, {info.label}: {words}", info.record_sources or info.sources)]
    complete = record.complete(claim.treaty)
    if any(fits(c, claim.count) for c in candidates) and (complete or _beyond_the_bound(claim)):
        return Verdict(SUPPORTED, evidence)
    if not complete or any(near(c, claim.count) for c in candidates):
        return Verdict(UNVERIFIABLE, evidence)
    return Verdict(CONTRADICTED, evidence)


def _beyond_the_bound(claim: Claim) -> bool:
    """Whether a count a partial record fits is on the side it can vouch for: the record holds at least as many
    parties, signatures, consents and withdrawals as it counts ("more than 90 parties" to the Outer Space
    Treaty, whose record holds 99), and at most as many states not party (those it is silent about count as
    not party); "99 parties" or "fewer than 120" it cannot support."""
    assert claim.subject is not None and claim.count is not None
    kind = claim.subject.parts[0][1]
    at_most = kind == "nonparty" and not claim.negated or kind in ("consent", "party") and claim.negated
    return claim.count.comparator in (("less", "at_most") if at_most else ("more", "at_least"))


def count_words(claim: Claim) -> str:
    """A count in words: "more than 160"."""
    assert claim.count is not None
    return f"{_WORDS[claim.count.comparator]}{claim.count.n}"

