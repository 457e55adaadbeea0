"""Merge a treaty's two records (the UK's and the IEADB's tables) into the graph's acts and claims.

For the Outer Space Treaty, the PTBT, the Seabed Treaty, the Geneva Protocol and the CPPNM (and its
amendment). The rules, for one state and one stage (signature, or consent to be bound):

- every act in the primary record (:attr:`Treaty.primary`: UK Treaties Online, or the IEADB where it restates
  the depositary's data) is an act of the graph; where the UK is a depositary (Outer Space Treaty, PTBT, Seabed
  Treaty) it carries ``ak:depositary state:GBR``;
- a row of the other record with no row in the primary is an act of the graph;
- a row of the other record on the same day (or, for a succession, on the day the UK record says it took
  effect) is the same act: the other record becomes its second source;
- a row of the other record on another day is a claim. Where the UK is one of several depositaries and the
  IEADB's day is the earlier, it is most likely the deposit with another depositary (the IEADB restates the US
  Department of State's list of earliest deposits): the graph holds it as a second deposit, without a
  depositary, and the consent takes effect from the earlier. Otherwise the graph follows the primary record.
- ``graph/tables/record-review.tsv`` overrides these rules row by row, each time with a reason
  (tools/records_review.py): ``not followed`` (a claim only), ``left out``, ``date of succession`` (the row's
  date is when a succession took effect; ``deposit`` gives the deposit), ``followed`` (an act whatever the rules
  say), ``effective`` (the act took effect on ``effective``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import records_review as review_table
from records_acts import Act, Row
from records_tables import deposits
from records_treaties import Treaty

#: The actions these rules hold as acts (the IEADB's entry-into-force and withdrawal rows are not acts here).
KINDS = ("signature", "ratification", "accession", "succession", "acceptance", "approval", "consent to be bound")
#: The decisions of graph/tables/record-review.tsv these rules apply.
DECISIONS = ("not followed", "left out", "date of succession", "followed", "effective")
NAMES = {"fcdo": "UK record", "ieadb": "IEADB"}
#: Where a London record's succession gives the date it took effect, that date is asserted; not for the Geneva
#: Protocol, whose UK record is not the depositary's and whose dates are sometimes those of a notification.
_NOT_ASSERTED = ("geneva-protocol",)

Acts = dict[tuple[str, str], list[Act]]


@dataclass(frozen=True)
class Claim:
    """A record's date the graph does not hold as the act it is about (or holds as a second deposit)."""

    act: Act
    claimed: Act
    record: str
    held: bool
    note: str


def _as_act(deposit: Row, treaty: Treaty) -> Act:
    date, effective, name = deposit.date, deposit.effective, NAMES[deposit.record]
    notes = []
    asserted = deposit.action == "succession" and treaty.code not in _NOT_ASSERTED and deposit.record == "fcdo"
    if not date and effective and not asserted:
        date, notes = effective, [f"The {name} gives only this one date for it."]
    elif effective and effective != date and not asserted:
        notes, effective = [f"The {name} also gives {effective} as the date it took effect."], ""
    if asserted and effective:
        notes.append(f"In effect from {effective}, the date of the succession of states, as the UK record states.")
    return Act(deposit.iso3, deposit.action, date, effective if asserted else "",
               {deposit.depositary} - {""}, [deposit.record], [deposit.source], notes=notes, stated=effective)


def _key(deposit: Row) -> review_table.Key:
    return deposit.record, deposit.iso3, deposit.action, deposit.date


def _ordered(deposits: list[Row], treaty: Treaty) -> list[Row]:
    """The rows these rules read: the primary record's first, each record's in its table's order."""
    rows = [d for d in deposits if d.action in KINDS]
    other = "ieadb" if treaty.primary == "fcdo" else "fcdo"
    return [d for d in rows if d.record == treaty.primary] + [d for d in rows if d.record == other]


