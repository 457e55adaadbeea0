"""Readable reports: what changed between two dates, and what a state did, each with its sources.

The facts come from the report queries in ``queries/reports/``; this module only groups and words them.
A report renders as text (for a terminal), Markdown (for a note or an issue) or JSON (for a program).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from typing import Any

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.resources import queries_dir
from armskg.sparql.named import run
from armskg.sparql.results import Result
from armskg.sparql.terms import date_literal, names_of, parse_date
from armskg.sparql.text import select

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
        value = {k: (row[k].value if row[k] is not None else None) for k in ("title", "publisher", "url", "published", "retrieved")}
        return cls(value["title"] or "", value["publisher"], value["url"] or "", value["published"], value["retrieved"])

    def as_dict(self) -> dict[str, str]:
        keys = ("title", "publisher", "url", "date", "retrieved")
        return {k: getattr(self, k) for k in keys if getattr(self, k) is not None}


class Act:
    """One treaty action with what the graph says of it."""

    def __init__(self, iri: str, fields: dict[str, str]) -> None:
        self.iri = iri
        self.fields = fields
        self.sources: dict[str, Source] = {}

    def __getattr__(self, name: str) -> str | None:
        fields: dict[str, str] = self.__dict__["fields"]
        return fields.get(name)

    def describe(self, kind: bool = True) -> str:
        """What the act was, in words: kind and date, depositary notification, votes, effect and its rule."""
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
        out: dict[str, Any] = {"act": self.iri, **self.fields}
        out["sources"] = [s.as_dict() for s in self.sources.values()]
        return out


_CONSENTS = ("ratification", "accession", "acceptance", "approval", "succession", "consent to be bound")


def _acts(store: ox.Store, root: Path, iris: list[ox.NamedNode]) -> dict[str, Act]:
    """Details and sources of the given acts, keyed by IRI."""
    if not iris:
        return {}
    acts: dict[str, Act] = {}
    keys = ("date", "action", "iso3", "label", "treaty", "treaty_label", "effective", "rule", "cn", "note",
            "pending", "legislature", "votes_for", "votes_against", "abstentions")
    for row in select(store, _query(root, "acts"), {ox.Variable("act"): sorted(set(iris), key=lambda n: n.value)}):
        iri = row["act"].value
        act = acts.get(iri)
        if act is None:
            act = acts[iri] = Act(iri, {k: row[k].value for k in keys if row[k] is not None})
        if row["source"] is not None:
            act.sources[row["source"].value] = Source.from_row(row)
    return acts


def _date(text: str | dt.date, what: str) -> ox.Literal:
    return date_literal(parse_date(text, what))


def _query(root: Path, name: str) -> str:
    return (queries_dir(root) / "reports" / f"{name}.rq").read_text(encoding="utf-8")


class CitedReport:
    """A report: a title, entries (a date, a headline, the act behind it) and the sources they cite."""

    def __init__(self, title: str, kind_in_detail: bool = True) -> None:
        self.title = title
        self.kind_in_detail = kind_in_detail
        self.sections: list[tuple[str, list[tuple[str, str, Act | None]]]] = []

    def render(self, fmt: str = "text") -> str:
        """Render as ``text``, ``md`` or ``json``; sources are numbered in order of first citation."""
        if fmt not in REPORT_FORMATS:
            raise ArmskgError(f"unknown report format {fmt!r} (formats: {', '.join(REPORT_FORMATS)})")
        if fmt == "json":
            data = {"title": self.title, "sections": [
                {"heading": heading, "entries": [{"date": d, "headline": h, **(a.as_dict() if a else {})} for d, h, a in entries]}
                for heading, entries in self.sections]}
            return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        numbers: dict[str, int] = {}
        cited: list[Source] = []
        md = fmt == "md"
        lines = [f"# {self.title}" if md else self.title, ""]
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


def changes(store: ox.Store, root: Path, start: str | dt.date, end: str | dt.date, treaty: str | None = None) -> CitedReport:
    """Every change of status after ``start`` and up to ``end`` (inclusive), by date, with its act and sources."""
    first, last = _date(start, "--from"), _date(end, "--to")
    if first.value > last.value:
        raise ArmskgError(f"--from {first.value} is after --to {last.value}")
    bindings: dict[ox.Variable, Any] = {ox.Variable("from"): first, ox.Variable("to"): last}
    if treaty is not None:
        bindings[ox.Variable("t")] = names_of(store, "treaty").resolve(treaty)
    rows = list(select(store, _query(root, "changes"), bindings))
    acts = _acts(store, root, [r["act"] for r in rows])
    entries: list[tuple[str, str, Act | None]] = []
    for row in rows:
        act = acts[row["act"].value]
        who = f"{act.label} ({act.iso3})" if act.iso3 else act.label
        headline = f"{who}, {act.treaty_label}: {row['from_status'].value} → {row['to_status'].value}"
        entries.append((row["date"].value, headline, act))
    entries += _treaty_ends(store, root, bindings)
    entries.sort(key=lambda e: (e[0], e[1]))
    scope = f" in the {_label(store, bindings[ox.Variable('t')])}" if treaty else ""
    title = f"What changed{scope} after {first.value} and up to {last.value}: {len(entries)} change(s) of status"
    report = CitedReport(title)
    report.sections.append(("", entries))
    return report


def _treaty_ends(store: ox.Store, root: Path, bindings: dict[ox.Variable, Any]) -> list[tuple[str, str, Act | None]]:
    """The statuses that end because the treaty itself ended (INF in 2019, New START in 2026)."""
    ended: dict[tuple[str, str], Act] = {}
    for row in select(store, _query(root, "treaty-ends"), bindings):
        key = (row["date"].value, row["iso3"].value)
        act = ended.get(key)
        if act is None:
            fields = {"action": f"the treaty ended on {row['date'].value} (ak:terminationDate)", "label": row["label"].value,
                      "iso3": row["iso3"].value, "treaty_label": row["treaty_label"].value,
                      "from_status": row["from_status"].value}
            act = ended[key] = Act(row["t"].value, fields)
        if row["source"] is not None:
            act.sources[row["source"].value] = Source.from_row(row)
    return [(day, f"{a.label} ({a.iso3}), {a.treaty_label}: {a.from_status} → non-party", a)
            for (day, _), a in ended.items()]


def timeline(store: ox.Store, root: Path, state: str, as_of: str | dt.date | None = None, treaty: str | None = None) -> CitedReport:
    """What a state did, treaty by treaty in date order, with its status on ``as_of`` and the sources."""
    day = _date(as_of if as_of is not None else dt.date.today(), "--as-of")
    who = names_of(store, "state").resolve(state)
    bindings: dict[ox.Variable, Any] = {ox.Variable("state"): who, ox.Variable("as_of"): day}
    if treaty is not None:
        bindings[ox.Variable("t")] = names_of(store, "treaty").resolve(treaty)
    rows = list(select(store, _query(root, "timeline"), bindings))
    acts = _acts(store, root, [r["act"] for r in rows if r["act"] is not None])
    status = {r["t"].value: (r["status"].value, r["since"].value) for r in rows if r["status"] is not None}
    by_treaty: dict[str, list[Act]] = {}
    for act in acts.values():
        by_treaty.setdefault(act.treaty or "", []).append(act)
    label = next(iter(acts.values())).label if acts else _label(store, who)
    report = CitedReport(f"What {label} did, treaty by treaty, up to {day.value}", kind_in_detail=False)
    for code, group in sorted(by_treaty.items(), key=lambda kv: (min(a.date or "" for a in kv[1]), kv[0])):
        group.sort(key=lambda a: (a.date or "", a.action or ""))
        iri = next((t for t in status if t.rsplit("/", 1)[1] == code), None)
        now = f" — {status[iri][0]} since {status[iri][1]}" if iri else ""
        heading = f"{group[0].treaty_label} ({code}){now}"
        report.sections.append((heading, [(a.date or "", a.action or "", a) for a in group]))
    if not acts:
        report.sections.append(("", [("", "no recorded acts", None)]))
    return report


def stats(store: ox.Store, root: Path, as_of: str | dt.date | None = None) -> tuple[Result, Result]:
    """The data report: per treaty (participants, signatures, consents, withdrawals, actions, the share
    with a source, parties on ``as_of``) and per kind of fact (how many, the share with a source)."""
    day = _date(as_of if as_of is not None else dt.date.today(), "--as-of")
    treaties = run(store, _query(root, "stats-treaties"), {ox.Variable("as_of"): day})
    facts = run(store, _query(root, "stats-facts"))
    for result, counted in ((treaties, "actions"), (facts, "facts")):
        i, j = result.columns.index(counted), result.columns.index("sourced")
        result.columns.append("sourced_share")
        for row in result.rows:
            total = int(row[i].value)
            row.append(ox.Literal(f"{100 * int(row[j].value) / total:.1f}%" if total else "—"))  # nothing to source
    treaties.as_of = day.value
    return treaties, facts


def _label(store: ox.Store, node: ox.NamedNode) -> str:
    for quad in store.quads_for_pattern(node, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None):
        if isinstance(quad.object, ox.Literal):
            return quad.object.value
    return node.value


__all__ = ["REPORT_FORMATS", "CitedReport", "changes", "stats", "timeline"]
