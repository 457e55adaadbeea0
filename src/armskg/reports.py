"""Readable reports: what changed between two dates, and what a state did, each with its sources; and
the data report (``stats``).

``changes`` and ``timeline`` render the rows of the named queries ``changes`` and ``state-timeline`` (one
home per question), adding each act's details and full sources (queries/reports/acts.rq). A report renders
as text (for a terminal), Markdown (for a note or an issue) or JSON (for a program: one object per change
or act, with its sources).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from typing import Any

import pyoxigraph as ox

from armskg.errors import Name, ParameterError
from armskg.resources import queries_dir
from armskg.sparql.named import bind, load_named, notes, run, run_named
from armskg.sparql.results import Result
from armskg.sparql.status import record_notes, status_on
from armskg.sparql.terms import date_literal, names_of, parse_date
from armskg.sparql.text import columns, gather, joined, select
from armskg.vocab import XSD

REPORT_FORMATS = ("text", "md", "json")


class Source:
    """A source as a reader cites it."""

    def __init__(self, title: str, publisher: str | None, url: str, date: str | None, retrieved: str | None) -> None:
        self.title, self.publisher, self.url, self.date, self.retrieved = title, publisher, url, date, retrieved

    def cite(self) -> str:
        """One line: title, publisher, date, URL.

        >>> Source("Status", "United Nations", "https://treaties.un.org/", None, "2026-02-03").cite()
        'Status. United Nations, retrieved 2026-02-03. https://treaties.un.org/'
        """
        when = self.date or (f"retrieved {self.retrieved}" if self.retrieved else None)
        return ". ".join(x for x in (self.title, ", ".join(y for y in (self.publisher, when) if y)) if x) + f". {self.url}"

    @classmethod
    def from_row(cls, row: ox.QuerySolution) -> Source:
        """The source a report query's row describes (columns title, publisher, url, published, retrieved)."""
        return cls.from_terms(*(row[k] for k in ("title", "publisher", "url", "published", "retrieved")))

    @classmethod
    def from_terms(cls, *terms: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> Source:
        """The source of a report query's title, publisher, url, published and retrieved, in that order."""
        title, publisher, url, published, retrieved = (None if t is None else t.value for t in terms)
        return cls(title or "", publisher, url or "", published, retrieved)

    def as_dict(self) -> dict[str, str]:
        keys = ("title", "publisher", "url", "date", "retrieved")
        return {k: getattr(self, k) for k in keys if getattr(self, k) is not None}


class Act:
    """One treaty action (or a treaty's end) with what the graph says of it."""

    def __init__(self, iri: str, fields: dict[str, str]) -> None:
        self.iri = iri
        self.fields = fields
        self.sources: dict[str, Source] = {}

    def __getattr__(self, name: str) -> str | None:
        fields: dict[str, str] = self.__dict__["fields"]
        return fields.get(name)

    def describe(self, kind: bool = True) -> str:
        """What the act was, in words: kind and date, depositary notification, votes, effect and its rule
        (or, for a date a rule derives from it, the ``detail`` it was given)."""
        if self.detail:
            return self.detail
        parts = [f"{self.action or 'act'} of {self.date}" if self.date else (self.action or "act")] if kind else []
        if self.legislature:
            votes = ", ".join(f"{v} {k}" for k, v in (("for", self.votes_for), ("against", self.votes_against),
                                                       ("abstaining", self.abstentions)) if v is not None)
            parts.append(f"by the {self.legislature}" + (f" ({votes})" if votes else ""))
        if self.cn:
            parts.append(f"depositary notification {self.cn}")
        if self.effective and self.effective != self.date:
            how = f"by {self.rule}" if self.rule else "as recorded"
            verb = "in force" if self.action in _CONSENTS else "takes effect"
            parts.append(f"{verb} {self.effective} ({how})")
        if self.pending:
            parts.append(f"effect pending: {self.pending}")
        return "; ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """The act's IRI and fields (its sources are given beside it)."""
        return {"iri": self.iri, **self.fields}


_CONSENTS = ("ratification", "accession", "acceptance", "approval", "succession", "consent to be bound")
_ACT_FIELDS = ("date", "action", "iso3", "label", "treaty", "treaty_label", "effective", "rule", "cn", "note",
               "pending", "legislature", "votes_for", "votes_against", "abstentions")


#: The columns of queries/reports/acts.rq, read by position (the whole record's 6,500 rows of 22 columns: by
#: name, a third of the changes report's time).
_ACT_COLUMNS = ("act", *_ACT_FIELDS, "source", "title", "publisher", "url", "published", "retrieved")


def _acts(store: ox.Store, root: Path, iris: list[str]) -> dict[str, Act]:
    """Details and sources of the given acts, keyed by IRI."""
    if not iris:
        return {}
    acts: dict[str, Act] = {}
    values: dict[str, dict[str, set[str]]] = {}
    bindings = {ox.Variable("act"): [ox.NamedNode(i) for i in sorted(set(iris))]}
    rows = columns(select(store, _query(root, "acts"), bindings), _ACT_COLUMNS, "queries/reports/acts.rq")
    for act, *fields, source, title, publisher, url, published, retrieved in rows:
        iri = act.value
        if iri not in acts:
            acts[iri], values[iri] = Act(iri, {}), {}
        gather(values[iri], _ACT_FIELDS, fields)
        if source is not None:
            acts[iri].sources[source.value] = Source.from_terms(title, publisher, url, published, retrieved)
    for iri, fields in values.items():
        acts[iri].fields = joined(fields)
    return acts


def _treaty_ends(store: ox.Store, root: Path, iris: list[str]) -> dict[str, Act]:
    """What a change that rests on a treaty's own end cites: the treaty's end date and sources."""
    if not iris:
        return {}
    ends: dict[str, Act] = {}
    for row in select(store, _query(root, "sources"), {ox.Variable("thing"): [ox.NamedNode(i) for i in sorted(set(iris))]}):
        iri = row["thing"].value
        if iri not in ends:
            ended = row["ended"].value if row["ended"] is not None else ""
            ends[iri] = Act(iri, {"action": f"the treaty ended on {ended} (ak:terminationDate)", "date": ended,
                                  "treaty_label": row["label"].value})
        if row["source"] is not None:
            ends[iri].sources[row["source"].value] = Source.from_row(row)
    return ends


def _query(root: Path, name: str) -> str:
    return (queries_dir(root) / "reports" / f"{name}.rq").read_text(encoding="utf-8")


class CitedReport:
    """A report: a title, entries (a date, a headline, the act behind it) and the sources they cite; for
    JSON, the records a program reads (``data``)."""

    def __init__(self, title: str, kind_in_detail: bool = True) -> None:
        self.title = title
        self.kind_in_detail = kind_in_detail
        self.sections: list[tuple[str, list[tuple[str, str, Act | None]]]] = []
        #: what a reader must know to cite the report, as a named query's ``Result.notes``: that the treaty's
        #: participation record was read before the report's last day
        self.notes: list[str] = []
        #: what the JSON rendering holds besides the title: one object per change or act, with its sources
        self.data: dict[str, Any] = {}

    def render(self, fmt: str = "text") -> str:
        """Render as ``text``, ``md`` or ``json``; sources are numbered in order of first citation."""
        if fmt not in REPORT_FORMATS:
            raise ParameterError("unknown report ", Name("format"), f" {fmt!r} (formats: {', '.join(REPORT_FORMATS)})")
        if fmt == "json":
            return json.dumps({"title": self.title, "notes": self.notes, **self.data}, indent=2, ensure_ascii=False) + "\n"
        numbers: dict[str, int] = {}
        cited: list[Source] = []
        md = fmt == "md"
        lines = [f"# {self.title}" if md else self.title, *(f"note: {note}" for note in self.notes), ""]
        for heading, entries in self.sections:
            if heading:
                lines += [f"## {heading}" if md else heading, ""]
            for day, headline, act in entries:
                refs = ""
                if act is not None:
                    for key, source in act.sources.items():
                        if key not in numbers:
                            numbers[key] = len(cited) + 1
                            cited.append(source)
                    refs = "".join(f"[{n}]" for n in sorted(numbers[k] for k in act.sources))
                detail = f"{act.describe(self.kind_in_detail)} {refs}".strip() if act is not None else ""
                if md:
                    lines.append(f"- **{day}** {headline}" + (f" — {detail}" if detail else ""))
                else:
                    lines.append(f"  {day}  {headline}")
                    if detail:
                        lines.append(f"              {detail}")
                if act is not None and act.note:
                    lines.append(("  - " if md else "              ") + f"note: {act.note}")
            lines.append("")
        if cited:
            lines += ["## Sources" if md else "Sources", ""]
            lines += [(f"{n}. " if md else f"  [{n}] ") + s.cite() for n, s in enumerate(cited, 1)]
            lines.append("")
        return "\n".join(lines)


def _sources(act: Act | None) -> list[dict[str, str]]:
    return [s.as_dict() for s in act.sources.values()] if act is not None else []


def changes(store: ox.Store, root: Path, from_: str | dt.date, to: str | dt.date, treaty: str | None = None) -> CitedReport:
    """Every change of status after ``from_`` and up to ``to`` (inclusive), by date, with its act and
    sources: the rows of the named query ``changes``."""
    first, last = parse_date(from_, "from_"), parse_date(to, "to")
    if first > last:
        raise ParameterError("", Name("from_"), f" {first} is after ", Name("to"), f" {last}")
    named = load_named(root, "changes")
    values = {"from": first.isoformat(), "to": last.isoformat(), **({"treaty": treaty} if treaty is not None else {})}
    bindings = bind(store, named, values)
    rows = list(run_named(store, named, bindings))
    bases = [r["basis"] for r in rows if r["basis"]]
    acts = _acts(store, root, bases)
    acts.update(_treaty_ends(store, root, [b for b in bases if b not in acts]))
    entries: list[tuple[str, str, Act | None]] = []
    records: list[dict[str, Any]] = []
    for row in rows:
        act = acts.get(row["basis"] or "")
        treaty_label = act.treaty_label if act is not None and act.treaty_label else row["treaty"]
        headline = f"{row['label']} ({row['iso3']}), {treaty_label}: {row['from_status']} → {row['to_status']}"
        entries.append((row["date"] or "", headline, act))
        records.append({**{k: row[k] for k in ("date", "iso3", "label", "treaty", "from_status", "to_status")},
                        "act": act.as_dict() if act is not None else None, "sources": _sources(act)})
    chosen = names_of(store, "treaty").resolve(treaty) if treaty else None
    scope = f" in the {_label(store, chosen)}" if chosen else ""
    report = CitedReport(f"What changed{scope} after {first} and up to {last}: {len(entries)} change(s) of status")
    report.sections.append(("", entries))
    report.notes = notes(store, named, bindings)
    report.data = {"from": first.isoformat(), "to": last.isoformat(),
                   "treaty": chosen.value.rsplit("/", 1)[1] if chosen else None, "changes": records}
    return report


def timeline(store: ox.Store, root: Path, state: str, as_of: str | dt.date | None = None, treaty: str | None = None) -> CitedReport:
    """What a state did, treaty by treaty in date order, with its status on ``as_of`` and the sources:
    the rows of the named query ``state-timeline``."""
    day = parse_date(as_of if as_of is not None else dt.date.today(), "as_of")
    who = names_of(store, "state").resolve(state)
    only = names_of(store, "treaty").resolve(treaty).value if treaty is not None else None
    named = load_named(root, "state-timeline")
    rows = list(run_named(store, named, {ox.Variable("state"): who, ox.Variable("as_of"): date_literal(day)}))
    acts = _acts(store, root, [r["act"] for r in rows if r["act"]])
    treaties = names_of(store, "treaty")
    codes = {a.treaty: a.treaty_label for a in acts.values() if a.treaty}
    by_code = {code: treaties.resolve(code).value for code in codes}
    rows = [r for r in rows if only is None or by_code.get(r["treaty"] or "") == only]
    held = status_on(store, day, list(by_code.values()), actors=who.value)
    label = _label(store, who)
    report = CitedReport(f"What {label} did, treaty by treaty, up to {day}", kind_in_detail=False)
    report.notes = record_notes(store, [only] if only is not None else [], day.isoformat())
    groups: dict[str, list[dict[str, str | None]]] = {}
    for row in rows:
        groups.setdefault(row["treaty"] or "", []).append(row)
    records, statuses = [], []
    for code, group in sorted(groups.items(), key=lambda kv: (kv[1][0]["date"] or "", kv[0])):
        status, since = held.get((who.value, by_code.get(code, "")), ("", None))
        now = f" — {status} since {since}" if since else f" — {status}" if status else ""
        report.sections.append((f"{codes.get(code, code)} ({code}){now}", [_entry(r, acts) for r in group]))
        statuses.append({"treaty": code, "status": status, "since": since})
        records += [{"date": r["date"], "treaty": code, "action": r["action"], "sources": _sources(acts.get(r["act"] or "")),
                     "act": acts[r["act"]].as_dict() if r["act"] in acts else None} for r in group]
    if not rows and only is not None:  # the treaty asked about, with its status: non-party, not recorded, ...
        heading, towards = _without_acts(store, who, ox.NamedNode(only), day)
        report.sections.append((heading, [("", "no recorded acts", None)]))
        statuses.append(towards)
    elif not rows:
        report.sections.append(("", [("", "no recorded acts", None)]))
    report.data = {"state": label, "iso3": who.value.rsplit("/", 1)[1], "as_of": day.isoformat(),
                   "statuses": statuses, "entries": records}
    return report


def _without_acts(store: ox.Store, who: ox.NamedNode, treaty: ox.NamedNode,
                  day: dt.date) -> tuple[str, dict[str, str | None]]:
    """The heading and status of a treaty a state has no recorded act towards: a status all the same (the
    one definition: ``non-party`` where the record is complete, ``not recorded`` where it is silent)."""
    status, since = status_on(store, day, [treaty.value], actors=who.value).get((who.value, treaty.value), ("", None))
    code = treaty.value.rsplit("/", 1)[1]
    now = f" — {status} since {since}" if since else f" — {status}" if status else ""
    return f"{_label(store, treaty)} ({code}){now}", {"treaty": code, "status": status, "since": since}


_DERIVED = ("entry into force", "withdrawal takes effect")


def _entry(row: dict[str, str | None], acts: dict[str, Act]) -> tuple[str, str, Act | None]:
    """One row of state-timeline as a report entry: an act with its details and sources; or a date that
    follows from an act (entry into force, a withdrawal's effect), which cites the act's sources only where
    the date is recorded, not derived by a treaty rule."""
    act, action, day = acts.get(row["act"] or ""), row["action"] or "", row["date"] or ""
    if act is None or action not in _DERIVED:
        return day, action, act
    how = f"derived by {act.rule}" if act.rule else "as recorded"
    of = f"of the {act.action} of {act.date}; " if act.date else f"of the {act.action}; "
    entry = Act(act.iri, {"action": action, "date": day, "detail": of + how})
    if not act.rule:
        entry.sources = act.sources
    return day, action, entry


#: What a reader of the data report must know where a treaty's participation record is partial.
_PARTIAL_NOTE = ("where a treaty's participation record is not complete (coverage), its participants, "
                 "signatures, consents, withdrawals and actions count what the graph holds, not the treaty's "
                 "own, and its parties are `not recorded` while it is in force")


def stats(store: ox.Store, root: Path, as_of: str | dt.date | None = None) -> tuple[Result, Result]:
    """The data report. Per treaty, as known on ``as_of``: participants, signatures, consents,
    withdrawals and acts; the share of acts with a source and with a depositary's or official source
    (percent, xsd:decimal; empty when there is nothing to count or no source has a kind yet); the parties
    and the states `not recorded` on the date; the participation record's coverage and as-at date. Per
    kind of fact: how many there are and the share with a source.

    A partial (or missing) record holds only some of a treaty's parties: its ``parties`` are `not recorded`
    on a day the treaty is in force (queries/reports/stats-treaties.rq), never the number the record holds,
    and a note says that its participants and acts are those the graph holds.
    """
    day = date_literal(parse_date(as_of if as_of is not None else dt.date.today(), "as_of"))
    treaties = run(store, _query(root, "stats-treaties"), {ox.Variable("as_of"): day})
    _percent(treaties, "sourced", "actions", "sourced_pct")
    _percent(treaties, "official", "actions", "official_pct", unless="kinded")
    keep = [c for c in treaties.columns if c not in ("sourced", "official", "kinded")]
    order = ["treaty", "label", "participants", "signatures", "consents", "withdrawals", "actions", "sourced_pct",
             "official_pct", "parties", "not_recorded", "coverage", "as_at"]
    index = {c: treaties.columns.index(c) for c in keep}
    treaties = Result(order, [[row[index[c]] for c in order] for row in treaties.rows], day.value)
    coverage = order.index("coverage")
    if any(row[coverage].value != "complete" for row in treaties.rows):
        treaties.notes.append(_PARTIAL_NOTE)
    facts = run(store, _query(root, "stats-facts"))
    _percent(facts, "sourced", "facts", "sourced_pct")
    return treaties, facts


def _percent(result: Result, part: str, whole: str, name: str, unless: str | None = None) -> None:
    """Append a column: ``part`` as a percentage of ``whole`` (xsd:decimal, one decimal place); empty when
    ``whole`` (or the column ``unless`` names) is zero: nothing to count, or nothing known to count by."""
    i, j = result.columns.index(part), result.columns.index(whole)
    k = result.columns.index(unless) if unless else j
    result.columns.append(name)
    for row in result.rows:
        total = int(row[j].value)
        share = Decimal(100 * int(row[i].value)) / total if total and int(row[k].value) else None
        row.append(None if share is None else ox.Literal(f"{share:.1f}", datatype=ox.NamedNode(XSD + "decimal")))


def _label(store: ox.Store, node: ox.NamedNode) -> str:
    for quad in store.quads_for_pattern(node, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None):
        if isinstance(quad.object, ox.Literal):
            return quad.object.value
    return node.value


__all__ = ["REPORT_FORMATS", "CitedReport", "changes", "stats", "timeline"]
