"""Merge a treaty's records (the UK's and the IEADB's tables) into acts and claims, and write them as Turtle.

The rules, for one state and one kind of act (signature, or consent to be bound):
- every act in the UK record (UK Treaties Online) is an act of the graph; where the UK is a depositary
  (Outer Space Treaty, PTBT, Seabed Treaty) it carries ``ak:depositary state:GBR``;
- an IEADB row with no UK row is an act of the graph, with no depositary (the IEADB does not name one);
- an IEADB row on the same day as the UK's (or, for a succession, on the day the UK record says it took
  effect) is the same act: the IEADB becomes its second source;
- an IEADB row on another day is a claim. Where the UK is one of several depositaries and the IEADB's day
  is the earlier, it is most likely the deposit with another depositary (the IEADB restates the US
  Department of State's list of earliest deposits): the graph holds it as a second deposit, without a
  depositary, and the consent takes effect from the earlier. Otherwise the graph follows the UK record.
- ``graph/tables/treaty-data-review.tsv`` overrides these rules row by row, each time with a reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from treaty_records import TREATIES

#: The classes of the acts the records give.
KINDS = {"Signature": "Signature", "Ratification": "Ratification", "Accession": "Accession",
         "Succession": "Succession", "Acceptance": "Acceptance", "Approval": "Approval",
         "Consent To Be Bound": "ConsentToBeBound"}
SOURCES = {"fcdo": "ukto-{fcdo}-{treaty}", "ieadb": "ieadb-arms-control-2026"}
#: Treaties whose acts are generated here (ENMOD's tables are only a cross-check: UNTC is its record).
GENERATED = ("ost", "ptbt", "seabed", "geneva-protocol", "cppnm", "cppnm-a")


@dataclass
class Act:
    """One act of the graph: who, what, when, with which depositary, from which records."""

    iso3: str
    kind: str
    date: str
    effective: str = ""
    depositary: str = ""
    records: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: The date the record gives as the one it took effect, held (as ``effective``) only where asserted.
    stated: str = ""

    @property
    def group(self) -> str:
        return "signature" if self.kind == "Signature" else "consent"

    @property
    def iri(self) -> str:
        name = "consent" if self.kind == "ConsentToBeBound" else self.kind.lower()
        return f"{self.iso3}-{name}-{self.date or 'undated'}"


@dataclass(frozen=True)
class Claim:
    """A record's date the graph does not hold as the act it is about (or holds as a second deposit)."""

    act: Act
    claimed: Act
    record: str
    held: bool
    note: str


def read_table(path: Path) -> list[dict[str, str]]:
    """A tab-separated table with a header row."""
    import importers

    return importers.read_table(path)


DECISIONS = ("drop", "claim", "succession", "act", "effective")


def read_review(root: Path) -> dict[tuple[str, str, str, str, str], dict[str, str]]:
    """The reviewed decisions, keyed by (treaty, record, iso3, action, date); an unknown decision stops the tool."""
    rows = read_table(root / "graph" / "tables" / "treaty-data-review.tsv")
    for row in rows:
        if row["decision"] not in DECISIONS or not row["reason"]:
            raise SystemExit(f"treaty-data-review.tsv: {row['treaty']} {row['iso3']} {row['date']}: a decision "
                             f"({', '.join(DECISIONS)}) and a reason are needed")
    return {(r["treaty"], r["record"], r["iso3"], r["action"], r["date"]): r for r in rows}


def _rows(root: Path, treaty: str, record: str) -> list[dict[str, str]]:
    path = root / "graph" / "tables" / record / f"{treaty}.tsv"
    if not path.is_file():
        return []
    return [r for r in read_table(path) if r["iso3"] and r["action"] in KINDS]


def _as_act(row: dict[str, str], record: str, treaty: str) -> Act:
    kind, date, effective = KINDS[row["action"]], row["date"], row["effective"]
    notes = []
    asserted = kind == "Succession" and treaty != "geneva-protocol" and record == "fcdo"
    if not date and effective and not asserted:
        date, notes = effective, [f"The {_name(record)} gives only this one date for it."]
    elif effective and effective != date and not asserted:
        notes = [f"The {_name(record)} also gives {effective} as the date it took effect."]
        effective = ""
    if asserted and effective:
        notes.append(f"In effect from {effective}, the date of the succession of states, as the UK record states.")
    return Act(row["iso3"], kind, date, effective if asserted else "", row["depositary"], [record], notes, effective)


def _name(record: str) -> str:
    return {"fcdo": "UK record", "ieadb": "IEADB"}[record]


