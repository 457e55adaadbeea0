"""Results a program can trust (issue 11.2 and 11.4): SPARQL 1.1 formats written by pyoxigraph, typed
values, pandas, a notebook's table, and errors that name the API's parameters."""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from support import StatsOn, run_cli

import armskg
from armskg.sparql.results import NotXml, Result, format_result

XSD = "http://www.w3.org/2001/XMLSchema#"


def _lit(value: str, datatype: str | None = None) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)) if datatype else ox.Literal(value)


SAMPLE = Result(["iso3", "since", "parties", "note"], [
    [_lit("NOR"), _lit("1999-03-01", "date"), _lit("82", "integer"), None],
    [_lit("LTU"), _lit("2003-11-01", "date"), _lit("161", "integer"), _lit('a "quoted", two-line\nnote')],
])


def test_csv_is_sparql_csv_with_crlf_line_ends() -> None:
    assert SAMPLE.serialize("csv") == (b'iso3,since,parties,note\r\nNOR,1999-03-01,82,\r\n'
                                       b'LTU,2003-11-01,161,"a ""quoted"", two-line\nnote"\r\n')


def test_json_carries_datatypes() -> None:
    data = json.loads(SAMPLE.serialize("json"))
    assert data["head"]["vars"] == ["iso3", "since", "parties", "note"]
    first = data["results"]["bindings"][0]
    assert first["since"] == {"type": "literal", "value": "1999-03-01", "datatype": XSD + "date"}
    assert first["parties"] == {"type": "literal", "value": "82", "datatype": XSD + "integer"}
    assert "note" not in first


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_formats_read_back_as_the_same_terms(fmt: str) -> None:
    read = ox.parse_query_results(SAMPLE.serialize(fmt), ox.QueryResultsFormat.from_extension(fmt))
    assert isinstance(read, ox.QuerySolutions)
    assert [[row[c] for c in SAMPLE.columns] for row in read] == SAMPLE.rows


def test_xml_never_carries_a_character_xml_forbids() -> None:
    odd = Result(["x"], [[_lit("bell\x07 and \x00 and \ufffe end")]])
    with pytest.raises(NotXml, match="XML 1.0 cannot carry: ask for JSON, CSV or TSV"):
        odd.serialize("xml")
    assert json.loads(odd.serialize("json"))["results"]["bindings"][0]["x"]["value"] == "bell\x07 and \x00 and \ufffe end"


def test_blank_nodes_are_written_too(kg: armskg.KnowledgeGraph) -> None:
    result = kg.sparql("SELECT ?b WHERE { GRAPH <https://w3id.org/armskg/graph/shapes> { ?s ?p ?b FILTER isBlank(?b) } } LIMIT 2")
    assert [b["b"]["type"] for b in json.loads(result.serialize("json"))["results"]["bindings"]] == ["bnode", "bnode"]


def test_unknown_results_format() -> None:
    with pytest.raises(armskg.ArmskgError, match="unknown results format 'yaml'"):
        SAMPLE.serialize("yaml")


def test_typed_values_without_pandas() -> None:
    assert SAMPLE.values() == [
        {"iso3": "NOR", "since": dt.date(1999, 3, 1), "parties": 82, "note": None},
        {"iso3": "LTU", "since": dt.date(2003, 11, 1), "parties": 161, "note": 'a "quoted", two-line\nnote'}]
    assert next(iter(SAMPLE)) == {"iso3": "NOR", "since": "1999-03-01", "parties": "82", "note": None}


def test_to_pandas_gives_typed_columns(kg: armskg.KnowledgeGraph) -> None:
    frame = kg.query("party-counts", treaty="ottawa", as_of="2026-03-01").to_pandas()
    assert list(frame.columns) == ["year", "parties"]
    assert str(frame["parties"].dtype) == "int64" and int(frame.set_index("year").loc[2013, "parties"]) == 161
    frame = kg.query("withdrawals", treaty="ottawa", as_of="2026-03-01").to_pandas()
    assert str(frame["notified"].dtype).startswith("datetime64")
    assert frame["effective"].isna().sum() == 1          # Ukraine's suspension takes no effect here
    assert frame.loc[0, "iso3"] == "EST"


