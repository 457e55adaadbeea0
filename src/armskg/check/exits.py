"""Judging claims about leaving a treaty: announced, voted, notified, withdrew, took effect, suspended,
revoked. The steps before a notification (an announcement, a vote) are not a withdrawal: a claim that a
state "left" on the strength of them alone is unverifiable, never supported, and never contradicted."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from armskg.check.judge import (
    CONTRADICTED,
    EXIT_STEPS,
    IN_FORCE,
    SUPPORTED,
    UNVERIFIABLE,
    Evidence,
    StateJudge,
    Verdict,
    act_evidence,
)

_PAST = ("took", "came", "became", "taken")


class ExitJudge(StateJudge):
    """Judges one claim about a withdrawal (or a suspension, a revocation) for one state."""

    def lenient(self, kinds: tuple[str, ...]) -> Verdict:
        """An announcement or a vote: supported by a step of the exit in the claim's time; the record does
        not hold every announcement, so a missing one is unverifiable, never contradicted."""
        acts = self.acts(kinds)
        match = [a for a in acts if self.in_time(a.date)]
        if match:
            return Verdict(SUPPORTED, [act_evidence(a) for a in match[:2]])
        return Verdict(UNVERIFIABLE, [act_evidence(a) for a in self.acts(EXIT_STEPS)] or [self.status()])

    def announce(self) -> Verdict:
        if self.claim.negated:
            return Verdict(UNVERIFIABLE, [act_evidence(a) for a in self.acts(EXIT_STEPS)] or [self.status()])
        return self.lenient(EXIT_STEPS)

    def vote(self) -> Verdict:
        verdict = self.lenient(("legislative vote",))
        votes = self.claim.votes
        matched = [a for a in self.acts(("legislative vote",)) if self.in_time(a.date)]
        if verdict.verdict != SUPPORTED or not votes or not matched:
            return verdict
        act = matched[-1]
        recorded = {"for": act.votes_for, "against": act.votes_against, "abstentions": act.abstentions}
        differ = [k for k, n in votes.items() if recorded.get(k) is not None and str(n) != recorded[k]]
        return Verdict(CONTRADICTED if differ else SUPPORTED, verdict.evidence)

    def dated(self, kinds: tuple[str, ...]) -> Verdict:
        """A notification, a suspension, a revocation: the depositary's record dates it."""
        acts = self.acts(kinds)
        if self.claim.negated:
            return self.never(acts, [])
        match = [a for a in acts if self.in_time(a.date)]
        if match:
            return Verdict(SUPPORTED, [act_evidence(a) for a in match[:2]])
        if acts:
            verdict = CONTRADICTED if self.firm() and not self.near(acts) else UNVERIFIABLE
            return Verdict(verdict, [act_evidence(a) for a in acts])
        others = self.acts(EXIT_STEPS)
        if others:
            return Verdict(UNVERIFIABLE, [act_evidence(a) for a in others])
        if kinds != ("withdrawal notification",):
            # a complete record holds every signature, consent and withdrawal, not every suspension
            return Verdict(UNVERIFIABLE, [self.status(), Evidence("the record holds no such act of this state")])
        return self.absent()

    def notify(self) -> Verdict:
        return self.dated(("withdrawal notification",))

    def suspend(self) -> Verdict:
        return self.dated(("suspension",))

    def revoke(self) -> Verdict:
        return self.dated(("revocation of ratification",))

    def withdraw(self) -> Verdict:
        """ "withdrew", "left", "denounced": the notification (or its effect) in the claim's time."""
        if self.claim.modality == "future":
            return self.effect()
        notices = self.acts(("withdrawal notification",))
        if self.claim.negated:
            return self.never(notices, [])
        match = [a for a in notices if self.in_time(a.date) or self.in_time(a.effective)]
        if match:
            return Verdict(SUPPORTED, [act_evidence(a) for a in match])
        steps = [a for a in self.acts(EXIT_STEPS) if a not in notices]
        if notices:
            near = any(self.in_time(a.date) for a in steps) or self.near(notices, effective=True)
            return Verdict(CONTRADICTED if self.firm() and not near else UNVERIFIABLE,
                           [act_evidence(a) for a in notices + steps])
        if steps:
            return Verdict(UNVERIFIABLE, [act_evidence(a) for a in steps])
        return self.absent()

    def effect(self) -> Verdict:
        """When a withdrawal takes (or took) effect: the notification's effective date, by the treaty's rule."""
        notices = self.acts(("withdrawal notification",))
        if not notices:
            steps = self.acts(EXIT_STEPS)
            return Verdict(UNVERIFIABLE, [act_evidence(a) for a in steps] or [self.status()])
        notice = notices[-1]
        evidence = [act_evidence(notice)]
        effective = notice.effective
        if effective is None or notice.pending:
            return Verdict(UNVERIFIABLE, evidence)
        if self.time is not None and self.time.months is not None:
            return Verdict(self.after_months(notice.date or "", effective), evidence)
        if self.time is not None:
            if self.time.contains(effective):
                return Verdict(SUPPORTED, evidence)
            near = self.near([notice], effective=True)
            return Verdict(CONTRADICTED if self.firm() and not near else UNVERIFIABLE, evidence)
        past = any(w in self.claim.phrase.split() for w in _PAST)
        if past and effective > self.record.as_of.isoformat():
            return Verdict(CONTRADICTED, evidence + [self.status(self.record.as_of)])
        return Verdict(SUPPORTED, evidence)

    def after_months(self, notified: str, effective: str) -> str:
        """ "six months later": the effect's distance from the notification (or from the date the text
        named just before, when that is the notification's)."""
        assert self.time is not None and self.time.months is not None
        months = self.time.months
        if not notified:
            return UNVERIFIABLE
        expected = dt.date.fromisoformat(notified) + relativedelta(months=months)
        actual = dt.date.fromisoformat(effective)
        if abs((actual - expected).days) <= 3:
            return SUPPORTED
        if self.time.start.isoformat() == notified and not self.claim.modality:
            return CONTRADICTED
        return UNVERIFIABLE

    def withdrawn_status(self) -> Verdict:
        verdict = self.held(("withdrawn",), IN_FORCE + ("signatory", "consented"))
        if verdict.verdict == CONTRADICTED:
            verdict.evidence += [act_evidence(a) for a in self.acts(("withdrawal notification",))]
        return verdict


def unverifiable(why: str, extra: list[Evidence] | None = None) -> Verdict:
    """A claim no record can check (a quote, a motive, an intention), with the reason and what the record
    does hold of the acts it is about."""
    return Verdict(UNVERIFIABLE, [Evidence(why), *(extra or [])])
