"""Judge each claim against the record: supported, contradicted (with what the record holds instead), or
unverifiable, always with the facts it rests on.

The rules lean one way: a claim is contradicted only when the record plainly holds otherwise (an act on
another date, a status that is not the one claimed, on a record that is complete for that treaty and date).
A year given for a date is tolerated; a wrong year never is; a year the text left out and the check only
inferred can support a claim but never contradict it. A state's status is the treaty-status query's.
"""

from __future__ import annotations

import datetime as dt

from armskg.check.extract import Claim
from armskg.check.record import Record
from armskg.reports import Act, Source

SUPPORTED, CONTRADICTED, UNVERIFIABLE = "supported", "contradicted", "unverifiable"
CONSENTS = ("ratification", "accession", "acceptance", "approval", "succession", "consent to be bound")
EXIT_STEPS = ("withdrawal announcement", "legislative vote", "withdrawal notification", "suspension",
              "revocation of ratification")
IN_FORCE = ("party", "withdrawing")
_WHY = {"quote": "a quotation: what someone said, not an act the record holds",
        "motive": "a motive: the record holds acts and their dates, not the reasons for them",
        "intention": "an intention or a call: the record holds acts done, not acts planned",
        "opinion": "an opinion or an argument, not an act the record holds",
        "future": "an act still to come on the text's date, which the record does not yet hold"}


class Evidence:
    """One fact from the record, in words, with its sources."""

    def __init__(self, text: str, sources: dict[str, Source] | None = None, status: str = "",
                 act: Act | None = None) -> None:
        self.text = text
        self._sources = dict(sources or {})
        #: for a status read from treaty-status, the status
        self.status = status
        #: the act the fact is, whose sources are read once every verdict is known (Record.load_sources)
        self.act = act

    @property
    def sources(self) -> dict[str, Source]:
        return self.act.sources if self.act is not None else self._sources


class Verdict:
    """A verdict and the facts behind it."""

    def __init__(self, verdict: str, evidence: list[Evidence] | None = None) -> None:
        self.verdict = verdict
        self.evidence = evidence or []


def act_evidence(act: Act) -> Evidence:
    """An act as `armskg changes` words it: who, which treaty, the act and its date, its effect."""
    return Evidence(f"{act.label} ({act.iso3}), {act.treaty_label}: {act.describe()}", act=act)


def combine(verdicts: list[Verdict]) -> Verdict:
    """Several states' verdicts as one: contradicted if any is, unverifiable if any is, else supported."""
    evidence = [e for v in verdicts for e in v.evidence]
    kinds = {v.verdict for v in verdicts}
    for verdict in (CONTRADICTED, UNVERIFIABLE):
        if verdict in kinds:
            return Verdict(verdict, evidence)
    return Verdict(SUPPORTED if verdicts else UNVERIFIABLE, evidence)


