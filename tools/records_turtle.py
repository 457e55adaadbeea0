"""One treaty's participation from its records, as Turtle: ``graph/generated/{depositary,records}-<treaty>.ttl``.

Reads only the project's tables (tools/records_tables.py) and reviews (tools/records_review.py), merges them by
the treaty's rules (tools/merge_by_depositary.py or merge_by_primary.py, :attr:`Treaty.rules`), and writes
each act and claim, with the words that say which date the graph follows and why, through the one Turtle
writer (tools/turtle_writer.py). Deterministic; ``tests/test_borders.py`` checks that every file on disk is
what it writes. Lives in tools/, outside the wheel.
"""

from __future__ import annotations

from pathlib import Path

import merge_by_depositary as by_depositary
import merge_by_primary as by_primary
import records_review as review_table
import turtle_writer as ttl
from project_tables import in_words, state_labels
from records_acts import CLASSES, Act
from records_tables import deposits, load_tables
from records_treaties import TREATIES, Treaty

NOUNS = {"signature": "signature of", "ratification": "ratification of", "accession": "accession to",
         "succession": "succession to", "acceptance": "acceptance of", "approval": "approval of",
         "withdrawal": "withdrawal from", "waiver": "waiver for", "consent to be bound": "consent to be bound by"}
VERBS = {"signature": "signed", "ratification": "ratified", "accession": "acceded to", "succession": "succeeded to",
         "acceptance": "accepted", "approval": "approved", "withdrawal": "withdrew from",
         "waiver": "waived the Article 28(1) requirements of"}
CAPITALS = {"GBR": "London", "USA": "Washington", "RUS": "Moscow"}
RECORDS = {"unoda": "UNODA", "fcdo": "UK Treaties Online", "ieadb": "the IEADB"}


def act_turtle(act: Act, treaty: str, notes: list[str], sources: list[str]) -> str:
    """One act's Turtle."""
    return ttl.act_turtle(act.key, CLASSES[act.kind], act.iso3, treaty, sources, date=act.date,
                          effective=act.effective, depositaries=sorted(act.depositaries), note=" ".join(notes))


def generate(root: Path, code: str) -> str:
    """The whole generated file for one treaty, from the project's tables and reviews only."""
    treaty = TREATIES[code]
    if treaty.rules == "depositary":
        return _by_depositary(root, treaty)
    return _by_primary(root, treaty)


# ---- the NPT, the BWC and the zones (tools/merge_by_depositary.py) ----

def _by_depositary(root: Path, treaty: Treaty) -> str:
    found = load_tables(root, treaty.code)
    rows = [d for d in deposits(root, treaty.code) if d.date]
    merged = by_depositary.merge(rows, review_table.read_review(root, treaty.code), treaty.several)
    by_depositary.successions(merged, treaty.code, review_table.read_successions(root), rows)
    by_stage: dict[tuple[str, str], list[Act]] = {}
    for act in merged.acts:
        by_stage.setdefault((act.iso3, act.stage), []).append(act)
    blocks = [act_turtle(act, treaty.code, _act_notes(act, by_stage[(act.iso3, act.stage)], treaty.several),
                         sorted(set(act.sources) | act.effective_sources)) for act in merged.acts]
    acts, names = {act.key: act for act in merged.acts}, state_labels(root)
    blocks += [_claim(claim, treaty, acts[claim.subject], names[claim.deposit.iso3]) for claim in merged.claims]
    return ttl.document(treaty.generated_name, _inputs(found, treaty, review_table.SUCCESSIONS.name), blocks,
                        treaty.code, claims=True)


def _inputs(found: dict[str, list[dict[str, str]]], treaty: Treaty, *more: str) -> str:
    """The tables a generated file is written from, for its header."""
    tables = [f"graph/tables/{record}/{treaty.code}.tsv" for record in sorted(found)]
    return ", ".join([*tables, str(review_table.TABLE), *more]) + " and record-names.tsv"


def _act_notes(act: Act, others: list[Act], several: bool) -> list[str]:
    notes = list(act.notes)
    if not several:
        return notes
    named = sorted(act.records, key=["unoda", "fcdo", "ieadb"].index)
    from_ieadb = act.depositaries - ({"GBR"} if "fcdo" in act.records else set())
    if not act.depositaries:
        given = " and ".join(RECORDS[record] for record in named)
        notes.insert(0, f"{given[0].upper() + given[1:]} give{'s' if len(named) == 1 else ''} this date without "
                        "naming the depositary.")
    elif from_ieadb:
        notes.insert(0, "The IEADB's note names the depositary ("
                        + ", ".join(CAPITALS[d] for d in sorted(from_ieadb)) + ").")
    if others[0] is not act and act.kind == "succession":
        notes.append(f"A further deposit of the succession first deposited on {in_words(others[0].date)} "
                     f"(act:{others[0].key}), which took effect on {in_words(act.effective)}.")
    elif others[0] is not act:
        notes.append(f"A further deposit: the state's consent took effect from its first deposit, on "
                     f"{in_words(others[0].date)}." if act.stage == "consent"
                     else f"A further signature; the first was on {in_words(others[0].date)}.")
    return notes


