"""A verdict for every claim: who the claim is about (groups resolved on the date), which rule judges it,
and the claim in plain words."""

from __future__ import annotations

from armskg.check.counts import count_verdict
from armskg.check.exits import ExitJudge, unverifiable
from armskg.check.extract import Claim
from armskg.check.judge import _WHY, CONTRADICTED, IN_FORCE, SUPPORTED, UNVERIFIABLE, Evidence, Verdict, combine
from armskg.check.record import Record

_METHODS = {"sign": "sign", "consent": "consent", "party": "party", "nonparty": "nonparty", "signatory": "signatory",
            "nonsignatory": "nonsignatory", "withdraw": "withdraw", "withdrawn": "withdrawn_status",
            "announce": "announce", "vote": "vote", "notify": "notify", "effect": "effect", "suspend": "suspend",
            "revoke": "revoke", "consent_effect": "consent_effect"}
_DATES = {"adopted": ("adopted", "was adopted"), "opened": ("opened", "was opened for signature"),
          "entry_into_force": ("in_force", "entered into force")}


def resolve(record: Record, claim: Claim) -> tuple[list[str], list[Evidence], bool]:
    """The states a claim is about, on its day, with the facts that say so (a group's definition), and
    whether every part of the subject could be resolved."""
    states: list[str] = []
    evidence: list[Evidence] = []
    resolved = True
    day = claim.day(record.as_of)
    for part in claim.subject.parts if claim.subject else []:
        members: list[str] | None
        if part[0] == "state":
            members = [part[1]]
        elif part[0] == "group" and part[1] in record.groups:
            group = record.groups[part[1]]
            members = list(group.members)
            evidence.append(Evidence(f"{group.label}: {', '.join(members)}", group.sources))
        elif part[0] == "members" and part[1] in record.treaties:
            members = sorted(s for s, st in record.statuses(part[1], day).items() if st in IN_FORCE)
            evidence.append(Evidence(f"parties to the {record.treaties[part[1]].label} on {day}: {len(members)} "
                                     "(treaty-status)"))
        elif part[0] == "bordering" and part[1] in record.treaties:
            members = sorted({r["iso3"] for s in part[2:] for r in record.named(
                "parties-bordering", day, treaty=part[1], state=s) or []})
            evidence.append(Evidence(f"parties to the {record.treaties[part[1]].label} bordering {', '.join(part[2:])} "
                                     f"on {day}: {', '.join(members)} (parties-bordering)"))
        elif part[0] == "neighbours":
            members = sorted({n for s in part[1:] for n in record.neighbours(s)})
            evidence.append(Evidence(f"states bordering {', '.join(part[1:])}: {', '.join(members)}"))
        else:
            members, resolved = None, False
        for iso3 in members or []:
            if iso3 not in states:
                states.append(iso3)
    return states, evidence, resolved


def judge(record: Record, claim: Claim) -> tuple[list[str], Verdict]:
    """The states a claim is about, and its verdict with the evidence."""
    if claim.kind == "count":
        return [], count_verdict(record, claim)
    if claim.kind in _DATES:
        return [], treaty_date(record, claim)
    states, group_evidence, resolved = resolve(record, claim)
    record.load_acts(set(states))
    if claim.modality in _WHY and (claim.modality != "future" or claim.kind not in ("withdraw", "effect")):
        steps = [e for iso3 in states[:3] for e in _recent(record, claim, iso3)]
        return states, unverifiable(_WHY[claim.modality], steps)
    if claim.kind == "statement":
        return states, statement(record, claim, states)
    if not resolved or not states or claim.treaty not in record.treaties or claim.kind not in _METHODS:
        why = "the graph cannot say which states the text means" if not resolved or not states else \
            "the graph holds no record of this"
        return states, Verdict(UNVERIFIABLE, group_evidence + [Evidence(why)])
    verdict = _per_state(record, claim, states)
    if verdict.verdict == CONTRADICTED:
        verdict = second_opinion(record, claim, states, verdict)
    if verdict.verdict == CONTRADICTED and _past_status(claim):
        verdict.verdict = UNVERIFIABLE  # "were its only parties": once, not necessarily on the text's date
    verdict.evidence = group_evidence + _cap(verdict.evidence, len(states))
    return states, verdict


def _per_state(record: Record, claim: Claim, states: list[str]) -> Verdict:
    verdicts = [getattr(ExitJudge(record, claim, iso3), _METHODS[claim.kind])() for iso3 in states]
    share = claim.subject.quantifier if claim.subject is not None else ""
    if not share or not verdicts:
        return combine(verdicts)
    # "most NATO members": a share of the states, which no one member's verdict can contradict
    held = sum(v.verdict == SUPPORTED for v in verdicts)
    enough = held * 2 > len(verdicts) if share in ("most", "majority") else held >= (1 if share == "some" else 2)
    evidence = [Evidence(f"{held} of the {len(states)} states: {SUPPORTED}")]
    return Verdict(SUPPORTED if enough else UNVERIFIABLE, evidence + [e for v in verdicts for e in v.evidence])