def merge(deposits: list[Row], review: list[dict[str, str]], treaty: Treaty) -> tuple[list[Act], list[Claim]]:
    """The acts and claims of one treaty, from its records' rows and the reviewed decisions."""
    rows = _ordered(deposits, treaty)
    decisions = review_table.check(review, DECISIONS)
    review_table.unmatched(decisions, [_key(d) for d in rows])
    acts: Acts = defaultdict(list)
    claims, deferred, effective = [], [], []
    for deposit in rows:
        decision, act = decisions.get(_key(deposit)), _as_act(deposit, treaty)
        chosen = decision["decision"] if decision else ""
        if chosen in ("", "effective"):
            claims += _place(acts, act, treaty)
        if chosen == "effective":
            effective.append((act, decision))
        elif chosen == "not followed":
            deferred.append((act, deposit.record, decision["reason"]))
        elif chosen == "followed":
            acts[(act.iso3, act.stage)].append(replace(act, notes=[*act.notes, decision["reason"]]))
        elif chosen == "date of succession":
            claims += _place(acts, _succession(act, decision), treaty)
    claims += [Claim(_followed(acts, act), act, record, False, reason) for act, record, reason in deferred]
    for act, decision in effective:
        _assert_effective(acts[(act.iso3, act.stage)], act, decision)
    return sorted((a for group in acts.values() for a in group), key=lambda a: (a.iso3, a.date, a.kind)), claims


def load(root: Path, treaty: Treaty) -> tuple[list[Act], list[Claim]]:
    """The acts and claims of one treaty, from the project's tables and reviews."""
    return merge(deposits(root, treaty.code), review_table.read_review(root, treaty.code), treaty)


def _succession(act: Act, decision: dict[str, str]) -> Act:
    """The act a ``date of succession`` row gives: deposited on the review's ``deposit``, in effect from its date."""
    if not decision["deposit"]:
        raise SystemExit(f"{review_table.TABLE}: {act.iso3} {act.date}: 'date of succession' needs the deposit")
    return Act(act.iso3, "succession", decision["deposit"], act.date, records=act.records, sources=act.sources,
               notes=[decision["reason"]], stated=act.date)


def _assert_effective(held_acts: list[Act], act: Act, decision: dict[str, str]) -> None:
    """Assert the reviewed effective date on the act this row gives (the record's own date and its note go)."""
    for held in held_acts:
        if act.date in (held.date, held.stated):
            if held.effective and held.effective != decision["effective"]:
                held.notes = [n for n in held.notes if held.effective not in n]
            held.effective = decision["effective"]
            held.notes.append(decision["reason"])


def _followed(acts: Acts, act: Act) -> Act:
    found = acts.get((act.iso3, act.stage))
    if not found:
        raise SystemExit(f"a reviewed claim about {act.iso3}'s {act.stage} has no act to set against: review it")
    return min(found, key=lambda a: a.date or a.effective)


def _place(acts: Acts, act: Act, treaty: Treaty) -> list[Claim]:
    """Put one record's act among the acts already held; return the claims it gives rise to."""
    held, record = acts[(act.iso3, act.stage)], act.records[0]
    same = [a for a in held if act.date in (a.date, a.effective, a.stated) or (act.stated and act.stated == a.date)]
    if same:
        same[0].add(record, act.sources[0])
        return []
    if not held:
        held.append(act)
        return []
    if record == treaty.primary:
        raise SystemExit(f"{treaty.code}: the {NAMES[record]} has two {act.stage}s of {act.iso3}: review them")
    first = min(held, key=lambda a: a.date or a.effective)
    earlier = treaty.london_depositary and act.date < (first.date or first.effective)
    if earlier:
        notes = [*act.notes, _SECOND_DEPOSIT]
        if act.kind == "succession" and first.kind == "succession" and first.effective:
            notes.append(f"As a succession, in effect from {first.effective}, the date the London record states for it.")
        effective = first.effective if act.kind == "succession" and first.kind == "succession" else ""
        held.append(replace(act, notes=notes, effective=effective))
    return [Claim(first, act, record, earlier, _claim_note(treaty, first, act, earlier))]


_SECOND_DEPOSIT = ("The IEADB's date, earlier than the London deposit: most likely the deposit with another "
                   "depositary (Washington or Moscow), which the IEADB does not name.")


def _claim_note(treaty: Treaty, first: Act, act: Act, earlier: bool) -> str:
    ours = first.date or f"(undated; in effect from {first.effective})"
    if earlier:
        return (f"The London depositary's record dates the deposit in London {ours}; the IEADB, which restates the "
                f"US Department of State's list of deposits, gives {act.date}, most likely the deposit with another "
                "depositary. The graph holds both and counts the state's consent from the earlier, its first deposit.")
    if treaty.london_depositary:
        return (f"The London depositary's record gives {ours}; the graph follows it, the earlier deposit, from "
                "which the act counts. The IEADB's later date may be another depositary's; it changes no status.")
    return (f"The IEADB gives {ours} as the date of deposit with the depositary ({treaty.depositary}); the graph "
            "follows it over the UK's treaty record, which is not the depositary's and whose dates are sometimes "
            "those of an instrument or of a notification.")