def _claim_note(claim: by_depositary.Claim, treaty: Treaty, subject: Act, name: str) -> str:
    followed = f"{name}'s {NOUNS[subject.kind]} {treaty.title} on {in_words(subject.date)}"
    if claim.why == "not followed":
        return f"Not followed: {claim.reason} The graph holds {followed}."
    if claim.why == "other effective date":
        return f"Not followed: {claim.reason} The graph dates the succession from {in_words(subject.effective)}."
    if claim.why == "other deposit" and subject.stage == "signature":
        return (f"Kept as a signature of its own (act {claim.reason}): a state may sign with each depositary. "
                f"The graph's first signature is {followed}.")
    if claim.why == "other deposit" and subject.kind == "succession" and subject.effective:
        return (f"Kept as a deposit of its own (act {claim.reason}). {name}'s succession took effect on "
                f"{in_words(subject.effective)}, whichever deposit is counted ({review_table.SUCCESSIONS}).")
    if claim.why == "other deposit":
        return (f"Kept as a deposit of its own (act {claim.reason}). The graph dates {name}'s consent from its first "
                f"deposit, on {in_words(subject.date)} ({treaty.why}).")
    if claim.why == "other kind":
        article = "an" if subject.kind[0] in "aeiou" else "a"
        return (f"The graph records the act as {article} {NOUNS[subject.kind].split()[0]}, the kind most records "
                "give; the date is the same.")
    return f"The graph follows {followed}: {treaty.why}."


def _claim(claim: by_depositary.Claim, treaty: Treaty, subject: Act, name: str) -> str:
    """One claim: what a record says, what contradicts it, and which the graph follows."""
    deposit = claim.deposit
    where = f" in {CAPITALS[deposit.depositary]}" if deposit.depositary else ""
    record = RECORDS[deposit.record]
    record = record[0].upper() + record[1:]
    text = f"{record} records that {name} {VERBS[deposit.action]} {treaty.title}{where} on {in_words(deposit.date)}."
    ident = f"{treaty.code}-{deposit.iso3}-{deposit.action}-{deposit.record}-{deposit.date}"
    if claim.why == "other effective date":
        text = (f"{record} records that {name}'s succession to {treaty.title}, deposited{where} on "
                f"{in_words(deposit.date)}, took effect on {in_words(deposit.effective)}.")
        ident += "-effective"
    return ttl.claim_turtle(ident, claim.subject, treaty.code, text, deposit.source,
                            [f"src:{s}" for s in claim.contradicted_by], _claim_note(claim, treaty, subject, name))


# ---- the Outer Space Treaty and the others read from two records (tools/merge_by_primary.py) ----

def _by_primary(root: Path, treaty: Treaty) -> str:
    acts, claims = by_primary.load(root, treaty)
    labels = state_labels(root)
    blocks = [act_turtle(act, treaty.code, act.notes + ([] if act.date else [_UNDATED]), act.sources) for act in acts]
    blocks += [primary_claim(treaty, claim, labels)
               for claim in sorted(claims, key=lambda c: (c.claimed.iso3, c.claimed.date, c.record))]
    return ttl.document(treaty.generated_name, _inputs(load_tables(root, treaty.code), treaty), blocks, treaty.code,
                        claims=True)


_UNDATED = "The record gives no date of deposit for it, only the date it took effect."


def primary_claim(treaty: Treaty, claim: by_primary.Claim, labels: dict[str, str]) -> str:
    """One claim as Turtle: the claimed date, its record, what the graph holds instead, and why."""
    claimed = claim.claimed
    text = (f"The {by_primary.NAMES[claim.record]} dates {labels[claimed.iso3]}'s {NOUNS[claimed.kind]} "
            f"{treaty.title} {claimed.date}.")
    return ttl.claim_turtle(f"{treaty.code}-{claimed.key}-{claim.record}", claim.act.key, treaty.code, text,
                            treaty.source(claim.record), [] if claim.held else [f"act:{claim.act.key}"], claim.note)