def load(root: Path, treaty: str) -> tuple[list[Act], list[Claim]]:
    """The acts and claims of one treaty, from its tables and the reviewed decisions."""
    review, claims, deferred, used = read_review(root), [], [], set()
    deferred_effective: list[tuple[Act, dict[str, str]]] = []
    acts: dict[tuple[str, str], list[Act]] = defaultdict(list)
    primary = TREATIES[treaty].primary
    for record in (primary, "ieadb" if primary == "fcdo" else "fcdo"):
        for row in _rows(root, treaty, record):
            key = (treaty, record, row["iso3"], row["action"], row["date"])
            decision, act = review.get(key), _as_act(row, record, treaty)
            if decision is None:
                claims.extend(_place(acts, act, record, treaty))
                continue
            used.add(key)
            if decision["decision"] == "claim":
                deferred.append((act, record, decision["reason"]))
            elif decision["decision"] == "act":
                acts[(act.iso3, act.group)].append(replace(act, notes=[*act.notes, decision["reason"]]))
            elif decision["decision"] == "succession":
                held = Act(act.iso3, "Succession", decision["deposit"], act.date, "", [record], [decision["reason"]], act.date)
                claims.extend(_place(acts, held, record, treaty))
            elif decision["decision"] == "effective":
                claims.extend(_place(acts, act, record, treaty))
                deferred_effective.append((act, decision))
    stale = [key for key in review if key[0] == treaty and key not in used]
    if stale:
        raise SystemExit(f"treaty-data-review.tsv: no table row for {stale[0]}")
    claims += [Claim(_followed(acts, act), act, record, False, reason) for act, record, reason in deferred]
    for act, decision in deferred_effective:
        for held in acts[(act.iso3, act.group)]:
            if act.date in (held.date, held.stated):
                if held.effective and held.effective != decision["effective"]:  # the record's date, replaced:
                    held.notes = [n for n in held.notes if held.effective not in n]  # drop the notes citing it
                held.effective = decision["effective"]
                held.notes.append(decision["reason"])
    return sorted((a for group in acts.values() for a in group), key=lambda a: (a.iso3, a.date, a.kind)), claims


def _followed(acts: dict[tuple[str, str], list[Act]], act: Act) -> Act:
    found = acts.get((act.iso3, act.group))
    if not found:
        raise SystemExit(f"a reviewed claim about {act.iso3}'s {act.group} has no act to set against: review it")
    return min(found, key=lambda a: a.date or a.effective)


def _place(acts: dict[tuple[str, str], list[Act]], act: Act, record: str, treaty: str) -> list[Claim]:
    """Put one record's act among the acts already held; return the claims it gives rise to."""
    held = acts[(act.iso3, act.group)]
    same = [a for a in held if act.date in (a.date, a.effective, a.stated) or (act.stated and act.stated == a.date)]
    if same:
        if record not in same[0].records:
            same[0].records.append(record)
        return []
    if not held:
        held.append(act)
        return []
    if record == TREATIES[treaty].primary:
        raise SystemExit(f"{treaty}: the {_name(record)} has two {act.group}s of {act.iso3}: review them")
    first = min(held, key=lambda a: a.date or a.effective)
    earlier = TREATIES[treaty].london_depositary and act.date < (first.date or first.effective)
    if earlier:
        notes = [*act.notes, _SECOND_DEPOSIT]
        if act.kind == "Succession" and first.kind == "Succession" and first.effective:
            notes.append(f"As a succession, in effect from {first.effective}, the date the London record states for it.")
        effective = first.effective if act.kind == "Succession" and first.kind == "Succession" else ""
        held.append(replace(act, notes=notes, effective=effective))
    return [Claim(first, act, record, earlier, _claim_note(treaty, first, act, earlier))]


_SECOND_DEPOSIT = ("The IEADB's date, earlier than the London deposit: most likely the deposit with another "
                   "depositary (Washington or Moscow), which the IEADB does not name.")


def _claim_note(treaty: str, first: Act, act: Act, earlier: bool) -> str:
    ours = first.date or f"(undated; in effect from {first.effective})"
    if earlier:
        return (f"The London depositary's record dates the deposit in London {ours}; the IEADB, which restates the "
                f"US Department of State's list of deposits, gives {act.date}, most likely the deposit with another "
                "depositary. The graph holds both and counts the state's consent from the earlier, its first deposit.")
    if TREATIES[treaty].london_depositary:
        return (f"The London depositary's record gives {ours}; the graph follows it, the earlier deposit, from "
                "which the act counts. The IEADB's later date may be another depositary's; it changes no status.")
    return (f"The IEADB gives {ours} as the date of deposit with the depositary ({_DEPOSITARY[treaty]}); the graph "
            "follows it over the UK's treaty record, which is not the depositary's and whose dates are sometimes "
            "those of an instrument or of a notification.")


