"""Merge the records of the NPT, the BWC and the nuclear-weapon-free zones into the graph's acts and claims.

The rules (docs/data.md, "The NPT, the BWC and the nuclear-weapon-free zones", says why):

- **Several depositaries** (NPT, BWC: London, Moscow, Washington). Every date a record gives for a state's
  signature or consent is a deposit, at the depositary the record names: London's own record (UK
  Treaties Online) names London; the IEADB names one in its note ("Deposited with …"); UNODA names none.
  Rows of several records with the same date are one deposit. The consent takes effect from the first
  deposit (the derivation ignores later ones). Two records that put one depositary's deposit on two
  different dates stop the tool until a review decides.
- **One depositary** (the zones): one act per state and stage. Where the records disagree the graph
  follows UNODA, then UK Treaties Online, then the IEADB, unless a review says otherwise.
- **Reviews** (graph/tables/record-review.tsv, tools/records_review.py) decide single rows: ``not followed``,
  ``left out``, ``date of succession`` (the row dates when a succession took effect, not a deposit),
  ``followed`` (a one-depositary treaty: this row's date, not the preferred record's), ``waiver`` (the Treaty of
  Tlatelolco: the row, whatever its action, is the state's Article 28(2) waiver).
- **Waivers** (Tlatelolco): a waiver dated after the state's ratification is when the Treaty entered into
  force for it, asserted as the ratification's effective date.
- **Successions**: each must have a reviewed row in graph/tables/depositary-successions.tsv (:func:`successions`).
- **Claims.** Every date or kind of act a record gives that the graph does not follow is kept as a claim.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import records_review as review_table
from project_tables import in_words
from records_acts import Act, Row

#: The record preferred where records disagree, for treaties with several depositaries and with one.
PRIORITY = {True: ("fcdo", "unoda", "ieadb"), False: ("unoda", "fcdo", "ieadb")}
#: The decisions of graph/tables/record-review.tsv these rules apply.
DECISIONS = ("not followed", "left out", "date of succession", "followed", "waiver")


@dataclass(frozen=True)
class Claim:
    """A record's date or kind of act that the graph does not follow, and why."""

    deposit: Row
    subject: str                 # the key of the act the graph follows for this state and stage
    contradicted_by: tuple[str, ...]
    why: str                     # "other deposit" | "other kind" | "not followed" | "other record" | "other effective date"
    reason: str = ""             # a review's reason, or the key of the act that holds this deposit


@dataclass
class Merged:
    """What the graph holds for one treaty."""

    acts: list[Act]
    claims: list[Claim]
    left_out: list[tuple[Row, str]]


def _key(deposit: Row) -> review_table.Key:
    return deposit.record, deposit.iso3, deposit.action, deposit.date


def apply_reviews(deposits: list[Row], review: list[dict[str, str]]) -> tuple[
        list[Row], list[tuple[Row, dict[str, str]]]]:
    """Split off the reviewed rows: (the rows taken as they are, [(reviewed row, its review)]).

    A review that matches no row is an error: the table changed under it.
    """
    decisions = review_table.check(review, DECISIONS)
    review_table.unmatched(decisions, [_key(deposit) for deposit in deposits])
    kept, reviewed = [], []
    for deposit in deposits:
        decision = decisions.get(_key(deposit))
        if decision and decision["decision"] != "followed":
            reviewed.append((deposit, decision))
        else:
            kept.append(deposit)
    return kept, reviewed


def _kind(group: list[Row], priority: tuple[str, ...]) -> str:
    """The kind of act most records give; ties go to the preferred record."""
    counts = Counter(deposit.action for deposit in group)
    best = max(counts.values())
    for record in priority:
        for deposit in group:
            if deposit.record == record and counts[deposit.action] == best:
                return deposit.action
    return group[0].action


def _acts_by_date(group: list[Row], kind: str) -> list[Act]:
    acts: dict[str, Act] = {}
    for deposit in sorted(group, key=lambda d: d.date):
        act = acts.setdefault(deposit.date, Act(deposit.iso3, kind, deposit.date))
        act.add(deposit.record, deposit.source)
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
                                 f"with {sorted(shared)}: review one of them in {review_table.TABLE}")


def _followed_date(group: list[Row], followed: set[review_table.Key], priority: tuple[str, ...]) -> str:
    for deposit in group:
        if _key(deposit) in followed:
            return deposit.date
    return min(group, key=lambda d: (priority.index(d.record), d.date)).date


def _others(act: Act, deposit: Row) -> tuple[str, ...]:
    return tuple(sorted(set(act.sources) - {deposit.source}))


def merge_stage(group: list[Row], several: bool, followed: set[review_table.Key]) -> tuple[list[Act], list[Claim]]:
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
        if deposit.date not in held:
            claims.append(Claim(deposit, subject.key, _others(subject, deposit), "other record"))
        elif deposit.date != subject.date:
            claims.append(Claim(deposit, subject.key, _others(subject, deposit), "other deposit", held[deposit.date].key))
        elif deposit.action != kind:
            claims.append(Claim(deposit, subject.key, _others(subject, deposit), "other kind"))
    return acts, claims


def _assert_effective(acts: list[Act], dates: dict[tuple[str, str], tuple[str, str, str]], label: str) -> None:
    """Give every act of a stage the effective date a review or a waiver row asserts for it."""
    for act in acts:
        found = dates.get((act.iso3, act.stage))
        if found is None or (label == "waiver" and found[0] <= act.date):
            continue
        act.effective, act.effective_sources = found[0], {found[1]}
        act.notes.append(found[2])