@pytest.mark.parametrize(("name", "params", "column", "dtype"), [
    ("parties-bordering", {"treaty": "ottawa", "state": "RUS", "as_of": "1990-01-01"}, "since", "datetime64[s]"),
    ("treaty-status", {"treaty": "npt", "as_of": "1960-01-01"}, "since", "datetime64[s]"),   # every since empty
    ("withdrawals", {"treaty": "ccw", "as_of": "2026-03-01"}, "effective", "datetime64[s]"),
], ids=["no-row", "no-value", "no-exit"])
def test_to_pandas_types_a_column_with_no_value(kg: armskg.KnowledgeGraph, name: str, params: dict[str, str],
                                               column: str, dtype: str) -> None:
    """An answer with no row (or no value in a column) gave object columns, so the same question on another
    day gave another DataFrame ('.dt' failed, concat lost the dates): the named query declares its columns'
    types (#+ types:), which a column keeps when nothing in it shows its type."""
    pytest.importorskip("pandas")
    frame = kg.query(name, **params).to_pandas()
    assert frame[column].isna().all() and str(frame[column].dtype) == dtype


def test_every_named_querys_declared_types_are_the_types_it_answers(kg: armskg.KnowledgeGraph) -> None:
    """The declared types (#+ types:) are what the answers carry: each column of xsd:date or xsd:integer
    values is declared, and no other column is."""
    from armskg.sparql.named import load_named, named_queries

    examples = {"parties-bordering": {"treaty": "ottawa", "state": "RUS"}, "treaty-status": {"treaty": "ottawa"},
                "withdrawals": {}, "never-joined": {"treaty": "ottawa"}, "non-parties": {"treaty": "ottawa"},
                "state-timeline": {"state": "LTU"}, "changes": {"from": "2025-01-01", "to": "2026-03-01"},
                "still-bound": {"left": "ottawa", "bound": "ccw-apii"}, "party-counts": {"treaty": "ottawa"},
                "alliance-frontline-withdrawals": {"alliance": "nato", "state": "RUS", "treaty": "ottawa"},
                "statement-followup": {}, "state-exits": {"state": "RUS"}, "disputed-claims": {}}
    assert sorted(examples) == sorted(named_queries(kg.root))
    kinds = {XSD + "date": "date", XSD + "integer": "integer"}
    for name, params in examples.items():
        result = kg.query(name, **params)
        found: dict[str, set[str]] = {}
        for row in result.rows:
            for column, term in zip(result.columns, row):
                if isinstance(term, ox.Literal):
                    found.setdefault(column, set()).add(kinds.get(term.datatype.value, "other"))
        answered = {c: k.pop() for c, k in found.items() if len(k) == 1 and k <= {"date", "integer"}}
        assert load_named(kg.root, name).types == answered, name


def test_to_pandas_with_missing_integers_and_decimals(stats_on: StatsOn) -> None:
    frame = stats_on("2026-03-01")[0].to_pandas()
    assert str(frame["participants"].dtype) == "int64"
    # counts with `not recorded` among them (a partial record's parties) stay as they are: no sum adds up a part
    parties = frame.set_index("treaty")["parties"]
    assert (str(parties.dtype), parties["ost"], parties["apmbc"]) == ("object", "not recorded", 161)
    with pytest.raises(TypeError):
        parties.sum()
    assert str(frame["sourced_pct"].dtype) == "float64"   # empty for a treaty with no act (the BWC): NaN
    assert str(frame["as_at"].dtype).startswith("datetime64")


def test_to_pandas_without_pandas_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(armskg.ArmskgError, match=r"^Result.to_pandas needs pandas: pip install 'armskg\[pandas\]'$"):
        SAMPLE.to_pandas()


def test_a_notebook_shows_a_result_as_a_table() -> None:
    html = Result(["iso3", "label"], [[_lit("LTU"), _lit("<Lithuania>")]], as_of="2026-03-01")._repr_html_()
    assert html == ("<table><caption>as of 2026-03-01</caption><thead><tr><th>iso3</th><th>label</th></tr></thead>"
                    "<tbody><tr><td>LTU</td><td>&lt;Lithuania&gt;</td></tr></tbody></table>")


