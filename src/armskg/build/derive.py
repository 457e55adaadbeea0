"""Apply the treaty rules: derive facts into their own named graph, each saying which rule made it.

Two kinds of rule:
- CONSTRUCT rules in queries/rules/ (subclass types, symmetric borders);
- treaty rules held as data (ak:EntryIntoForceRule, ak:WithdrawalRule), whose date arithmetic is done here.
An asserted date always wins: rules only fill in dates the data does not state. Then every participant's
status timeline (armskg.build.timeline), from the acts and the dates derived here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from dateutil.relativedelta import relativedelta

from armskg.build.timeline import derive_status
from armskg.errors import ArmskgError
from armskg.resources import rule_files
from armskg.sparql.terms import date_literal
from armskg.sparql.text import select
from armskg.vocab import AK, DERIVED_GRAPH, TIMELINE_GRAPH, sparql_prefixes

_DERIVED = ox.NamedNode(DERIVED_GRAPH)
_TIMELINE = ox.NamedNode(TIMELINE_GRAPH)
_EFFECTIVE = ox.NamedNode(AK + "effectiveDate")
_DERIVED_BY = ox.NamedNode(AK + "derivedBy")
_PENDING = ox.NamedNode(AK + "pendingReason")

_CONSENTS = sparql_prefixes() + """
SELECT ?action ?deposit ?rule ?months ?days ?firstOfMonth ?onlyAfter ?treatyEif WHERE {
  ?action a ak:ConsentToBeBound ; ak:treaty ?treaty ; ak:date ?deposit .
  FILTER NOT EXISTS { ?action ak:effectiveDate ?asserted }
  ?treaty ak:entryIntoForceRule ?rule ; ak:entryIntoForce ?treatyEif .
  OPTIONAL { ?rule ak:monthsAfterDeposit ?months }
  OPTIONAL { ?rule ak:daysAfterDeposit ?days }
  OPTIONAL { ?rule ak:onFirstDayOfMonth ?firstOfMonth }
  OPTIONAL { ?rule ak:onlyAfterEntryIntoForce ?onlyAfter }
}"""

_WITHDRAWALS = sparql_prefixes() + """
SELECT ?action ?notified ?state ?rule ?months ?days ?defers ?article WHERE {
  ?action a ak:WithdrawalNotification ; ak:actor ?state ; ak:treaty ?treaty ; ak:date ?notified .
  FILTER NOT EXISTS { ?action ak:effectiveDate ?asserted }
  FILTER NOT EXISTS { ?action ak:pendingReason ?reason }
  ?treaty ak:withdrawalRule ?rule .
  ?rule ak:article ?article .
  OPTIONAL { ?rule ak:noticeMonths ?months }
  OPTIONAL { ?rule ak:noticeDays ?days }
  OPTIONAL { ?rule ak:armedConflictDefers ?defers }
}"""

_CONFLICTS = sparql_prefixes() + """
SELECT ?conflict ?label ?start ?end ?state WHERE {
  ?conflict a ak:ArmedConflict ; ak:conflictParty ?state ; rdfs:label ?label ; ak:date ?start .
  OPTIONAL { ?conflict ak:endDate ?end }
}"""



@dataclass(frozen=True)
class Derivation:
    """What one derivation run added."""

    rule_triples: int
    dates: int
    pending: int
    intervals: int = 0


def _date(term: ox.Literal) -> dt.date:
    return dt.date.fromisoformat(term.value)


def _maybe_date(term: ox.Literal | None) -> dt.date | None:
    """The date a literal holds, or None when there is none or it is not a date (which validation
    reports: derivation leaves the act out rather than stop the build with a traceback)."""
    try:
        return dt.date.fromisoformat(term.value) if term is not None else None
    except ValueError:
        return None


def _int(term: ox.Literal | None) -> int | None:
    return int(term.value) if term is not None else None


def consent_effective(deposit: dt.date, treaty_eif: dt.date, months: int | None, days: int | None,
                      first_of_month: bool = False, only_after: bool = False) -> dt.date:
    """Entry into force for a participant: by the treaty's rule, but never before the treaty's own.

    With ``only_after`` the offset counts only for deposits after the treaty entered into force; an
    earlier deposit takes effect with the treaty (ATT Art. 22(2): Lithuania deposited on 18 December
    2014, six days before the Treaty entered into force, and was a party from that day).

    ``months`` counts months after deposit, to the same day (CCW Art. 5(2)) or, with ``first_of_month``,
    to the first day of the month (Ottawa Art. 17(2): a deposit in May 2003 takes effect on 1 November
    2003); ``days`` counts days after deposit.

    >>> consent_effective(dt.date(2003, 5, 12), dt.date(1999, 3, 1), 6, None, first_of_month=True)
    datetime.date(2003, 11, 1)
    >>> consent_effective(dt.date(1998, 7, 9), dt.date(1999, 3, 1), 6, None, first_of_month=True)
    datetime.date(1999, 3, 1)
    >>> consent_effective(dt.date(2003, 5, 12), dt.date(1983, 12, 2), 6, None)
    datetime.date(2003, 11, 12)
    >>> consent_effective(dt.date(2014, 12, 18), dt.date(2014, 12, 24), None, 90, only_after=True)
    datetime.date(2014, 12, 24)
    >>> consent_effective(dt.date(2014, 12, 18), dt.date(2014, 12, 24), None, 90)
    datetime.date(2015, 3, 18)
    """
    if only_after and deposit < treaty_eif:
        return treaty_eif
    if months is not None and first_of_month:
        candidate = deposit.replace(day=1) + relativedelta(months=months)
    elif months is not None:
        candidate = deposit + relativedelta(months=months)
    else:
        candidate = deposit + dt.timedelta(days=days or 0)
    return max(candidate, treaty_eif)


def withdrawal_effective(notified: dt.date, months: int | None, days: int | None) -> dt.date:
    """The end of the notice period (Ottawa Art. 20(2): six months after receipt).

    >>> withdrawal_effective(dt.date(2025, 6, 27), 6, None)
    datetime.date(2025, 12, 27)
    >>> withdrawal_effective(dt.date(2025, 8, 31), 6, None)
    datetime.date(2026, 2, 28)
    """
    if months is not None:
        return notified + relativedelta(months=months)
    return notified + dt.timedelta(days=days or 0)


def _add(store: ox.Store, subject: ox.NamedNode, predicate: ox.NamedNode, value: ox.Literal, rule: ox.NamedNode) -> None:
    store.add(ox.Quad(subject, predicate, value, _DERIVED))
    store.add(ox.Quad(subject, _DERIVED_BY, rule, _DERIVED))


def apply_construct_rules(store: ox.Store, root: Path, prefix: str = "construct", graph: ox.NamedNode = _DERIVED) -> int:
    """Run each CONSTRUCT rule over the union graph and add its triples to the derived graph (or, for the
    ``timeline-*.rq`` rules, to the timeline graph)."""
    added = 0
    for path in rule_files(root, prefix):
        try:
            result = store.query(path.read_text(encoding="utf-8"), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise ArmskgError(f"{path.relative_to(root)}: SPARQL syntax error: {str(exc).splitlines()[0]}") from None
        if not isinstance(result, ox.QueryTriples):
            raise ArmskgError(f"{path.name}: a rule must be a CONSTRUCT query")
        triples = list(result)
        store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        added += len(triples)
    return added


def _bad_rule(row: ox.QuerySolution, exc: Exception) -> ArmskgError:
    """One line naming the rule and the act whose dates it cannot derive, and why."""
    rule, action = row["rule"], row["action"]
    return ArmskgError(f"rule <{rule.value if rule is not None else '?'}> cannot derive a date for "
                       f"<{action.value if action is not None else '?'}>: {str(exc) or type(exc).__name__} "
                       "(check the rule's months and days in graph/)")


def _derive_consents(store: ox.Store) -> int:
    count = 0
    for row in select(store, _CONSENTS):
        first = row["firstOfMonth"] is not None and row["firstOfMonth"].value == "true"
        deposit, treaty_eif = _maybe_date(row["deposit"]), _maybe_date(row["treatyEif"])
        if deposit is None or treaty_eif is None:  # not a date: validation reports it
            continue
        only_after = row["onlyAfter"] is not None and row["onlyAfter"].value == "true"
        try:
            day = consent_effective(deposit, treaty_eif, _int(row["months"]), _int(row["days"]), first, only_after)
        except (ValueError, OverflowError) as exc:
            raise _bad_rule(row, exc) from None
        _add(store, row["action"], _EFFECTIVE, date_literal(day), row["rule"])
        count += 1
    return count


def _conflict_at(store: ox.Store, state: ox.NamedNode, day: dt.date) -> tuple[str, dt.date, dt.date | None] | None:
    for row in select(store, _CONFLICTS, {ox.Variable("state"): state}):
        start, end = _date(row["start"]), _maybe_date(row["end"])
        if start <= day and (end is None or end >= day):
            return str(row["label"].value), start, end
    return None


def _derive_withdrawals(store: ox.Store) -> tuple[int, int]:
    dates = pending = 0
    for row in list(select(store, _WITHDRAWALS)):
        notified = _maybe_date(row["notified"])
        if notified is None:  # not a date: validation reports it
            continue
        try:
            day = withdrawal_effective(notified, _int(row["months"]), _int(row["days"]))
        except (ValueError, OverflowError) as exc:
            raise _bad_rule(row, exc) from None
        defers = row["defers"] is not None and row["defers"].value == "true"
        conflict = _conflict_at(store, row["state"], day) if defers else None
        if conflict is None:
            _add(store, row["action"], _EFFECTIVE, date_literal(day), row["rule"])
            dates += 1
        elif conflict[2] is not None:
            _add(store, row["action"], _EFFECTIVE, date_literal(conflict[2]), row["rule"])
            dates += 1
        else:
            reason = (
                f"{row['article'].value}: the notice period ends on {day.isoformat()} while the state is engaged "
                f"in an armed conflict ({conflict[0]}, since {conflict[1].isoformat()}); the withdrawal cannot "
                "take effect before the conflict ends"
            )
            _add(store, row["action"], _PENDING, ox.Literal(reason), row["rule"])
            pending += 1
    return dates, pending


def derive(store: ox.Store, root: Path, timeline: bool = True) -> Derivation:
    """Apply every rule to the store, adding derived facts to the derived named graph, and (unless
    ``timeline`` is false: validation does not need it) the status timeline to its own graph."""
    for graph in (_DERIVED, _TIMELINE):
        if graph in set(store.named_graphs()):
            store.remove_graph(graph)
    constructed = apply_construct_rules(store, root)
    consents = _derive_consents(store)
    dates, pending = _derive_withdrawals(store)
    intervals = derive_status(store) if timeline else 0
    if timeline:
        apply_construct_rules(store, root, "timeline", _TIMELINE)
    return Derivation(rule_triples=constructed, dates=consents + dates, pending=pending, intervals=intervals)