def _waiver_note(date: str) -> str:
    return (f"In force for the state from its waiver of the Article 28(1) requirements, deposited on "
            f"{in_words(date)} (Article 28(2)).")


def _waivers(kept: list[Row], reviewed: list[tuple[Row, dict[str, str]]]
             ) -> dict[tuple[str, str], tuple[str, str, str]]:
    waivers = {(d.iso3, "consent"): (d.date, d.source, _waiver_note(d.date)) for d in kept if d.action == "waiver"}
    for deposit, row in reviewed:
        if row["decision"] == "waiver":
            waivers[(deposit.iso3, "consent")] = (deposit.date, deposit.source,
                                                  f"{_waiver_note(deposit.date)} {row['reason']}")
    return waivers


def _not_followed(acts: list[Act], reviewed: list[tuple[Row, dict[str, str]]]) -> list[Claim]:
    subjects = {(act.iso3, act.stage): act for act in sorted(acts, key=lambda a: a.date, reverse=True)}
    claims = []
    for deposit, row in reviewed:
        if row["decision"] == "not followed":
            subject = subjects.get((deposit.iso3, deposit.stage or "consent"))
            if subject is None:
                raise SystemExit(f"{deposit}: not followed, but no other act of this state and stage is held")
            claims.append(Claim(deposit, subject.key, _others(subject, deposit), "not followed", row["reason"]))
    return claims


def merge(deposits: list[Row], review: list[dict[str, str]], several: bool) -> Merged:
    """Every act and claim the graph holds for one treaty, from its records' dated rows and the reviews."""
    kept, reviewed = apply_reviews([d for d in deposits if d.date], review)
    followed = {review_table.key(row) for row in review if row["decision"] == "followed"}
    groups: dict[tuple[str, str], list[Row]] = {}
    for deposit in kept:
        if deposit.stage:
            groups.setdefault((deposit.iso3, deposit.stage), []).append(deposit)
    acts, claims = [], []
    for key in sorted(groups):
        stage_acts, stage_claims = merge_stage(groups[key], several, followed)
        acts.extend(stage_acts)
        claims.extend(stage_claims)
    successions = {(d.iso3, "consent"): (d.date, d.source, row["reason"])
                   for d, row in reviewed if row["decision"] == "date of succession"}
    _assert_effective(acts, successions, "succession")
    _assert_effective(acts, _waivers(kept, reviewed), "waiver")
    claims += _not_followed(acts, reviewed)
    left_out = [(deposit, row["reason"]) for deposit, row in reviewed if row["decision"] == "left out"]
    return Merged(sorted(acts, key=lambda a: (a.iso3, a.stage, a.date)),
                  sorted(claims, key=lambda c: (c.deposit.iso3, c.deposit.stage, c.deposit.date, c.deposit.record)),
                  left_out)


# ---- when each succession took effect: graph/tables/depositary-successions.tsv ----

def _successions(merged: Merged) -> dict[str, list[Act]]:
    by_state: dict[str, list[Act]] = {}
    for act in merged.acts:
        if act.kind == "succession":
            by_state.setdefault(act.iso3, []).append(act)
    return by_state


def successions(merged: Merged, treaty: str, rows: list[dict[str, str]], deposits: list[Row]) -> None:
    """Assert each succession's reviewed effective date, note and sources; claim the records' other dates.

    By the depositaries' practice a succession takes effect from the date of the succession of states when the
    predecessor was bound for the territory on that day (docs/data.md, "Successions"); otherwise from the
    deposit. Every succession the merge holds must have one reviewed row (treaty, state). The row's date is
    asserted on each of the state's succession acts (a further deposit changes nothing), with the note and the
    sources. A record that states another effective date is kept as a claim, with the row's ``other_dates``
    saying why it is not followed; a row without that reason, a row for no act, an act without a row, or a
    ``deposit`` row whose date is not the first deposit stops the tool.
    """
    table = review_table.SUCCESSIONS
    reviewed, acts = review_table.successions(rows, treaty), _successions(merged)
    missing, stale = sorted(set(acts) - set(reviewed)), sorted(set(reviewed) - set(acts))
    if missing:
        raise SystemExit(f"{treaty}: no reviewed effective date for the successions of {missing}: add them to {table}")
    if stale:
        raise SystemExit(f"{table}: {treaty}: no succession of {stale} in the records")
    for iso3, state_acts in sorted(acts.items()):
        row = reviewed[iso3]
        subject = min(state_acts, key=lambda act: act.date)
        if row["basis"] == "deposit" and row["effective"] != subject.date:
            raise SystemExit(f"{table}: {treaty} {iso3}: basis 'deposit' but {row['effective']} is not the first "
                             f"deposit ({subject.date})")
        for act in state_acts:  # a further deposit's note points to the first (records_turtle)
            act.effective, act.effective_sources = row["effective"], set(row["sources"].split())
            act.notes = [row["note"]] if act is subject else []
        for deposit in deposits:
            if deposit.iso3 != iso3 or deposit.action != "succession" or deposit.effective in ("", row["effective"]):
                continue
            if not row["other_dates"]:
                raise SystemExit(f"{table}: {treaty} {iso3}: {deposit.record} gives {deposit.effective}; say why "
                                 "the graph does not follow it (other_dates)")
            by = tuple(sorted(set(row["sources"].split()) - {deposit.source}))
            merged.claims.append(Claim(deposit, subject.key, by, "other effective date", row["other_dates"]))
    merged.claims.sort(key=lambda c: (c.deposit.iso3, c.deposit.stage, c.deposit.date, c.deposit.record, c.why))
