"""One status, everywhere (issue 11.1): the same question, "where does this state stand towards this
treaty (or organisation) on this date?", asked through every path that answers it, gets one answer.

Paths: the named queries (treaty-status, non-parties, changes), the Python function (status_on), the
timeline report, stats, the exports (to_networkx's relations and borders views, GraphML), the map's SVG
and the HTML view's data. Dates: before a treaty, during, after withdrawals and a treaty's end, and around
ended memberships (an end known only by its year included)."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from support import StatsOn

import armskg
from armskg.export.html import payload
from armskg.export.views import Filters, relations
from armskg.sparql.status import status_on
from armskg.vocab import MEMBERSHIP_STATUSES, STATUSES, TREATY_STATUSES

STATE = "https://w3id.org/armskg/id/state/"
TREATY = "https://w3id.org/armskg/id/treaty/"
ORG = "https://w3id.org/armskg/id/org/"

#: (treaty, state, date, the status the graph gives): each a case every path must agree on.
CASES = [
    ("apmbc", "LTU", "1997-01-01", "non-party"),     # before the Convention opened for signature
    ("apmbc", "POL", "1998-01-01", "signatory"),
    ("apmbc", "POL", "2012-12-28", "consented"),
    ("apmbc", "LTU", "2025-06-01", "party"),
    ("apmbc", "LTU", "2025-07-01", "withdrawing"),
    ("apmbc", "LTU", "2026-03-01", "withdrawn"),
    ("apmbc", "UKR", "2026-03-01", "party"),          # suspended, still a party (Art. 20(3))
    ("apmbc", "RUS", "2026-03-01", "non-party"),
    ("att", "USA", "2026-03-01", "non-party"),        # notice of non-intent, 18 July 2019
    ("inf", "USA", "2019-02-02", "withdrawing"),
    ("inf", "RUS", "2026-03-01", "non-party"),        # the Treaty ended on 2 August 2019
    ("npt", "PRK", "2026-03-01", "withdrawn"),
    ("npt", "USA", "2026-03-01", "party"),
    ("npt", "USA", "1968-06-30", "non-party"),        # before the NPT opened for signature
    ("ost", "AGO", "2026-03-01", "not recorded"),     # the Outer Space Treaty's record is partial: never "non-party"
    ("ost", "AGO", "1967-01-26", "non-party"),        # before it opened for signature
]
IDS = [f"{t}-{s}-{d}" for t, s, d, _ in CASES]
#: The cases every run asks through every path: each status once, the suspension, a treaty that ended and a
#: partial record; the thorough run (CI) asks all of them.
EVERY_RUN = {"apmbc-POL-1998-01-01", "apmbc-POL-2012-12-28", "apmbc-LTU-2025-06-01", "apmbc-LTU-2025-07-01",
             "apmbc-LTU-2026-03-01", "apmbc-UKR-2026-03-01", "apmbc-RUS-2026-03-01", "inf-RUS-2026-03-01",
             "npt-PRK-2026-03-01", "ost-AGO-2026-03-01"}
PARAMS = [pytest.param(*c, id=i, marks=() if i in EVERY_RUN else pytest.mark.slow) for c, i in zip(CASES, IDS)]

#: (organisation, state, date, status)
MEMBERSHIPS = [
    ("csto", "AZE", "1998-12-31", "member"),
    ("csto", "AZE", "1999-06-01", "not recorded"),    # left in 1999: the day is not known
    ("csto", "AZE", "2025-06-01", "withdrawn"),       # ended everywhere (issue 11: exports showed it a member)
    ("csto", "GEO", "2025-06-01", "withdrawn"),
    ("csto", "UZB", "2010-01-01", "member"),          # back from 2006 to 2012
    ("csto", "UZB", "2025-06-01", "withdrawn"),
    ("csto", "ARM", "2000-01-01", "member"),          # frozen only since 2024: a member in 2000 everywhere
    ("csto", "ARM", "2024-02-22", "frozen"),
    ("eu", "GBR", "2020-01-31", "member"),            # a member through 31 January 2020
    ("eu", "GBR", "2020-02-01", "withdrawn"),
    ("nato", "FIN", "2023-04-03", "non-member"),
    ("nato", "FIN", "2023-04-04", "member"),
]
MEMBERSHIP_IDS = [f"{o}-{s}-{d}" for o, s, d, _ in MEMBERSHIPS]
#: Every membership status once, and the day NATO's enlargement took effect against the day before.
MEMBERSHIPS_EVERY_RUN = {"csto-AZE-1999-06-01", "csto-AZE-2025-06-01", "csto-ARM-2000-01-01", "csto-ARM-2024-02-22",
                         "eu-GBR-2020-02-01",
                         "nato-FIN-2023-04-03", "nato-FIN-2023-04-04"}
MEMBERSHIP_PARAMS = [pytest.param(*c, id=i, marks=() if i in MEMBERSHIPS_EVERY_RUN else pytest.mark.slow)
                     for c, i in zip(MEMBERSHIPS, MEMBERSHIP_IDS)]

_EDGE = {s.code: s.edge for s in TREATY_STATUSES}

#: An answer for one (treaty, day): several cases share a day (three states on 2026-03-01 towards the Ottawa
#: Convention) and several tests ask the same question, so each is computed once per session (the graph is
#: read-only here), as conftest's ``stats_on``.
Answer = Callable[[str, str], Any]


@pytest.fixture(scope="module")
def treaty_status(kg: armskg.KnowledgeGraph) -> Answer:
    """``kg.query("treaty-status", treaty=T, as_of=DAY)``, memoised."""
    return functools.cache(lambda treaty, day: kg.query("treaty-status", treaty=treaty, as_of=day))


@pytest.fixture(scope="module")
def changes_until(kg: armskg.KnowledgeGraph) -> Answer:
    """The ``changes`` query's rows and report from 1900 to DAY for treaty T, memoised."""
    return functools.cache(lambda treaty, day: (
        list(kg.query("changes", from_="1900-01-01", to=day, treaty=treaty)),
        json.loads(kg.changes("1900-01-01", day, treaty=treaty).render("json"))["changes"]))