_DEPOSITARY = {"geneva-protocol": "the Government of France", "cppnm": "the IAEA's Director General, whose status "
               "list the IEADB's notes cite"}


# ---- Turtle ----

HEADER = ("# GENERATED by `python tools/importers.py {what}` from graph/tables/fcdo/{treaty}.tsv, "
          "graph/tables/ieadb/{treaty}.tsv\n# and graph/tables/treaty-data-review.tsv (tools/treaty_records_merge.py). "
          "Do not edit: change the inputs.\n")


def _lit(text: str) -> str:
    import rdflib

    return rdflib.Literal(text).n3()


def _labels(root: Path) -> dict[str, str]:
    return {row["iso3"]: row["un_name"] for row in read_table(root / "graph" / "tables" / "states.tsv")}


def _source(treaty: str, record: str) -> str:
    return "src:" + SOURCES[record].format(fcdo=TREATIES[treaty].fcdo, treaty=treaty)


def act_turtle(treaty: str, act: Act) -> str:
    """One act as Turtle."""
    lines = [f"act:{act.iri} a ak:{act.kind} ; ak:actor state:{act.iso3} ; ak:treaty treaty:{treaty} ;"]
    if act.date:
        lines.append(f'    ak:date "{act.date}"^^xsd:date ;')
    if act.effective:
        lines.append(f'    ak:effectiveDate "{act.effective}"^^xsd:date ;')
    if act.depositary:
        lines.append(f"    ak:depositary state:{act.depositary} ;")
    notes = list(act.notes)
    if not act.date:
        notes.append("The record gives no date of deposit for it, only the date it took effect.")
    if notes:
        lines.append(f"    ak:note {_lit(' '.join(notes))} ;")
    lines.append("    dcterms:source " + " , ".join(_source(treaty, r) for r in act.records) + " .")
    return "\n".join(lines) + "\n"


def claim_turtle(treaty: str, claim: Claim, labels: dict[str, str], treaty_label: str) -> str:
    """One claim as Turtle: the claimed date, its record, what the graph holds instead, and why."""
    what = _WORDS[claim.claimed.kind]
    text = f"The {_name(claim.record)} dates {labels[claim.claimed.iso3]}'s {what} the {treaty_label} {claim.claimed.date}."
    lines = [f"claim:{treaty}-{claim.claimed.iri}-{claim.record} a ak:Claim ;",
             f"    ak:subject act:{claim.act.iri} ; ak:about treaty:{treaty} ;",
             f"    ak:claimText {_lit(text)} ;", f"    dcterms:source {_source(treaty, claim.record)} ;"]
    if not claim.held:
        lines.append(f"    ak:contradictedBy act:{claim.act.iri} ;")
    lines.append(f"    ak:note {_lit(claim.note)} .")
    return "\n".join(lines) + "\n"


_WORDS = {"Signature": "signature of", "Ratification": "ratification of", "Accession": "accession to",
          "Succession": "succession to", "Acceptance": "acceptance of", "Approval": "approval of",
          "ConsentToBeBound": "consent to be bound by"}
TREATY_LABELS = {"ost": "Outer Space Treaty", "ptbt": "Partial Test Ban Treaty", "seabed": "Seabed Treaty",
                 "geneva-protocol": "Geneva Protocol", "cppnm": "CPPNM", "cppnm-a": "CPPNM amendment"}


def treaty_turtle(root: Path, treaty: str) -> str:
    """Every act and claim of one treaty's records, as deterministic Turtle."""
    acts, claims = load(root, treaty)
    labels = _labels(root)
    import importers

    prefixes = importers.PREFIXES.replace(
        "@prefix border:", f"@prefix act:     <https://w3id.org/armskg/id/action/{treaty}/> .\n"
        "@prefix treaty:  <https://w3id.org/armskg/id/treaty/> .\n@prefix claim:   <https://w3id.org/armskg/id/claim/> .\n"
        "@prefix border:")
    out = [HEADER.format(what=f"records-{treaty}", treaty=treaty), prefixes]
    out += [act_turtle(treaty, act) for act in acts]
    out += [claim_turtle(treaty, c, labels, TREATY_LABELS[treaty])
            for c in sorted(claims, key=lambda c: (c.claimed.iso3, c.claimed.date, c.record))]
    return "\n".join(out)


def disagreements(root: Path, treaty: str) -> list[str]:
    """One line per claim: where the records disagree, and what the graph holds."""
    if treaty not in GENERATED:
        return []
    _, claims = load(root, treaty)
    return [f"{treaty}\t{c.claimed.iso3}\t{c.claimed.group}\t{c.record} {c.claimed.date}\tgraph "
            f"{c.act.date or c.act.effective}\t{'held as a second deposit' if c.held else 'not followed'}"
            for c in claims]