def test_table_and_md_stay_armskgs() -> None:
    assert format_result(SAMPLE, "md").splitlines()[2] == "| NOR | 1999-03-01 | 82 |  |"
    assert format_result(SAMPLE, "table").splitlines()[0].split() == ["iso3", "since", "parties", "note"]


TABLES = {
    "aligned, the last column unpadded": (
        Result(["code", "name", "note"], [[_lit("NOR"), _lit("Norway"), _lit("x")], [_lit("LT"), None, _lit("a longer note")]]),
        "code  name    note\n----  ------  -------------\nNOR   Norway  x\nLT            a longer note\n"),
    "trailing blanks stripped, braces kept": (
        Result(["a", "b"], [[_lit("{0} "), None], [_lit("}{"), _lit("b ")]]),
        "a     b\n----  --\n{0}\n}{    b\n"),
    "one column": (Result(["only"], [[_lit("x")], [None]]), "only\n----\nx\n\n"),
    "no rows": (Result(["a", "bb"], []), "a  bb\n-  --\n"),
    "no columns": (Result([], [[]]), "\n\n\n"),
}


@pytest.mark.parametrize(("result", "expected"), TABLES.values(), ids=TABLES.keys())
def test_a_table_lines_up_its_columns(result: Result, expected: str) -> None:
    assert format_result(result, "table") == expected


