"""Golden answers for the competency questions beyond the flagship, at several dates."""

from __future__ import annotations

from pathlib import Path

import pytest

import armskg
import armskg.errors

OTTAWA_EXITS_2026_03_01 = [
    # iso3, announced, voted, notified, effective
    ("EST", "2025-03-18", "2025-06-04", "2025-06-27", "2025-12-27"),   # the four ministers' joint statement
    ("LTU", "2025-03-18", "2025-05-08", "2025-06-27", "2025-12-27"),
    ("LVA", "2025-03-18", "2025-04-16", "2025-06-27", "2025-12-27"),
    ("FIN", "2025-04-01", "2025-06-19", "2025-07-10", "2026-01-10"),
    ("UKR", "2025-06-29", "2025-07-15", "2025-07-18", None),
    ("POL", "2025-03-07", "2025-06-25", "2025-08-20", "2026-02-20"),   # the Prime Minister to the Sejm
]


def _exits(rows: armskg.api.Result) -> list[tuple[str | None, ...]]:
    return [(r["iso3"], r["announced"] or None, r["voted"] or None, r["notified"] or None, r["effective"] or None)
            for r in rows]


def test_withdrawals_from_ottawa(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("withdrawals", treaty="ottawa", as_of="2026-03-01")
    assert rows.columns == ["iso3", "label", "treaty", "action", "announced", "voted", "notified", "effective", "note"]
    assert _exits(rows) == OTTAWA_EXITS_2026_03_01
    assert "Article 20(3)" in rows[4]["note"]
    assert [r["action"] for r in rows] == ["withdrawal"] * 4 + ["suspension", "withdrawal"]   # Ukraine suspended


@pytest.mark.parametrize(("treaty", "iso3", "action", "effective"), [
    ("ctbt", "RUS", "revocation of ratification", "2023-11-02"),
    ("att", "USA", "notice of non-intent", "2019-07-18"),
    ("npt", "PRK", "withdrawal", "2003-04-10"),
    ("cfe", "RUS", "suspension", "2007-12-12"),
], ids=["revocation", "non-intent", "withdrawal", "suspension"])
def test_withdrawals_say_what_each_act_is(kg: armskg.KnowledgeGraph, treaty: str, iso3: str, action: str,
                                          effective: str) -> None:
    rows = [r for r in kg.query("withdrawals", treaty=treaty, as_of="2026-03-01") if r["iso3"] == iso3]
    assert (rows[0]["action"], rows[0]["effective"]) == (action, effective)


@pytest.mark.parametrize(("as_of", "expected"), [
    ("2025-06-26", []),
    ("2025-06-27", ["EST", "LTU", "LVA"]),
    ("2025-08-19", ["EST", "LTU", "LVA", "FIN", "UKR"]),
], ids=["before", "baltics", "before-poland"])
def test_withdrawals_known_on_a_date(kg: armskg.KnowledgeGraph, as_of: str, expected: list[str]) -> None:
    assert kg.query("withdrawals", treaty="ottawa", as_of=as_of).column("iso3") == expected


def test_withdrawals_from_every_treaty(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("withdrawals", as_of="2026-03-01")
    assert sorted({(r["treaty"], r["iso3"]) for r in rows if r["treaty"] == "ccm"}) == [("ccm", "LTU")]
    # the Ottawa and CCM withdrawals; other treaties' (NPT: North Korea; CFE, INF, ...) are tested with their data
    assert len([r for r in rows if r["treaty"] in ("apmbc", "ccm")]) == 7
    assert {"cfe", "inf", "open-skies", "new-start", "abm"} <= {r["treaty"] for r in rows}


#: The treaties whose acts the state-timeline tests below enumerate (the CWC and CTBT: test_treaties_multilateral.py).
CONVENTIONAL = ("apmbc", "ccm", "ccw", "ccw-apii", "att", "nato", "open-skies")


def test_state_timeline_of_lithuania(kg: armskg.KnowledgeGraph) -> None:
    result = kg.query("state-timeline", state="Lithuania", as_of="2026-03-01")
    assert result.columns == ["date", "treaty", "action", "source", "act"]
    rows = [r for r in result if r["treaty"] in CONVENTIONAL]   # the CWC and CTBT: test_treaties_multilateral.py
    assert [(r["date"], r["treaty"], r["action"]) for r in rows] == [
        ("1998-06-03", "ccw", "accession"),
        ("1998-06-03", "ccw-apii", "consent to be bound"),
        ("1998-12-03", "ccw", "entry into force"),
        ("1998-12-03", "ccw-apii", "entry into force"),
        ("1999-02-26", "apmbc", "signature"),
        ("2003-05-12", "apmbc", "ratification"),
        ("2003-11-01", "apmbc", "entry into force"),
        ("2004-03-29", "nato", "accession"),           # a Party on the day of deposit (Article 10)
        ("2004-03-29", "nato", "entry into force"),
        ("2005-05-09", "open-skies", "accession"),
        ("2005-07-08", "open-skies", "entry into force"),
        ("2008-12-03", "ccm", "signature"),
        ("2011-03-24", "ccm", "ratification"),
        ("2011-09-01", "ccm", "entry into force"),
        ("2013-06-03", "att", "signature"),
        ("2014-12-18", "att", "ratification"),
        ("2014-12-24", "att", "entry into force"),     # deposited before the Treaty entered into force (Art. 22(2))
        ("2024-07-18", "ccm", "legislative vote"),
        ("2024-09-06", "ccm", "withdrawal notification"),
        ("2025-03-06", "ccm", "withdrawal takes effect"),
        ("2025-03-18", "apmbc", "withdrawal announcement"),
        ("2025-05-08", "apmbc", "legislative vote"),
        ("2025-05-08", "apmbc", "withdrawal announcement"),
        ("2025-06-27", "apmbc", "withdrawal notification"),
        ("2025-12-27", "apmbc", "withdrawal takes effect"),
    ]
    assert all(r["source"] for r in rows)
    assert rows[6]["source"].startswith("derived by Article 17(2)")


def test_state_timeline_stops_at_the_date(kg: armskg.KnowledgeGraph) -> None:
    rows = [r for r in kg.query("state-timeline", state="LTU", as_of="2003-11-01") if r["treaty"] in CONVENTIONAL]
    assert [r["date"] for r in rows][-3:] == ["1999-02-26", "2003-05-12", "2003-11-01"]
    assert len(rows) == 7


def test_disputed_claims(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("disputed-claims")
    assert rows.columns == ["subject", "claim", "source", "contradicted_by", "note"]
    belarus = [r for r in rows if r["subject"] == "https://w3id.org/armskg/id/state/BLR"]
    assert len(belarus) == 1
    assert belarus[0]["contradicted_by"] == "https://w3id.org/armskg/id/action/apmbc/BLR-accession-2003-09-03"
    assert belarus[0]["source"].startswith("https://euromaidanpress.com/")
    single = {r["subject"].rsplit("/", 1)[1] for r in rows if r["note"] == "single source"}
    assert "EST-vote-2025-06-04" in single             # ERR News only
    assert "LTU-ratification-2003-05-12" not in single  # three sources


def test_each_single_sourced_act_is_one_row_so_their_order_is_fixed(kg: armskg.KnowledgeGraph) -> None:
    """pyoxigraph joins disputed-claims' addresses and summaries by act in an order of its own (a hash join):
    sorted by note and subject, these rows come in one order only while no act has two of them."""
    subjects = [r["subject"] for r in kg.query("disputed-claims") if r["note"] == "single source"]
    assert len(subjects) == len(set(subjects)) > 1000


def test_disputed_claims_come_in_the_order_sparql_would_sort_them(kg: armskg.KnowledgeGraph) -> None:
    """armskg sorts disputed-claims' rows itself (its '#+ order:' header); the same text with SPARQL's
    ORDER BY gives the same rows in the same order, and no two rows are equal in the columns sorted by, so
    the order is one whichever engine answered (claims of one subject and note differ in claim or in what
    contradicts them)."""
    from armskg.resources import queries_dir

    text = (queries_dir(kg.root) / "disputed-claims.rq").read_text(encoding="utf-8")
    assert "\nORDER BY" not in text
    ordered = kg.sparql(text + "ORDER BY ?note ?subject ?claim ?contradicted_by", max_rows=None)
    rows = kg.query("disputed-claims")
    # GROUP_CONCAT's order is the store's own; armskg sorts each row's sources (the '#+ lists:' header)
    assert [list(r.values()) for r in rows] == [[" ".join(sorted(set(str(v).split()))) if c == "source" else v
                                                 for c, v in r.items()] for r in ordered.values()]
    keys = [(r["note"], r["subject"], r["claim"], r["contradicted_by"]) for r in rows]
    assert len(set(keys)) == len(keys) > 1000
    assert len({k[:2] for k in keys}) < len(keys)  # the last two columns do order some rows


def test_an_order_header_naming_no_column_is_refused(kg: armskg.KnowledgeGraph, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("#+ order: nothing\nSELECT ?x WHERE { VALUES ?x { 1 } }\n", encoding="utf-8")
    with pytest.raises(armskg.errors.ArmskgError, match="'#\\+ order:' names 'nothing', not one of its columns"):
        kg.query(str(query))


# Parties in force at the end of each year. 2013: Landmine Monitor 2013 counts 161 States Parties after
# Poland; 2025: 164, plus Marshall Islands and Tonga, less Estonia, Latvia and Lithuania (Finland and
# Poland, withdrawing, are still parties); 2026 (to 1 March): less Finland and Poland. 2006: 152, with
# Montenegro a party from its succession of 3 June 2006 (tests/test_data_audit.py).
@pytest.mark.parametrize(("year", "parties"), [
    ("1999", "82"), ("2006", "152"), ("2013", "161"), ("2024", "164"), ("2025", "163"), ("2026", "161"),
], ids=lambda v: str(v))
def test_party_counts_at_the_end_of_each_year(kg: armskg.KnowledgeGraph, year: str, parties: str) -> None:
    rows = {r["year"]: r["parties"] for r in kg.query("party-counts", treaty="ottawa", as_of="2026-03-01")}
    assert rows[year] == parties


def test_party_counts_cover_every_year_from_entry_into_force(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("party-counts", treaty="apmbc", as_of="2026-03-01")
    assert rows.columns == ["year", "parties"]
    assert rows.column("year") == [str(y) for y in range(1999, 2027)]


@pytest.mark.parametrize("treaty", ["ost", "ptbt", "geneva-protocol", "open-skies"])
def test_party_counts_refuses_a_partial_record(kg: armskg.KnowledgeGraph, treaty: str) -> None:
    """A partial record's count is of the parties it happens to hold (the Outer Space Treaty's 99 of about
    115): never a count a reader could cite. As never-joined, the query refuses it in one line."""
    with pytest.raises(armskg.ArmskgError, match=r"^party-counts needs a complete participation record, .* is partial"):
        kg.query("party-counts", treaty=treaty, as_of="2026-03-01")


def test_changes_between_two_dates(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("changes", treaty="ottawa", **{"from": "2025-01-01", "to": "2026-03-01"})
    assert rows.columns == ["date", "iso3", "label", "treaty", "from_status", "to_status", "basis"]
    assert [(r["date"], r["iso3"], r["from_status"], r["to_status"]) for r in rows] == [
        ("2025-03-12", "MHL", "signatory", "consented"),
        ("2025-06-25", "TON", "non-party", "consented"),
        ("2025-06-27", "EST", "party", "withdrawing"),
        ("2025-06-27", "LTU", "party", "withdrawing"),
        ("2025-06-27", "LVA", "party", "withdrawing"),
        ("2025-07-10", "FIN", "party", "withdrawing"),
        ("2025-08-20", "POL", "party", "withdrawing"),
        ("2025-09-01", "MHL", "consented", "party"),
        ("2025-12-01", "TON", "consented", "party"),
        ("2025-12-27", "EST", "withdrawing", "withdrawn"),
        ("2025-12-27", "LTU", "withdrawing", "withdrawn"),
        ("2025-12-27", "LVA", "withdrawing", "withdrawn"),
        ("2026-01-10", "FIN", "withdrawing", "withdrawn"),
        ("2026-02-20", "POL", "withdrawing", "withdrawn"),
    ]


def test_changes_in_every_treaty(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("changes", **{"from": "2025-03-05", "to": "2025-03-06"})
    assert [(r["iso3"], r["treaty"], r["to_status"]) for r in rows] == [("LTU", "ccm", "withdrawn")]


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2025-12-26", "2025-12-27", ["EST", "LTU", "LVA"]),   # the day a status changes counts
    ("2025-12-27", "2026-01-09", []),                      # the first date does not
    ("2003-05-11", "2003-05-12", ["LTU"]),                 # Lithuania's ratification
], ids=["effect-day", "after", "lithuania-2003"])
def test_changes_in_a_window(kg: armskg.KnowledgeGraph, start: str, end: str, expected: list[str]) -> None:
    assert kg.query("changes", treaty="ottawa", **{"from": start, "to": end}).column("iso3") == expected


@pytest.mark.parametrize(("as_of", "expected"), [
    ("2025-07-01", ["EST", "LTU", "LVA"]),
    ("2026-03-01", ["EST", "FIN", "LTU", "LVA", "POL"]),
], ids=["baltics-notified", "all-five"])
def test_still_bound_by_amended_protocol_ii(kg: armskg.KnowledgeGraph, as_of: str, expected: list[str]) -> None:
    rows = kg.query("still-bound", left="ottawa", bound="ccw-apii", as_of=as_of)
    assert rows.columns == ["iso3", "label", "left_effective", "bound_since"]
    assert rows.column("iso3") == expected


def test_still_bound_dates(kg: armskg.KnowledgeGraph) -> None:
    rows = {r["iso3"]: (r["left_effective"], r["bound_since"])
            for r in kg.query("still-bound", left="ottawa", bound="apii", as_of="2026-03-01")}
    # Lithuania consented to Amended Protocol II on 3 June 1998: in force from the Protocol's own entry
    # into force, 3 December 1998. Poland's Ottawa withdrawal took effect on 20 February 2026.
    assert rows["LTU"] == ("2025-12-27", "1998-12-03")
    assert rows["POL"] == ("2026-02-20", "2004-04-14")


@pytest.mark.parametrize(("as_of", "count"), [("2025-05-08", 32), ("2026-03-01", 31)], ids=["lithuanian-vote", "2026"])
def test_never_joined_ottawa(kg: armskg.KnowledgeGraph, as_of: str, count: int) -> None:
    # 32 on 8 May 2025: Lithuania's Ministry of Foreign Affairs (Euromaidan Press); Tonga acceded on 25 June.
    rows = kg.query("never-joined", treaty="ottawa", as_of=as_of)
    assert rows.columns == ["iso3", "label"]
    assert len(rows) == count
    assert {"RUS", "USA", "CHN"} <= set(rows.column("iso3"))
    assert ("TON" in rows.column("iso3")) == (as_of < "2025-06-25")


@pytest.mark.parametrize(("query", "as_of", "absent", "present"), [
    ("never-joined", "1970-01-01", ["SSD", "MNE", "TLS"], ["IND", "ISR", "PAK"]),  # admitted 2011, 2006, 2002
    ("never-joined", "2011-07-13", ["SSD"], ["IND"]),                             # the day before its admission
    ("never-joined", "2011-07-14", [], ["IND", "SSD"]),
    ("non-parties", "1960-01-01", ["SSD", "DEU", "TZA"], ["FRA", "CHN", "USA"]),  # before the NPT: no party
], ids=["npt-1970", "npt-before-south-sudan", "npt-south-sudan-admitted", "npt-1960"])
def test_only_the_un_members_of_the_day_are_listed(kg: armskg.KnowledgeGraph, query: str, as_of: str,
                                                    absent: list[str], present: list[str]) -> None:
    """'Which UN member states never joined, or are not party, on a date': the members on that date, not
    today's (South Sudan did not 'never join the NPT by 1970'; it did not exist)."""
    listed = set(kg.query(query, treaty="npt", as_of=as_of).column("iso3"))
    assert not listed & set(absent) and set(present) <= listed


def test_never_joined_excludes_signatories(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("never-joined", treaty="ottawa", as_of="1997-12-31")
    assert "NOR" not in rows.column("iso3")      # signed 3 December 1997
    assert "FIN" in rows.column("iso3")          # acceded in 2012


def test_non_parties_and_what_they_are_instead(kg: armskg.KnowledgeGraph) -> None:
    rows = {r["iso3"]: r["status"] for r in kg.query("non-parties", treaty="ottawa", as_of="2026-03-01")}
    assert len(rows) == 36
    assert {k for k, v in rows.items() if v == "withdrawn"} == {"EST", "FIN", "LTU", "LVA", "POL"}
    assert rows["RUS"] == "non-party"
    assert "UKR" not in rows                     # still a party: its suspension has no effect under Art. 20(3)


@pytest.mark.parametrize(("as_of", "status"), [("2019-07-17", "signatory"), ("2026-02-03", "non-party")])
def test_non_parties_include_signatories(kg: armskg.KnowledgeGraph, as_of: str, status: str) -> None:
    # the United States signed the ATT and, on 18 July 2019, said it does not intend to become a party
    rows = {r["iso3"]: r["status"] for r in kg.query("non-parties", treaty="att", as_of=as_of)}
    assert rows["USA"] == status


def test_statement_followup(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("statement-followup", statement="baltic-poland-2025", as_of="2026-03-01")
    assert rows.columns == ["iso3", "label", "statement_date", "action", "date"]
    assert {r["statement_date"] for r in rows} == {"2025-03-18"}
    notified = [(r["iso3"], r["date"]) for r in rows if r["action"] == "withdrawal notification"]
    assert notified == [("EST", "2025-06-27"), ("LTU", "2025-06-27"), ("LVA", "2025-06-27"), ("FIN", "2025-07-10"),
                        ("POL", "2025-08-20")]
    announced = [(r["iso3"], r["date"]) for r in rows if r["action"] == "withdrawal announcement"]
    # the Baltic ministries announced it that day (Poland's Prime Minister had on 7 March); Finland endorsed it
    assert announced == [("EST", "2025-03-18"), ("LTU", "2025-03-18"), ("LVA", "2025-03-18"), ("FIN", "2025-04-01"),
                         ("LTU", "2025-05-08")]


def test_statement_followup_stops_at_the_date(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("statement-followup", as_of="2025-05-01")
    assert [(r["iso3"], r["action"]) for r in rows if r["action"] != "signature of the statement"] == [
        ("EST", "withdrawal announcement"), ("LTU", "withdrawal announcement"), ("LVA", "withdrawal announcement"),
        ("FIN", "withdrawal announcement"), ("LVA", "legislative vote")]


@pytest.mark.parametrize(("as_of", "signed"), [
    ("2025-03-17", []),  # the day before the statement
    ("2025-03-18", ["EST", "LTU", "LVA", "POL"]),  # Poland too, though it did nothing more until June
    ("2026-03-01", ["EST", "LTU", "LVA", "POL"]),
], ids=["before", "that-day", "later"])
def test_statement_followup_names_every_signatory(kg: armskg.KnowledgeGraph, as_of: str, signed: list[str]) -> None:
    """'Which states signed a joint statement': every signatory from the statement's day, not only those that
    had acted since (on 18 March 2025 Poland was missing, as if it had not signed)."""
    rows = kg.query("statement-followup", statement="baltic-poland-2025", as_of=as_of)
    assert [(r["iso3"], r["date"]) for r in rows if r["action"] == "signature of the statement"] == \
        [(iso3, "2025-03-18") for iso3 in signed]


def test_unknown_statement(kg: armskg.KnowledgeGraph) -> None:
    with pytest.raises(armskg.ArmskgError, match="unknown statement"):
        kg.query("statement-followup", statement="nordic-2025")


QUERY_FILES = sorted(Path(__file__).parent.parent.joinpath("queries").rglob("*.rq"))


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.name for p in QUERY_FILES])
def test_armskg_binds_its_queries_where_the_sparql_parser_finds_their_groups(path: Path) -> None:
    """armskg binds its own queries' parameters (``sparql.text.with_values``) at each WHERE group a pattern
    finds; users' queries at the groups the SPARQL parser finds (``sparql.guard``). For every query armskg
    ships, the two must be the same places: no VALUES block in a comment or a string, none missed."""
    from armskg.sparql.guard import check
    from armskg.sparql.text import _where

    text = path.read_text(encoding="utf-8")
    found = [len(text[:m.end()].encode("utf-8")) for m in _where().finditer(text)]
    assert found == sorted(check(text).groups) and found


@pytest.mark.parametrize(("query", "gives", "computes"), [
    ("SELECT ?x WHERE { ?x ak:date ?d FILTER (?d <= ?as_of) }", False, False),
    ("SELECT ?as_of (YEAR(?as_of) AS ?y) WHERE { } GROUP BY ?as_of ORDER BY ?as_of", False, False),
    ("CONSTRUCT { ?x ak:on ?as_of } WHERE { ?x ak:date ?d FILTER (?d <= ?as_of) }", False, False),
    ("SELECT ?x WHERE { ?x ak:date ?d BIND (NOW() AS ?as_of) }", True, True),
    ("select ?x where { bind (1 as ?as_of) }", True, True),
    ("SELECT ?x WHERE { VALUES ?as_of { 1 } }", True, False),
    ("SELECT ?x WHERE { ?x ?p ?o } VALUES (?x ?as_of) { (1 2) }", True, False),
    ("SELECT ?as_of WHERE { { SELECT (MAX(?d) AS ?as_of) WHERE { ?x ak:date ?d } } }", True, True),
    ("SELECT ?x WHERE { ?x ?p ?o } GROUP BY ?x (?o AS ?as_of)", True, True),
    ("SELECT ?x ?as_of WHERE { ?x ak:asAt ?as_of }", True, False),
    ("SELECT ?x WHERE { ?x ak:p [ ak:q ?as_of ] }", True, False),
    ("SELECT ?x WHERE { GRAPH ?as_of { ?x ?p ?o } }", True, False),
], ids=["filter", "projected-grouped-ordered", "construct-template", "bind", "bind-lowercase", "values",
        "values-after", "subselect-as", "group-by-as", "pattern", "blank-node", "graph"])
def test_the_guard_tells_where_a_query_gives_a_variable_values(query: str, gives: bool, computes: bool) -> None:
    """Whether a query gives ?as_of values itself decides whether an ad-hoc query gets today's date: read on
    the parsed query, never on its text; whether it computes it (after AS), whether a date may be given."""
    from armskg.sparql.guard import check

    checked = check(query)
    assert "as_of" in checked.variables
    assert ("as_of" in checked.assigned) == gives
    assert ("as_of" in checked.computed) == computes


_ENDED = "SELECT ?t WHERE { ?t ak:terminationDate ?end FILTER (?end <= ?as_of) }"


def test_kg_sparql_as_of_defaults_to_today(kg: armskg.KnowledgeGraph) -> None:
    import datetime

    result = kg.sparql(_ENDED)
    assert result.as_of == datetime.date.today().isoformat()
    assert set(result.column("t")) == set(kg.sparql(_ENDED, as_of=datetime.date.today()).column("t"))
    assert "https://w3id.org/armskg/id/treaty/inf" in result.column("t")
    assert kg.sparql(_ENDED, as_of="2010-01-01").column("t") == ["https://w3id.org/armskg/id/treaty/abm"]
    assert kg.sparql("SELECT ?x WHERE { BIND (1 AS ?x) }").as_of is None   # no ?as_of: no date


def test_kg_sparql_refuses_a_value_for_a_variable_the_query_computes(kg: armskg.KnowledgeGraph) -> None:
    """A date (or a parameter) for a variable the query sets itself after AS was bound beside it, and the
    engine's syntax error came back: it is refused, naming the variable; one the query reads from the data
    (a triple pattern) still takes a value."""
    sets = 'SELECT ?d WHERE { BIND ("2020-01-01"^^xsd:date AS ?as_of) ?s ak:date ?d FILTER (?d <= ?as_of) } LIMIT 1'
    with pytest.raises(armskg.errors.ParameterError, match=r"^as_of cannot be given: the query sets \?as_of itself"):
        kg.sparql(sets, as_of="2021-01-01")
    with pytest.raises(armskg.errors.ParameterError, match=r"^as_of cannot be given"):
        kg.sparql(sets, params={"as_of": "2021-01-01"})
    with pytest.raises(armskg.errors.ParameterError, match=r"^n cannot be given: the query sets \?n itself"):
        kg.sparql("SELECT ?n WHERE { { SELECT (COUNT(?t) AS ?n) WHERE { ?t ak:terminationDate ?end } } }",
                  params={"n": "1"})
    assert len(kg.sparql(sets)) == 1  # no date given: the query's own
    assert kg.sparql(_ENDED, as_of="2010-01-01").column("t") == ["https://w3id.org/armskg/id/treaty/abm"]
