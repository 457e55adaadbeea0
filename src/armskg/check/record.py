"""What the graph holds, as `armskg check` asks it: the named queries (treaty-status, never-joined,
non-parties, parties-bordering, withdrawals) through the API, and the check helper queries in
queries/check/ (acts with their sources, treaties' own dates, groups, statements, borders). Every answer is
read once per check and kept; nothing here decides a status: statuses are the treaty-status query's.
"""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.reports import Act, Source
from armskg.resources import queries_dir
from armskg.sparql.text import gather, joined, select
from armskg.vocab import ID

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from typing import Any

    from armskg.api import KnowledgeGraph

_ACT_KEYS = ("date", "action", "iso3", "label", "treaty", "treaty_label", "effective", "rule", "cn", "note",
             "pending", "legislature", "votes_for", "votes_against", "abstentions")


class Treaty:
    """A treaty's own facts: label, dates, how complete the graph's record of its participants is, sources."""

    def __init__(self, code: str, label: str) -> None:
        self.code, self.label = code, label
        self.dates: dict[str, str] = {}
        #: "complete", "partial", or None when the graph says nothing of it (its ak:CoverageScheme notation)
        self.coverage: str | None = None
        #: the date the record's sources were current: after it, what the record does not hold is unknown
        self.as_at: str | None = None
        self.sources: dict[str, Source] = {}
        #: the sources of the participation record (what a status read off it rests on)
        self.record_sources: dict[str, Source] = {}


class Group:
    """A group of states from graph/groups.ttl."""

    def __init__(self, code: str, label: str) -> None:
        self.code, self.label = code, label
        self.members: list[str] = []
        self.sources: dict[str, Source] = {}


class Statement:
    """A joint statement: its date, treaty, signatories, endorsers and sources."""

    def __init__(self, code: str, label: str, date: str, treaty: str | None) -> None:
        self.code, self.label, self.date, self.treaty = code, label, date, treaty
        self.roles: dict[str, str] = {}
        self.sources: dict[str, Source] = {}


def _source(row: ox.QuerySolution) -> tuple[str, Source] | None:
    return (row["source"].value, Source.from_row(row)) if row["source"] is not None else None