def test_cli_json_is_typed() -> None:
    done = run_cli("query", "party-counts", "-p", "treaty=ottawa", "--as-of", "2000-01-01", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["results"]["bindings"]
    assert [(r["year"]["value"], r["parties"]["value"]) for r in rows] == [("1999", "82"), ("2000", "84")]
    assert {r[c]["datatype"] for r in rows for c in ("year", "parties")} == {XSD + "integer"}


def test_result_is_exported_and_the_package_is_typed() -> None:
    assert armskg.Result is Result and "Result" in armskg.__all__
    assert (Path(armskg.__file__).parent / "py.typed").is_file()


# ---- the API names its own parameters; the command line its flags ----

@pytest.mark.parametrize(("call", "message"), [
    (lambda kg: kg.query("treaty-status", treaty="ottawa", as_of="2025-13-01"), "bad as_of '2025-13-01'"),
    (lambda kg: kg.changes("2026-03-01", "2025-03-01"), "from_ 2026-03-01 is after to 2025-03-01"),
    (lambda kg: kg.changes(from_="2026-02-30"), "bad from_ '2026-02-30'"),
    (lambda kg: kg.stats(as_of="1/6/2025"), "bad as_of '1/6/2025'"),
    (lambda kg: kg.export("gexf", as_of="yesterday"), "bad as_of 'yesterday'"),
    (lambda kg: kg.query("parties-bordering", state="RUS"), "query 'parties-bordering' needs treaty=..."),
    (lambda kg: kg.query("changes", from_="2026-03-01", to="2025-03-01"), "from_ 2026-03-01 is after to 2025-03-01"),
    (lambda kg: kg.query("changes", from_="2026-02-30", to="2026-03-01"), "bad from_ '2026-02-30'"),
    (lambda kg: kg.query("parties-bordering", treaty="ottawa", state="Rusia"), "unknown state 'Rusia'; did you mean"),
    (lambda kg: kg.query("parties-bordering", treaty="otawa", state="RUS"), "unknown treaty 'otawa'; did you mean"),
    (lambda kg: kg.query("parties-bordering", treaty="ottawa", state="RUS", bogus="1"), "query 'parties-bordering' has no parameter 'bogus'"),
    (lambda kg: kg.timeline("Atlantis"), "unknown state 'Atlantis'"),
    (lambda kg: kg.stats(as_of=20250601), "bad as_of '20250601'"),     # a number, not a date: no TypeError
    (lambda kg: kg.changes(20250601), "bad from_ '20250601'"),
    # a date given to a query that takes none was dropped without a word, as on the command line before
    (lambda kg: kg.query("disputed-claims", as_of="2025-06-01"),
     "query 'disputed-claims' takes no as_of: it asks the same of the graph on any day"),
    (lambda kg: kg.query("changes", from_="2025-01-01", to="2026-01-01", as_of="2025-06-01"),
     "query 'changes' takes no as_of: its parameters are from_, to, treaty"),
], ids=["query", "changes-order", "changes-date", "stats", "export", "missing", "query-changes-order",
        "query-changes-date", "unknown-state", "unknown-treaty", "unknown-parameter", "timeline-unknown-state",
        "stats-number", "changes-number", "dateless-query", "changes-as-of"])
def test_api_errors_name_the_apis_parameters(kg: armskg.KnowledgeGraph, call: object, message: str) -> None:
    with pytest.raises(armskg.ParameterError) as caught:
        call(kg)  # type: ignore[operator]
    assert str(caught.value).startswith(message) and "--" not in str(caught.value)


def test_changes_takes_from_(kg: armskg.KnowledgeGraph) -> None:
    by_keyword = kg.query("changes", from_=dt.date(2026, 2, 19), to="2026-02-20", treaty="ottawa")
    by_name = kg.query("changes", **{"from": "2026-02-19", "to": "2026-02-20", "treaty": "ottawa"})
    assert list(by_keyword) == list(by_name) and by_keyword.column("iso3") == ["POL"]
    assert kg.changes(from_="2026-02-19", to="2026-02-20", treaty="ottawa").data["changes"][0]["iso3"] == "POL"


def test_a_timestamp_from_to_pandas_is_its_day(kg: armskg.KnowledgeGraph) -> None:
    """A notebook passes back the dates to_pandas gave (pandas Timestamps, datetimes): the query refused
    them ('bad as_of 2025-06-01T00:00:00'), changes failed with a TypeError, and the timeline, stats and
    exports said 'up to 2025-06-01 15:00:00' or '2025-06-01T00:00:00'. Every call reads the day it falls on."""
    pd = pytest.importorskip("pandas")
    day = kg.query("parties-bordering", treaty="ottawa", state="RUS", as_of="2025-06-01").to_pandas()["since"].max()
    assert isinstance(day, pd.Timestamp) and day == pd.Timestamp("2013-06-01")
    when = dt.datetime(2025, 6, 1, 15, 30)
    assert len(kg.query("parties-bordering", treaty="ottawa", state="RUS", as_of=when)) == 8
    assert kg.query("changes", from_=day, to=when, treaty="ottawa").column("iso3") == \
        kg.query("changes", from_="2013-06-01", to="2025-06-01", treaty="ottawa").column("iso3")
    assert kg.changes(day, when, treaty="ottawa").data["to"] == "2025-06-01"
    assert kg.timeline("LTU", as_of=when).title.endswith("up to 2025-06-01")
    assert kg.stats(as_of=when)[0].as_of == "2025-06-01"
    assert kg.to_networkx(as_of=when, region="LTU:0").graph["as_of"] == "2025-06-01"
    assert kg.sparql("SELECT ?as_of WHERE {}", as_of=day).values() == [{"as_of": dt.date(2013, 6, 1)}]


def test_typed_sourced_share(stats_on: StatsOn) -> None:
    row = {r["treaty"]: r for r in stats_on("2026-03-01")[0].values()}["apmbc"]
    assert row["sourced_pct"] == Decimal("100.0")


def test_order_header_sorts_as_sparql_orders_terms() -> None:
    """Unbound first, then blank nodes, IRIs and literals, each by its string; rows equal in every order
    column keep the order the engine gave them (a stable sort, column by column)."""
    from armskg.sparql.named import sort_rows

    iri, blank = ox.NamedNode("https://example.org/a"), ox.BlankNode("b0")
    rows = [[ox.Literal("b"), ox.Literal("2")], [iri, ox.Literal("1")], [None, ox.Literal("3")],
            [ox.Literal("a"), ox.Literal("5")], [blank, ox.Literal("4")], [ox.Literal("a"), ox.Literal("0")]]
    result = Result(["key", "n"], rows)
    sort_rows(result, ("key",), "q")
    assert [r[1].value for r in result.rows] == ["3", "4", "1", "5", "0", "2"]
    sort_rows(result, ("key", "n"), "q")
    assert [r[1].value for r in result.rows] == ["3", "4", "1", "0", "5", "2"]