def second_opinion(record: Record, claim: Claim, states: list[str], verdict: Verdict) -> Verdict:
    """Before a claim is called contradicted, read its sentence the other ways it may be read: another
    treaty it names or may mean ("the pact"), another of its states, another of its times. If one of them
    bears the claim out, the text may mean that: the claim is unverifiable, not contradicted."""
    chosen = (claim.treaty, claim.time)
    readings: list[tuple[str, str | None, object, list[str]]] = []
    readings += [(f"the {record.treaties[t].label}", t, claim.time, states) for t in claim.alternatives
                 if t in record.treaties]
    readings += [(f"{when.words()}", claim.treaty, when, states) for when in claim.other_times]
    for subject in claim.other_subjects:
        other = Claim(claim.start, claim.end, claim.kind)
        other.subject = subject
        readings.append((subject.text, claim.treaty, claim.time, resolve(record, other)[0]))
    try:
        for words, treaty, time, who in readings:
            claim.treaty, claim.time = treaty, time  # type: ignore[assignment]
            if who and _per_state(record, claim, who).verdict == SUPPORTED:
                verdict.verdict = UNVERIFIABLE
                verdict.evidence.append(Evidence(f"read with {words}, as the sentence may also mean, the claim "
                                                 "is borne out"))
                break
    finally:
        claim.treaty, claim.time = chosen
    return verdict


def _past_status(claim: Claim) -> bool:
    return claim.kind in ("party", "nonparty", "signatory") and claim.time is None and \
        claim.phrase.split()[:1] in (["was"], ["were"], ["had"])


def _cap(evidence: list[Evidence], states: int, most: int = 12) -> list[Evidence]:
    """At most a dozen facts for a claim about many states (NATO's members), saying how many are left out."""
    if len(evidence) <= most:
        return evidence
    return evidence[:most] + [Evidence(f"… and {len(evidence) - most} more facts about the {states} states")]


def _recent(record: Record, claim: Claim, iso3: str) -> list[Evidence]:
    """What the record holds of the acts an unverifiable claim is about: the state's last acts."""
    if not claim.treaty:
        return []
    from armskg.check.judge import act_evidence

    return [act_evidence(a) for a in record.acts(iso3, claim.treaty)[-2:]]


def treaty_date(record: Record, claim: Claim) -> Verdict:
    """ "The Convention was adopted in 1997", "entered into force on 1 March 1999"."""
    info = record.treaties.get(claim.treaty or "")
    key, words = _DATES[claim.kind]
    if info is None:
        return Verdict(UNVERIFIABLE, [Evidence("the graph holds no record of this")])
    day = info.dates.get(key)
    if claim.negated and claim.time is None and key == "in_force":  # "has not entered into force"
        in_force = day is not None and day <= record.as_of.isoformat()
        text = f"the {info.label} entered into force on {day}" if in_force else \
            f"the graph records no entry into force of the {info.label}"
        return Verdict(CONTRADICTED if in_force else SUPPORTED, [Evidence(text, info.sources)])
    if claim.time is None:
        return Verdict(UNVERIFIABLE, [Evidence("the claim names no date")])
    if day is None:
        return Verdict(UNVERIFIABLE, [Evidence(f"the graph holds no date on which the {info.label} {words}")])
    evidence = [Evidence(f"the {info.label} {words} on {day}", info.sources)]
    if claim.time.contains(day):
        return Verdict(SUPPORTED, evidence)
    other = {"adopted": "opened", "opened": "adopted"}.get(key)  # "the 1997 treaty": adopted or opened then
    if other and info.dates.get(other) and claim.time.contains(info.dates[other]):
        return Verdict(SUPPORTED, evidence + [Evidence(f"the {info.label}: {other} on {info.dates[other]}", info.sources)])
    firm = not claim.time.inferred and claim.time.months is None
    return Verdict(CONTRADICTED if firm else UNVERIFIABLE, evidence)


def statement(record: Record, claim: Claim, states: list[str]) -> Verdict:
    """ "Estonia, Latvia, Lithuania and Poland issued a joint statement in March 2025"."""
    for st in record.statements.values():
        if claim.time is not None and not claim.time.contains(st.date):
            continue
        if st.date > record.as_of.isoformat() or not states or not all(s in st.roles for s in states):
            continue
        roles = "; ".join(f"{', '.join(sorted(s for s, r in st.roles.items() if r == role))} ({role})"
                          for role in ("signatory", "endorsement") if role in st.roles.values())
        claim.treaty = st.treaty or claim.treaty
        return Verdict(SUPPORTED, [Evidence(f"{st.label}, {st.date}: {roles}", st.sources)])
    return Verdict(UNVERIFIABLE, [Evidence("the graph holds no joint statement of these states at that time")])