class Record:
    """The graph's answers for one check, as of the text's date."""

    def __init__(self, kg: KnowledgeGraph, as_of: dt.date,
                 static: tuple[dict[str, Treaty], dict[str, Group], dict[str, Statement]] | None = None) -> None:
        self.kg, self.as_of = kg, as_of
        self._queries: dict[tuple[Any, ...], Any] = {}
        self._acts: dict[str, list[Act]] = {}
        self.treaties, self.groups, self.statements = static or self.static()
        self.labels: dict[str, str] = {}

    def static(self) -> tuple[dict[str, Treaty], dict[str, Group], dict[str, Statement]]:
        """What does not change with the as-of date: treaties' own facts, groups, joint statements (their
        sources in a stable order, by IRI)."""
        treaties, groups, statements = self._treaties(), self._groups(), self._statements()
        holders: list[Treaty | Group | Statement] = [*treaties.values(), *groups.values(), *statements.values()]
        for holder in holders:
            holder.sources = dict(sorted(holder.sources.items()))
        for treaty in treaties.values():
            treaty.record_sources = dict(sorted(treaty.record_sources.items()))
        return treaties, groups, statements

    # ---- helper queries ----
    def _select(self, name: str, bindings: dict[ox.Variable, Any] | None = None) -> ox.QuerySolutions:
        text = (queries_dir(self.kg.root) / "check" / f"{name}.rq").read_text(encoding="utf-8")
        return select(self.kg.store, text, bindings)

    def _treaties(self) -> dict[str, Treaty]:
        treaties: dict[str, Treaty] = {}
        for row in self._select("treaties"):
            code = row["treaty"].value
            treaty = treaties.setdefault(code, Treaty(code, row["treaty_label"].value))
            for key in ("adopted", "opened", "in_force", "ended"):
                if row[key] is not None:
                    treaty.dates[key] = row[key].value
            if row["coverage"] is not None:
                treaty.coverage = treaty.coverage if treaty.coverage == "partial" else row["coverage"].value
            if row["as_at"] is not None:
                treaty.as_at = min(treaty.as_at or row["as_at"].value, row["as_at"].value)
            found = _source(row)
            if found:
                (treaty.record_sources if row["role"].value == "record" else treaty.sources).setdefault(*found)
        return treaties

    def _groups(self) -> dict[str, Group]:
        groups: dict[str, Group] = {}
        for row in self._select("groups"):
            group = groups.setdefault(row["code"].value, Group(row["code"].value, row["group_label"].value))
            if row["iso3"].value not in group.members:
                group.members.append(row["iso3"].value)
            found = _source(row)
            if found:
                group.sources.setdefault(*found)
        for group in groups.values():
            group.members.sort()
        return groups

    def _statements(self) -> dict[str, Statement]:
        statements: dict[str, Statement] = {}
        for row in self._select("statements"):
            code = row["statement"].value
            treaty = row["treaty"].value if row["treaty"] is not None else None
            st = statements.setdefault(code, Statement(code, row["statement_label"].value, row["date"].value, treaty))
            st.roles.setdefault(row["iso3"].value, row["role"].value)
            found = _source(row)
            if found:
                st.sources.setdefault(*found)
        return statements

    def load_acts(self, states: set[str]) -> None:
        """Read the acts of these states (dated up to the as-of date), with their sources, in one query."""
        if states.issubset(self._acts.keys()):
            return
        todo = sorted(states - self._acts.keys())
        for iso3 in todo:
            self._acts[iso3] = []
        bindings = {ox.Variable("s"): [ox.NamedNode(f"{ID}state/{iso3}") for iso3 in todo],
                    ox.Variable("as_of"): _day(self.as_of)}
        values: dict[str, dict[str, set[str]]] = {}  # an act's rows (two notes make two rows): one Act
        for row in self._select("acts", bindings):
            gather(values.setdefault(row["act"].value, {}), _ACT_KEYS, (row[k] for k in _ACT_KEYS))
        for iri, fields in values.items():
            act = Act(iri, joined(fields))
            self._acts[act.fields["iso3"]].append(act)
            self.labels[act.fields["iso3"]] = act.fields["label"]
        for listed in self._acts.values():
            listed.sort(key=lambda a: (a.date or "", a.action or ""))

    def load_sources(self, acts: list[Act]) -> None:
        """Read the sources of the acts a verdict cites, in one query."""
        todo = {a.iri: a for a in acts if not a.sources}
        if not todo:
            return
        bindings = {ox.Variable("act"): [ox.NamedNode(iri) for iri in sorted(todo)]}
        rows = sorted(((row["act"].value, found) for row in self._select("sources", bindings)
                       if (found := _source(row)) is not None), key=lambda r: (r[0], r[1][0]))
        for iri, (key, source) in rows:  # in a stable order: by the source's IRI
            todo[iri].sources.setdefault(key, source)

    def acts(self, iso3: str, treaty: str, kinds: tuple[str, ...] = ()) -> list[Act]:
        """A state's acts towards a treaty up to the as-of date (of the given kinds), in date order."""
        if iso3 not in self._acts:
            self.load_acts({iso3})
        return [a for a in self._acts[iso3] if a.fields.get("treaty") == treaty and (not kinds or a.fields.get("action") in kinds)]

    # ---- named queries, through the API ----
    def named(self, name: str, day: dt.date | None = None, **params: str) -> list[dict[str, str]] | None:
        """The rows of a named query (None when the query refuses: a partial record cannot say)."""
        key = (name, day, tuple(sorted(params.items())))
        if key not in self._queries:
            try:
                result = self.kg.query(name, as_of=day or self.as_of, **params)
                self._queries[key] = [dict(row) for row in result]
            except ArmskgError:
                self._queries[key] = None
        rows: list[dict[str, str]] | None = self._queries[key]
        return rows

    def status(self, treaty: str, iso3: str, day: dt.date) -> tuple[str, str]:
        """A state's status towards a treaty on a day, and since when (treaty-status)."""
        rows = self.named("treaty-status", day, treaty=treaty) or []
        by_state = {r["iso3"]: r for r in rows}
        row = by_state.get(iso3)
        if row is None:
            return "not recorded", ""
        self.labels.setdefault(iso3, row.get("label", iso3))
        return row.get("status", "not recorded") or "not recorded", row.get("since", "") or ""

    def statuses(self, treaty: str, day: dt.date) -> dict[str, str]:
        """Every state's status towards a treaty on a day (treaty-status)."""
        return {r["iso3"]: r.get("status", "") for r in self.named("treaty-status", day, treaty=treaty) or []}

    def complete(self, treaty: str) -> bool:
        """Whether the graph's record of a treaty's participants is complete, so that an act it does not
        hold did not happen (the record's own coverage says so; treaty-status says where it is silent)."""
        info = self.treaties.get(treaty)
        return info is not None and info.coverage == "complete"

    def label(self, iso3: str) -> str:
        if iso3 not in self.labels:
            self.status(next(iter(self.treaties)), iso3, self.as_of)
        return self.labels.get(iso3, iso3)

    def neighbours(self, iso3: str) -> list[str]:
        key = ("neighbours", iso3)
        if key not in self._queries:
            rows = self._select("neighbours", {ox.Variable("state"): ox.NamedNode(f"{ID}state/{iso3}")})
            self._queries[key] = sorted(r["iso3"].value for r in rows)
        neighbours: list[str] = self._queries[key]
        return neighbours

    def joined(self, treaty: str, day: dt.date) -> tuple[int, int]:
        """How many states had signed the treaty, and how many had consented to it, by a day."""
        key = ("joined", treaty, day)
        if key not in self._queries:
            rows = list(self._select("joined", {ox.Variable("treaty"): ox.NamedNode(f"{ID}treaty/{treaty}"),
                                                ox.Variable("as_of"): _day(day)}))
            self._queries[key] = (int(rows[0]["signed"].value), int(rows[0]["consented"].value))
        joined: tuple[int, int] = self._queries[key]
        return joined


def _day(day: dt.date) -> ox.Literal:
    return ox.Literal(day.isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