class StateJudge:
    """Judges one claim for one state."""

    def __init__(self, record: Record, claim: Claim, iso3: str) -> None:
        self.record, self.claim, self.iso3 = record, claim, iso3
        self.treaty = claim.treaty or ""
        self.time = claim.time
        #: the last day the claim speaks of: its time's end ("by 2026"), else the text's date
        self.day = min(self.time.end, record.as_of) if self.time is not None and self.time.months is None \
            else record.as_of

    # ---- helpers ----
    def acts(self, kinds: tuple[str, ...]) -> list[Act]:
        """The state's acts of these kinds towards the treaty, up to the text's date."""
        return self.record.acts(self.iso3, self.treaty, kinds)

    def before(self, acts: list[Act]) -> list[Act]:
        """The acts dated up to the last day the claim speaks of ("never signed by 2000")."""
        return [a for a in acts if (a.date or "") <= self.day.isoformat()]

    def in_time(self, day: str | None) -> bool:
        return day is not None and (self.time is None or self.time.contains(day))

    def near(self, acts: list[Act], effective: bool = False) -> bool:
        """Whether an act is dated just outside the claim's time: up to a week before it or three months
        after it, as a law of ratification (or a notice) precedes the deposit the depositary dates. Such a
        claim may be right by another date than the depositary's: unverifiable, not contradicted."""
        if self.time is None or self.time.months is not None:
            return False
        low, high = self.time.start - dt.timedelta(days=7), self.time.end + dt.timedelta(days=92)
        days = [d for a in acts for d in ((a.date, a.effective) if effective else (a.date,)) if d]
        return any(low <= dt.date.fromisoformat(d) <= high for d in days)

    def firm(self) -> bool:
        """Whether the claim's time may contradict: given by the text (not inferred), and not relative."""
        return self.time is not None and not self.time.inferred and self.time.months is None

    def status(self, day: dt.date | None = None) -> Evidence:
        when = day or self.day
        status, since = self.record.status(self.treaty, self.iso3, when)
        label = self.record.label(self.iso3)
        info = self.record.treaties.get(self.treaty)
        treaty = info.label if info else self.treaty
        text = f"{label} ({self.iso3}), {treaty}: {status} on {when.isoformat()}" + (f", since {since}" if since else "")
        sources = {} if status != "non-party" or info is None else (info.record_sources or info.sources)
        return Evidence(text + " (treaty-status)", sources, status)

    def known(self) -> Evidence | None:
        """The state's status on the claim's day if the record can vouch that it holds every act of the
        state (a complete record, and treaty-status not silent: not `not recorded`), else None."""
        status = self.status(self.record.as_of)  # with no act up to the text's date, the same on the claim's day
        return status if self.record.complete(self.treaty) and status.status != "not recorded" else None

    def absent(self) -> Verdict:
        """A claimed act the record does not hold: contradicted only where the record is complete."""
        status = self.known()
        if status is None:
            info = self.record.treaties.get(self.treaty)
            why = "partial" if info is not None and info.coverage == "partial" else "not known to be complete"
            return Verdict(UNVERIFIABLE, [self.status(self.record.as_of),
                                          Evidence(f"the graph's record of this treaty is {why}")])
        return Verdict(CONTRADICTED, [status])

    # ---- acts ----
    def sign(self) -> Verdict:
        signatures, consents = self.acts(("signature",)), self.acts(CONSENTS)
        if self.claim.negated:
            return self.never(signatures, consents)
        match = [a for a in signatures if self.in_time(a.date)]
        if match:
            return Verdict(SUPPORTED, [act_evidence(match[0])])
        if signatures:
            verdict = CONTRADICTED if self.firm() and not self.near(signatures) else UNVERIFIABLE
            return Verdict(verdict, [act_evidence(a) for a in signatures])
        if consents:  # "signed" for a state that acceded without signing: journalists' word, not the record's
            return Verdict(UNVERIFIABLE, [act_evidence(a) for a in consents])
        return self.absent()

    def consent(self) -> Verdict:
        consents, signatures = self.acts(CONSENTS), self.acts(("signature",))
        if self.claim.negated:
            revoked = self.before(self.acts(("revocation of ratification",)))
            if revoked and self.before(consents):  # "Russia has not ratified the CTBT": false if "never", true now
                return Verdict(UNVERIFIABLE, [act_evidence(a) for a in self.before(consents) + revoked])
            return self.never(consents, signatures)
        loose = any(w in self.claim.phrase for w in ("join", "party", "parties", "member", "became", "become"))
        match = [a for a in consents if self.in_time(a.date) or (loose and self.in_time(a.effective))]
        if match:
            return Verdict(SUPPORTED, [act_evidence(match[0])])
        if consents:
            near = any(self.in_time(a.effective) for a in consents) or self.near(consents)
            return Verdict(CONTRADICTED if self.firm() and not near else UNVERIFIABLE,
                           [act_evidence(a) for a in consents])
        absent = self.absent()
        absent.evidence += [act_evidence(a) for a in signatures]
        return absent

    def never(self, acts: list[Act], others: list[Act]) -> Verdict:
        """ "never signed", "did not ratify": contradicted by the act, supported on a complete record."""
        if self.before(acts):
            verdict = UNVERIFIABLE if self.time is not None and self.time.inferred else CONTRADICTED
            return Verdict(verdict, [act_evidence(a) for a in self.before(acts)])
        status = self.known()
        if status is None:
            return self.absent()
        return Verdict(SUPPORTED, [status, *[act_evidence(a) for a in others]])

    # ---- statuses ----
    def days(self) -> list[dt.date]:
        """The days a status claim speaks of: its time's first and last day (up to the text's date), else
        the text's date."""
        if self.time is None or self.time.months is not None:
            return [self.record.as_of]
        if self.time.qualifier == "by":
            return [min(self.time.end, self.record.as_of)]
        first, last = self.time.start, min(self.time.end, self.record.as_of)
        return [first] if last < first else sorted({first, last})

    def held(self, wanted: tuple[str, ...], refused: tuple[str, ...], loose: tuple[str, ...] = ()) -> Verdict:
        """A status claim: supported if the status on one of its days is wanted (or loosely so), contradicted
        if on every day it is refused, else unverifiable."""
        seen = [self.status(day) for day in self.days()]
        statuses = [e.status for e in seen]
        if any(s in wanted for s in statuses) or any(s in loose for s in statuses):
            verdict = SUPPORTED
        elif all(s in refused for s in statuses) and not self.changed_between():
            verdict = CONTRADICTED
        else:
            verdict = UNVERIFIABLE
        steps = [act_evidence(a) for a in self.acts(CONSENTS + ("signature",) + EXIT_STEPS)][-3:]
        return Verdict(verdict, seen + steps)

    def changed_between(self) -> bool:
        days = self.days()
        if len(days) < 2:
            return False
        first, last = days[0].isoformat(), days[-1].isoformat()
        return any(first < (d or "") <= last for a in self.acts(()) for d in (a.date, a.effective))

    def party(self) -> Verdict:
        if self.claim.negated:
            return self.nonparty(flip=False)
        if self.time is not None and self.time.qualifier == "since":
            return self.party_since()
        return self.held(IN_FORCE, ("signatory", "withdrawn", "non-party"))

    def nonparty(self, flip: bool = True) -> Verdict:
        if self.claim.negated and flip:
            return self.held(IN_FORCE, ("signatory", "withdrawn", "non-party"))
        return self.held(("non-party", "withdrawn", "signatory"), IN_FORCE)

    def party_since(self) -> Verdict:
        consents = self.acts(CONSENTS)
        status = self.status(self.record.as_of)
        if status.status not in IN_FORCE:
            return Verdict(CONTRADICTED if status.status in ("signatory", "withdrawn", "non-party") else UNVERIFIABLE,
                           [status])
        match = [a for a in consents if self.in_time(a.date) or self.in_time(a.effective)]
        if match:
            return Verdict(SUPPORTED, [status, act_evidence(match[-1])])
        verdict = CONTRADICTED if self.firm() and consents and not self.near(consents, effective=True) else UNVERIFIABLE
        return Verdict(verdict, [status, *[act_evidence(a) for a in consents]])

    def consent_effect(self) -> Verdict:
        """ "The Convention entered into force for Lithuania on 1 November 2003"."""
        consents = self.acts(CONSENTS)
        match = [a for a in consents if self.in_time(a.effective)]
        if match:
            return Verdict(SUPPORTED, [act_evidence(match[0])])
        if consents:
            verdict = CONTRADICTED if self.firm() and not self.near(consents, effective=True) else UNVERIFIABLE
            return Verdict(verdict, [act_evidence(a) for a in consents])
        return self.absent()

    def signatory(self) -> Verdict:
        if self.claim.negated:
            return self.nonsignatory()
        return self.held(("signatory",), ("non-party",), loose=("party", "withdrawing", "consented"))

    def nonsignatory(self) -> Verdict:
        signatures, consents = self.acts(("signature",)), self.acts(CONSENTS)
        if signatures:
            return Verdict(CONTRADICTED, [act_evidence(a) for a in signatures])
        if consents:  # never signed, but joined: "non-signatory" usually means "outside the treaty"
            return Verdict(UNVERIFIABLE, [act_evidence(a) for a in consents])
        return self.never([], [])
