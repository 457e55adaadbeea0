"""Merge the three records' rows into the graph's acts and claims, and list where the records disagree.

The rules (docs/data.md, "The NPT, the BWC and the nuclear-weapon-free zones", says why):

- **Several depositaries** (NPT, BWC: London, Moscow, Washington). Every date a record gives for a state's
  signature or consent is a deposit, at the depositary the record names: London's own record (UK
  Treaties Online) names London; the IEADB names one in its note ("Deposited with …"); UNODA names none.
  Rows of several records with the same date are one deposit. The consent takes effect from the first
  deposit (the derivation ignores later ones). Two records that put one depositary's deposit on two
  different dates stop the tool until a review decides.
- **One depositary** (the zones): one act per state and stage. Where the records disagree the graph
  follows UNODA, then UK Treaties Online, then the IEADB, unless a review says otherwise.
- **Reviews** (graph/tables/depositary-review.tsv) decide single rows: ``not followed`` (kept only as a
  claim, with the reason), ``left out`` (not this state's act: a predecessor's row, a coding artefact),
  ``date of succession`` (the row dates when a succession took effect, not a deposit), ``followed`` (a
  one-depositary treaty: this row's date, not the preferred record's), ``waiver`` (the Treaty of
  Tlatelolco: the row, whatever its action, is the state's Article 28(2) waiver).
- **Waivers** (Tlatelolco): a waiver dated after the state's ratification is when the Treaty entered into
  force for it, asserted as the ratification's effective date.
- **Claims.** Every date or kind of act a record gives that the graph does not follow is kept as a claim.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

#: The stage of participation each action belongs to.
STAGES = {"signature": "signature", "ratification": "consent", "accession": "consent", "succession": "consent",
          "acceptance": "consent", "approval": "consent", "withdrawal": "withdrawal"}
#: The record preferred where records disagree, for treaties with several depositaries and with one.
PRIORITY = {True: ("fcdo", "unoda", "ieadb"), False: ("unoda", "fcdo", "ieadb")}
DECISIONS = ("not followed", "left out", "date of succession", "followed", "waiver")


@dataclass(frozen=True)
class Deposit:
    """One action of one state as one record gives it (a row of graph/tables/<record>/<treaty>.tsv)."""

    record: str
    iso3: str
    action: str
    date: str
    effective: str = ""
    depositary: str = ""
    source: str = ""

    @property
    def stage(self) -> str:
        """signature, consent or withdrawal ("" for the IEADB's entry-into-force and waiver rows)."""
        return STAGES.get(self.action, "")


@dataclass
class Act:
    """One act in the graph: a deposit (or signature) on one date, with every record that gives it."""

    iso3: str
    stage: str
    kind: str
    date: str
    depositaries: set[str] = field(default_factory=set)
    records: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    effective: str = ""
    effective_sources: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The act's local name: ISO3-kind-date, as for the UN Treaty Collection's acts."""
        return f"{self.iso3}-{self.kind}-{self.date}"


@dataclass(frozen=True)
class Claim:
    """A record's date or kind of act that the graph does not follow, and why."""

    deposit: Deposit
    subject: str                 # the key of the act the graph follows for this state and stage
    contradicted_by: tuple[str, ...]
    why: str                     # "other deposit" | "other kind" | "not followed" | "other record"
    reason: str = ""             # a review's reason, or the key of the act that holds this deposit


@dataclass
class Merged:
    """What the graph holds for one treaty."""

    acts: list[Act]
    claims: list[Claim]
    left_out: list[tuple[Deposit, str]]


def _review_key(row: dict[str, str]) -> tuple[str, str, str, str]:
    return row["iso3"], row["action"], row["record"], row["date"]


def apply_reviews(deposits: list[Deposit], review: list[dict[str, str]]) -> tuple[
        list[Deposit], list[tuple[Deposit, dict[str, str]]]]:
    """Split off the reviewed rows: (the rows taken as they are, [(reviewed row, its review)]).

    A review that matches no row is an error: the table changed under it.
    """
    decisions = {_review_key(row): row for row in review}
    for row in review:
        if row["decision"] not in DECISIONS:
            raise SystemExit(f"depositary-review.tsv: unknown decision {row['decision']!r}")
    kept, reviewed, used = [], [], set()
    for deposit in deposits:
        key = (deposit.iso3, deposit.action, deposit.record, deposit.date)
        if key in decisions and decisions[key]["decision"] != "followed":
            reviewed.append((deposit, decisions[key]))
        else:
            kept.append(deposit)
        used.add(key)
    stale = sorted(set(decisions) - used)
    if stale:
        raise SystemExit(f"depositary-review.tsv: no table row for {stale}")
    return kept, reviewed


def _kind(group: list[Deposit], priority: tuple[str, ...]) -> str:
    """The kind of act most records give; ties go to the preferred record."""
    counts = Counter(deposit.action for deposit in group)
    best = max(counts.values())
    for record in priority:
        for deposit in group:
            if deposit.record == record and counts[deposit.action] == best:
                return deposit.action
    return group[0].action


def _acts_by_date(group: list[Deposit], kind: str) -> list[Act]:
    acts: dict[str, Act] = {}
    for deposit in sorted(group, key=lambda d: d.date):
        act = acts.setdefault(deposit.date, Act(deposit.iso3, deposit.stage, kind, deposit.date))
        act.records.add(deposit.record)
        act.sources.add(deposit.source)
        if deposit.depositary:
            act.depositaries.add(deposit.depositary)
        if deposit.effective and kind == "succession":
            act.effective, act.effective_sources = deposit.effective, {deposit.source}
    return list(acts.values())


def _check_depositaries(acts: list[Act]) -> None:
    for i, act in enumerate(acts):
        for other in acts[i + 1:]:
            shared = act.depositaries & other.depositaries
            if shared:
                raise SystemExit(f"{act.iso3} {act.stage}: two dates, {act.date} and {other.date}, for a deposit "
                                 f"with {sorted(shared)}: review one of them in graph/tables/depositary-review.tsv")


def _followed_date(group: list[Deposit], review: dict[tuple[str, str, str, str], dict[str, str]],
                   priority: tuple[str, ...]) -> str:
    for deposit in group:
        if (deposit.iso3, deposit.action, deposit.record, deposit.date) in review:
            return deposit.date
    return min(group, key=lambda d: (priority.index(d.record), d.date)).date


def merge_stage(group: list[Deposit], several: bool, followed: dict[tuple[str, str, str, str], dict[str, str]]
                ) -> tuple[list[Act], list[Claim]]:
    """The acts and claims for one state's stage (its signatures, or its consents) of one treaty."""
    priority = PRIORITY[several]
    kind = _kind(group, priority)
    acts = _acts_by_date(group, kind)
    if several:
        _check_depositaries(acts)
        subject = acts[0]
    else:
        date = _followed_date(group, followed, priority)
        subject = next(act for act in acts if act.date == date)
        acts = [subject]
    held = {act.date: act for act in acts}
    claims = []
    for deposit in sorted(group, key=lambda d: (d.date, d.record)):
        by = tuple(sorted(subject.sources - {deposit.source}))
        if deposit.date not in held:
            claims.append(Claim(deposit, subject.key, by, "other record"))
        elif deposit.date != subject.date:
            claims.append(Claim(deposit, subject.key, by, "other deposit", held[deposit.date].key))
        elif deposit.action != kind:
            claims.append(Claim(deposit, subject.key, by, "other kind"))
    return acts, claims


def _assert_effective(acts: list[Act], dates: dict[tuple[str, str], tuple[str, str, str]],
                      label: str) -> None:
    """Give every act of a stage the effective date a review or a waiver row asserts for it."""
    for act in acts:
        found = dates.get((act.iso3, act.stage))
        if found is None or (label == "waiver" and found[0] <= act.date):
            continue
        act.effective, act.effective_sources = found[0], {found[1]}
        act.notes.append(found[2])


def _waiver_note(date: str) -> str:
    when = dt.date.fromisoformat(date)
    return (f"In force for the state from its waiver of the Article 28(1) requirements, deposited on "
            f"{when.day} {when.strftime('%B')} {when.year} (Article 28(2)).")


def merge(deposits: list[Deposit], review: list[dict[str, str]], several: bool) -> Merged:
    """Every act and claim the graph holds for one treaty, from its records' rows and the reviews."""
    kept, reviewed = apply_reviews(deposits, review)
    followed = {_review_key(row): row for row in review if row["decision"] == "followed"}
    groups: dict[tuple[str, str], list[Deposit]] = {}
    waivers: dict[tuple[str, str], tuple[str, str, str]] = {}
    for deposit in kept:
        if deposit.stage:
            groups.setdefault((deposit.iso3, deposit.stage), []).append(deposit)
        elif deposit.action == "waiver":
            waivers[(deposit.iso3, "consent")] = (deposit.date, deposit.source, _waiver_note(deposit.date))
    for deposit, row in reviewed:
        if row["decision"] == "waiver":
            waivers[(deposit.iso3, "consent")] = (deposit.date, deposit.source, f"{_waiver_note(deposit.date)} {row['reason']}")
    successions = {(d.iso3, "consent"): (d.date, d.source, row["reason"])
                   for d, row in reviewed if row["decision"] == "date of succession"}
    acts, claims = [], []
    for key in sorted(groups):
        stage_acts, stage_claims = merge_stage(groups[key], several, followed)
        acts.extend(stage_acts)
        claims.extend(stage_claims)
    _assert_effective(acts, successions, "succession")
    _assert_effective(acts, waivers, "waiver")
    subjects = {(act.iso3, act.stage): act for act in sorted(acts, key=lambda a: a.date, reverse=True)}
    for deposit, row in reviewed:
        if row["decision"] == "not followed":
            subject = subjects.get((deposit.iso3, deposit.stage or "consent"))
            if subject is None:
                raise SystemExit(f"{deposit}: not followed, but no other act of this state and stage is held")
            by = tuple(sorted(subject.sources - {deposit.source}))
            claims.append(Claim(deposit, subject.key, by, "not followed", row["reason"]))
    left_out = [(deposit, row["reason"]) for deposit, row in reviewed if row["decision"] == "left out"]
    return Merged(sorted(acts, key=lambda a: (a.iso3, a.stage, a.date)),
                  sorted(claims, key=lambda c: (c.deposit.iso3, c.deposit.stage, c.deposit.date, c.deposit.record)),
                  left_out)


def cross_check(treaty: str, deposits: list[Deposit], several: bool) -> list[str]:
    """One line per state and stage where the records disagree (dates, kinds, or who is listed at all)."""
    lines = []
    groups: dict[tuple[str, str], list[Deposit]] = {}
    for deposit in deposits:
        if deposit.stage:
            groups.setdefault((deposit.iso3, deposit.stage), []).append(deposit)
    records = sorted({deposit.record for deposit in deposits})
    complete = [record for record in records if record != "fcdo" or not several]
    for (iso3, stage), group in sorted(groups.items()):
        dates = {(d.record, d.date, d.action, d.depositary) for d in group}
        missing = [record for record in complete if not any(d.record == record for d in group)]
        if len({d.date for d in group}) > 1 or len({d.action for d in group}) > 1 or missing:
            given = "; ".join(f"{record} {date} {action}{' at ' + dep if dep else ''}"
                              for record, date, action, dep in sorted(dates))
            absent = f" (not in {', '.join(missing)})" if missing else ""
            lines.append(f"{treaty} {iso3} {stage}: {given}{absent}")
    return lines