#: The states the cases ask about on each (treaty, day): Lithuania, Ukraine and Russia towards the Ottawa
#: Convention on 2026-03-01, North Korea and the United States towards the NPT.
CASE_STATES: dict[tuple[str, str], frozenset[str]] = {}
for _treaty, _iso3, _day, _ in CASES:
    CASE_STATES[_treaty, _day] = CASE_STATES.get((_treaty, _day), frozenset()) | {_iso3}


@pytest.fixture(scope="module")
def views_data(kg: armskg.KnowledgeGraph) -> Answer:
    """The HTML views' data (``payload``) for treaty T on DAY, the view kept to the states the cases ask
    about on that day (CASE_STATES), memoised."""
    def data(treaty: str, day: str) -> Any:
        chosen = Filters(frozenset({TREATY + treaty}), frozenset(STATE + s for s in CASE_STATES[treaty, day]),
                         dt.date.fromisoformat(day))
        return payload(kg.store, kg.root, relations(kg.store, chosen), chosen)

    return functools.cache(data)


@pytest.fixture(scope="module")
def borders_on(kg: armskg.KnowledgeGraph) -> Answer:
    """The borders view on DAY for treaty T: ``to_networkx`` and the GraphML export read back, memoised."""
    return functools.cache(lambda treaty, day: (
        kg.to_networkx("borders", treaty=treaty, as_of=day),
        nx.read_graphml(io.BytesIO(kg.export("graphml", view="borders", treaty=treaty, as_of=day)))))


# ---- the status table: every status the timeline holds is one of armskg.vocab's ----

def test_every_status_in_the_timeline_is_in_the_status_table(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql("""PREFIX ak: <https://w3id.org/armskg/ontology#>
        SELECT DISTINCT ?via ?status WHERE { ?i a ak:StatusInterval ; ?via ?x ; ak:status ?status .
          FILTER (?via IN (ak:treaty, ak:organisation)) }""")
    found = {(r["via"].rsplit("#", 1)[1], r["status"]) for r in rows}
    assert {s for via, s in found if via == "treaty"} <= {s.code for s in TREATY_STATUSES}
    assert {s for via, s in found if via == "organisation"} <= {s.code for s in MEMBERSHIP_STATUSES}


def test_every_state_has_one_status_towards_every_treaty_on_any_day(kg: armskg.KnowledgeGraph) -> None:
    states = len(kg.sparql("PREFIX ak: <https://w3id.org/armskg/ontology#> SELECT ?s WHERE { ?s a ak:State }"))
    for day in ("1900-01-01", "1999-03-01", "2026-03-01"):
        found = status_on(kg.store, day)
        treaties = {t for _, t in found}
        assert len(found) == states * len(treaties), day


# ---- a treaty: every path, one answer ----

@pytest.mark.parametrize(("treaty", "iso3", "day", "status"), PARAMS)
def test_treaty_status_query(treaty_status: Answer, treaty: str, iso3: str, day: str, status: str) -> None:
    rows = {r["iso3"]: r["status"] for r in treaty_status(treaty, day)}
    assert rows[iso3] == status


@pytest.mark.parametrize(("treaty", "iso3", "day", "status"), PARAMS)
def test_non_parties_query(kg: armskg.KnowledgeGraph, treaty: str, iso3: str, day: str, status: str) -> None:
    rows = {r["iso3"]: r["status"] for r in kg.query("non-parties", treaty=treaty, as_of=day)}
    admitted = kg.sparql(f"SELECT ?d WHERE {{ state:{iso3} ak:unAdmission ?d }}")[0]["d"]
    member = admitted is not None and admitted <= day  # non-parties lists the UN members of the day (Angola: 1976)
    assert rows.get(iso3) == (None if status in ("party", "withdrawing") or not member else status)


@pytest.mark.parametrize(("treaty", "iso3", "day", "status"), PARAMS)
def test_changes_query_and_report(changes_until: Answer, treaty: str, iso3: str, day: str, status: str) -> None:
    answer, report = changes_until(treaty, day)
    rows = [r for r in answer if r["iso3"] == iso3]
    if rows:
        assert rows[-1]["to_status"] == status
    else:  # no change of status on record: the state holds the status it held from the beginning
        assert status in ("non-party", "not recorded")
    assert [c["to_status"] for c in report if c["iso3"] == iso3] == [r["to_status"] for r in rows]


@pytest.mark.parametrize(("treaty", "iso3", "day", "status"), PARAMS)
def test_python_function(kg: armskg.KnowledgeGraph, treaty: str, iso3: str, day: str, status: str) -> None:
    assert status_on(kg.store, day, TREATY + treaty)[STATE + iso3, TREATY + treaty][0] == status


@pytest.mark.parametrize(("treaty", "iso3", "day", "status"), PARAMS)
def test_timeline_report(kg: armskg.KnowledgeGraph, treaty: str, iso3: str, day: str, status: str) -> None:
    data = json.loads(kg.timeline(iso3, as_of=day, treaty=treaty).render("json"))
    held = [s["status"] for s in data["statuses"]]
    assert held == [status]  # with acts or without (then 'no recorded acts', under the status all the same)


@pytest.mark.parametrize(("treaty", "iso3", "day", "status"), PARAMS)
def test_stats_counts_the_same_parties(treaty_status: Answer, stats_on: StatsOn, treaty: str, iso3: str,
                                       day: str, status: str) -> None:
    row = {r["treaty"]: r for r in stats_on(day)[0].values()}[treaty]
    statuses = treaty_status(treaty, day).column("status")
    # a partial record that is silent about some state on the day cannot count the parties
    counted = row["coverage"] == "complete" or "not recorded" not in statuses
    assert row["parties"] == (statuses.count("party") + statuses.count("withdrawing") if counted else "not recorded")
    assert row["not_recorded"] == statuses.count("not recorded")


@pytest.mark.parametrize(("treaty", "iso3", "day", "status"), PARAMS)
def test_networkx_borders_view_and_graphml(borders_on: Answer, treaty: str, iso3: str, day: str, status: str) -> None:
    graph, read = borders_on(treaty, day)
    name = f"status_{treaty.replace('-', '_')}"
    assert graph.nodes[STATE + iso3][name] == status
    assert read.nodes[f"state:{iso3}"][name] == status


@pytest.mark.parametrize(("treaty", "iso3", "day", "status"), PARAMS)
def test_networkx_relations_view(kg: armskg.KnowledgeGraph, treaty: str, iso3: str, day: str, status: str) -> None:
    graph = kg.to_networkx(treaty=treaty, as_of=day, region=f"{iso3}:0")
    kinds = sorted(k for u, v, k in graph.edges(data="kind") if (u, v) == (STATE + iso3, TREATY + treaty))
    assert kinds == ([_EDGE[status]] if _EDGE[status] else [])
    # the edge's status is the day's, not its last (Lithuania a party on 2025-06-01, not yet withdrawing)
    held = [s for u, v, s in graph.edges(data="status") if (u, v) == (STATE + iso3, TREATY + treaty)]
    assert held == ([status] if _EDGE[status] else [])


@pytest.mark.parametrize(("treaty", "iso3", "day", "status"), PARAMS)
def test_html_views_data(views_data: Answer, treaty: str, iso3: str, day: str, status: str) -> None:
    data = views_data(treaty, day)
    colours = {row[0]: row[3] for row in data["statuses"]["treaty"]}
    assert colours[status] == STATUSES[status].colour
    states = [s[0] for s in data["states"]]
    assert sorted(states) == sorted(STATE + s for s in CASE_STATES[treaty, day])  # the view keeps the chosen states
    state = states.index(STATE + iso3)
    # what the page's statusOn does: the state's span whose start ("" for the beginning) <= day < end ("" for open)
    spans = [i for i in data["intervals"] if i[0] == state and i[3] <= day and (i[4] == "" or day < i[4])]
    assert [span[2] for span in spans] == [status]


@pytest.mark.parametrize(("org", "iso3", "day", "status"), MEMBERSHIP_PARAMS)
def test_membership_in_the_views_data(kg: armskg.KnowledgeGraph, org: str, iso3: str, day: str, status: str) -> None:
    chosen = Filters(None, frozenset({STATE + iso3}), dt.date.fromisoformat(day))
    data = payload(kg.store, kg.root, relations(kg.store, chosen), chosen)
    # what the panel shows: the membership statuses that hold on the day (a non-member has none)
    held = [m[6] for m in data["memberships"] if m[1] == ORG + org and m[4] <= day and (m[5] == "" or day < m[5])]  # type: ignore[attr-defined]
    assert held == ([] if status == "non-member" else [status])


#: (treaty, day): the region drawn, one that holds the cases' states (a region's map draws in about half the
#: time of the world's; tests/test_pictures.py draws the world).
MAP_CASES = {("apmbc", "2026-03-01"): "europe", ("ost", "2026-03-01"): "africa", ("inf", "2026-03-01"): "europe",
             ("apmbc", "1997-01-01"): "baltic"}


@pytest.fixture(scope="module")
def maps(kg: armskg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    pytest.importorskip("matplotlib")
    folder = tmp_path_factory.mktemp("maps")
    drawn = {}
    for (treaty, day), region in MAP_CASES.items():
        drawn[treaty, day] = folder / f"{treaty}-{day}.svg"
        kg.plot_map(treaty, drawn[treaty, day], as_of=day, region=region)
    return drawn


@pytest.mark.parametrize(("treaty", "iso3", "day", "status"), [c for c in CASES if (c[0], c[2]) in MAP_CASES],
                         ids=[i for c, i in zip(CASES, IDS) if (c[0], c[2]) in MAP_CASES])
def test_map_svg(maps: dict[tuple[str, str], Path], treaty: str, iso3: str, day: str, status: str) -> None:
    root = ET.parse(maps[treaty, day]).getroot()
    group = next(g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("id") == iso3)
    fills = {p.get("style", "").split("fill: ")[1].split(";")[0] for p in group.iter("{http://www.w3.org/2000/svg}path")
             if "fill: " in p.get("style", "")}
    assert fills == {STATUSES[status].colour}


def test_a_partial_record_has_its_own_legend_entry_and_says_so(maps: dict[tuple[str, str], Path]) -> None:
    texts = [t.text or "" for t in ET.parse(maps["ost", "2026-03-01"]).getroot().iter("{http://www.w3.org/2000/svg}text")]
    assert any(t.startswith("not recorded (the record is partial): ") for t in texts)
    assert any(t.startswith("Participation record: partial as at ") for t in texts)
    assert not any(t.endswith(": 0") for t in texts)   # a legend names only the statuses on the map


# ---- an organisation: ended memberships end everywhere ----

@pytest.mark.parametrize(("org", "iso3", "day", "status"), MEMBERSHIP_PARAMS)
def test_membership_python_function(kg: armskg.KnowledgeGraph, org: str, iso3: str, day: str, status: str) -> None:
    assert status_on(kg.store, day, ORG + org, kind="organisation")[STATE + iso3, ORG + org][0] == status


@pytest.mark.parametrize(("org", "iso3", "day", "status"), MEMBERSHIP_PARAMS)
def test_membership_in_networkx_and_graphml(kg: armskg.KnowledgeGraph, org: str, iso3: str, day: str,
                                            status: str) -> None:
    member = status in ("member", "frozen")
    graph = kg.to_networkx(as_of=day, region=f"{iso3}:0")
    assert ((STATE + iso3, ORG + org) in {(u, v) for u, v, k in graph.edges(data="kind") if k == "member-of"}) == member
    held = [s for u, v, s in graph.edges(data="status") if (u, v) == (STATE + iso3, ORG + org)]
    assert held == ([status] if member else [])
    read = nx.read_graphml(io.BytesIO(kg.export("graphml", as_of=day, region=f"{iso3}:0")))
    edges = {(u, v) for u, v, k in read.edges(data="kind") if k == "member-of"}
    assert ((f"state:{iso3}", f"org_:{org}") in edges) == member
