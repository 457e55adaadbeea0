"""The command line as users run it: answers, formats, exit codes and one-line errors."""

from __future__ import annotations

import csv
import datetime
import html
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import SMALL_DATA, TINY_GRAPH, TINY_STATUS, cached_artifact_copy, edit_data, small_data_copy_at
from support import run_armskg, run_cli

import armskg


def test_flagship_table_prints_the_as_of_date() -> None:
    done = run_armskg("query", "parties-bordering", "-p", "treaty=ottawa", "-p", "state=RUS", "--as-of", "2026-03-01")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "as of 2026-03-01" in lines[0]
    # the Convention's record was read as at 3 February 2026: an answer for a later day says so
    assert lines[1] == ("note: the graph's record of the Anti-Personnel Mine Ban Convention (apmbc) is complete as "
                        "at 2026-02-03: acts after that date may be missing")
    assert [line.split()[0] for line in lines[4:]] == ["BLR", "NOR", "UKR"]


@pytest.mark.parametrize(("args", "notes"), [
    (["parties-bordering", "-p", "treaty=ottawa", "-p", "state=RUS", "--as-of", "2026-02-03"], []),
    (["parties-bordering", "-p", "treaty=ottawa", "-p", "state=RUS", "--as-of", "2026-02-04"], ["apmbc"]),
    (["still-bound", "-p", "left=ottawa", "-p", "bound=ccw-apii", "--as-of", "2026-03-01"], ["apmbc", "ccw-apii"]),
    (["treaty-status", "-p", "treaty=inf", "--as-of", "2026-03-01"], []),       # ended the day its record was read
    (["party-counts", "-p", "treaty=cfe", "--as-of", "2026-03-01"], ["cfe"]),   # read as at 2023-11-07
    (["withdrawals", "--as-of", "2026-03-01"], []),                             # no one treaty asked about
], ids=["on-the-records-day", "the-day-after", "two-treaties", "an-ended-treaty", "an-older-record", "no-treaty"])
def test_an_answer_past_its_treatys_record_says_so(kg: armskg.KnowledgeGraph, args: list[str], notes: list[str]) -> None:
    """Never answer past the record unsaid: an answer for a day after the treaty's participation record was
    read carries a note naming the record's date, in the table under its caption and in ``Result.notes``."""
    done = run_cli("query", *args)
    assert done.returncode == 0, done.stderr
    printed = [line for line in done.stdout.splitlines()[1:3] if line.startswith("note: ")]
    assert [line.split("(", 1)[1].split(")", 1)[0] for line in printed] == notes
    name, params = args[0], dict(p.split("=", 1) for p in args[2:-2:2])
    result = kg.query(name, as_of=args[-1], **params)
    assert result.notes == [line.removeprefix("note: ") for line in printed]
    assert all(f"<br>{html.escape(n)}" in result._repr_html_() for n in result.notes)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "md", "table"])
def test_formats(fmt: str) -> None:
    done = run_cli("query", "parties-bordering", "-p", "treaty=apmbc", "-p", "state=Russia", "--as-of", "2000-01-01",
                   "--format", fmt)
    assert done.returncode == 0, done.stderr
    if fmt == "json":
        data = json.loads(done.stdout)
        assert data["head"]["vars"] == ["iso3", "label", "since"]
        assert data["results"]["bindings"][0]["since"] == {
            "type": "literal", "value": "1999-03-01", "datatype": "http://www.w3.org/2001/XMLSchema#date"}
    elif fmt == "csv":  # SPARQL 1.1 CSV: plain values (its CRLF line ends: tests/test_results.py)
        assert list(csv.reader(io.StringIO(done.stdout))) == [["iso3", "label", "since"], ["NOR", "Norway", "1999-03-01"]]
    elif fmt == "tsv":  # SPARQL 1.1 TSV: each value an RDF term
        assert done.stdout.splitlines() == ["?iso3\t?label\t?since",
                                            '"NOR"\t"Norway"\t"1999-03-01"^^<http://www.w3.org/2001/XMLSchema#date>']
    elif fmt == "md":
        assert "| NOR | Norway | 1999-03-01 |" in done.stdout
    else:
        assert "NOR   Norway  1999-03-01" in done.stdout


def test_adhoc_sparql() -> None:
    done = run_cli("query", "-e", "PREFIX ak: <https://w3id.org/armskg/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?b a ak:LandBorder }",
                   "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["n", "311"]


# The flagship question as a newcomer writes it with -e: --as-of binds ?as_of in the WHERE groups, as for the
# named queries, whether or not the query projects it, and a parameter the query does not name is left out.
_PARTIES_BORDERING_RUSSIA = """SELECT ?iso3 ?item WHERE {
  state:RUS ak:bordersOn ?s .
  ?i ak:actor ?s ; ak:treaty ?treaty ; ak:status ?status ; ak:date ?from .
  FILTER (?status IN ("party", "withdrawing") && ?from <= ?as_of)
  OPTIONAL { ?i ak:endDate ?end } FILTER (!BOUND(?end) || ?as_of < ?end)
  ?s ak:iso3 ?iso3 ; skos:exactMatch ?item .
} ORDER BY ?iso3"""


@pytest.mark.parametrize(("day", "expected"), [
    ("2025-06-01", ["BLR", "EST", "FIN", "LTU", "LVA", "NOR", "POL", "UKR"]),
    ("2026-03-01", ["BLR", "NOR", "UKR"]),
], ids=["2025-06-01", "2026-03-01"])
def test_adhoc_sparql_binds_as_of_and_parameters_it_does_not_project(day: str, expected: list[str]) -> None:
    done = run_cli("query", "-e", _PARTIES_BORDERING_RUSSIA, "--as-of", day, "-p", "treaty=ottawa", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = [line.split(",") for line in done.stdout.splitlines()[1:]]
    assert [iso3 for iso3, _ in rows] == expected
    assert ("LTU", "http://www.wikidata.org/entity/Q37") in [tuple(r) for r in rows] or "LTU" not in expected

def test_adhoc_sparql_as_of_defaults_to_today() -> None:
    """Issue 11.3: -p and --as-of bind an ad-hoc query's variables as they do a named query's, and a named
    query's as-of date is today unless given; -e left ?as_of unbound, and the flagship question answered
    nothing at all."""
    today = run_cli("query", "-e", _PARTIES_BORDERING_RUSSIA, "-p", "treaty=ottawa", "--as-of",
                    datetime.date.today().isoformat(), "--format", "csv")
    done = run_cli("query", "-e", _PARTIES_BORDERING_RUSSIA, "-p", "treaty=ottawa", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) > 1
    assert done.stdout == today.stdout


def test_a_users_rq_file_without_a_header_defaults_as_of_to_today(tmp_path: Path) -> None:
    query = tmp_path / "bordering.rq"
    query.write_text(_PARTIES_BORDERING_RUSSIA, encoding="utf-8")
    done = run_cli("query", str(query), "-p", "treaty=ottawa", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout == run_cli("query", "-e", _PARTIES_BORDERING_RUSSIA, "-p", "treaty=ottawa", "--format",
                                  "csv").stdout
    assert len(done.stdout.splitlines()) > 1


_ON_2025 = '"2025-06-01"^^xsd:date'
_BODY = _PARTIES_BORDERING_RUSSIA.split("{", 1)[1].rsplit("}", 1)[0]


@pytest.mark.parametrize("query", [
    f"SELECT ?iso3 ?item WHERE {{ BIND ({_ON_2025} AS ?as_of) {_BODY} }} ORDER BY ?iso3",
    f"SELECT ?iso3 ?item WHERE {{ VALUES ?as_of {{ {_ON_2025} }} {_BODY} }} ORDER BY ?iso3",
    f"SELECT ?iso3 ?item WHERE {{ {{ SELECT ({_ON_2025} AS ?as_of) WHERE {{}} }} {_BODY} }} ORDER BY ?iso3",
], ids=["bind", "values", "select-as"])
def test_adhoc_sparql_that_gives_as_of_a_value_keeps_it(query: str) -> None:
    """The default is for a query that only reads ?as_of: one that gives it a value (decided on the parsed
    query) answers on its own date, as it did before."""
    done = run_cli("query", "-e", query, "-p", "treaty=ottawa", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert [line.split(",")[0] for line in done.stdout.splitlines()[1:]] == [
        "BLR", "EST", "FIN", "LTU", "LVA", "NOR", "POL", "UKR"]


def test_adhoc_sparql_with_values_after_the_query_keeps_them() -> None:
    done = run_cli("query", "-e", f"SELECT ?as_of WHERE {{ }} VALUES ?as_of {{ {_ON_2025} }}", "--format", "csv")
    assert (done.returncode, done.stdout.splitlines()) == (0, ["as_of", "2025-06-01"])


def test_adhoc_sparql_that_matches_as_of_in_a_pattern_is_left_alone() -> None:
    """A query whose triple patterns give ?as_of its values (here each record's as-at date) is not narrowed
    to today."""
    done = run_cli("query", "-e", "SELECT (COUNT(?as_of) AS ?n) WHERE { ?r ak:asAt ?as_of }", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.splitlines()[1]) > 20


_HEADED_ASK = """#+ summary: Whether a state is a party to a treaty on a date
#+ params: {treaty: {type: treaty}, state: {type: state}, as_of: {type: date, default: today}}
ASK {
  ?i ak:actor ?state ; ak:treaty ?treaty ; ak:status ?status ; ak:date ?from .
  FILTER (?status IN ("party", "withdrawing") && !(?from > ?as_of))
  OPTIONAL { ?i ak:endDate ?end } FILTER (!BOUND(?end) || ?as_of < ?end)
}
"""
_HEADED_CONSTRUCT = """#+ summary: A state's acts towards a treaty, as triples
#+ params: {treaty: {type: treaty}, state: {type: state}}
CONSTRUCT { ?state ak:actedOn ?day } WHERE { ?a a ak:TreatyAction ; ak:actor ?state ; ak:treaty ?treaty ; ak:date ?day }
"""


@pytest.mark.parametrize(("args", "out"), [
    (["-p", "treaty=ottawa", "-p", "state=Lithuania", "--as-of", "2025-06-01"], "true\n"),
    (["-p", "treaty=ottawa", "-p", "state=LTU", "--as-of", "2026-03-01"], "false\n"),
    (["-p", "treaty=mine-ban", "-p", "state=LTU", "-p", "as_of=2025-06-01", "--format", "json"],
     '{"head": {}, "boolean": true}\n'),
], ids=["party", "withdrawn", "json"])
def test_a_users_headed_ask_file_runs_as_a_named_query(tmp_path: Path, args: list[str], out: str) -> None:
    """An ASK (or CONSTRUCT) file with a #+ params: header was refused with advice for Python
    ("run it with kg.sparql(...)"); it runs as its SELECT sibling does, the header's types resolving names."""
    query = tmp_path / "is-party.rq"
    query.write_text(_HEADED_ASK, encoding="utf-8")
    done = run_cli("query", str(query), *args)
    assert (done.returncode, done.stderr, done.stdout) == (0, "", out)


def test_a_users_headed_construct_file_prints_turtle(tmp_path: Path) -> None:
    query = tmp_path / "acts.rq"
    query.write_text(_HEADED_CONSTRUCT, encoding="utf-8")
    done = run_cli("query", str(query), "-p", "treaty=ottawa", "-p", "state=Lithuania", "--format", "ntriples")
    assert done.returncode == 0, done.stderr
    lines = sorted(done.stdout.splitlines())
    assert len(lines) == 5 and all(line.startswith("<https://w3id.org/armskg/id/state/LTU> ") for line in lines)
    assert any(line.endswith(' "2025-06-27"^^<http://www.w3.org/2001/XMLSchema#date> .') for line in lines)


def test_a_users_headed_ask_file_still_needs_its_parameters(tmp_path: Path) -> None:
    query = tmp_path / "is-party.rq"
    query.write_text(_HEADED_ASK, encoding="utf-8")
    done = run_cli("query", str(query), "-p", "treaty=ottawa")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "armskg: error: query 'is-party' needs -p state=...\n"


def test_the_api_runs_a_headed_ask_file_and_says_how(kg: armskg.KnowledgeGraph, tmp_path: Path) -> None:
    query = tmp_path / "is-party.rq"
    query.write_text(_HEADED_ASK, encoding="utf-8")
    assert kg.run(str(query), treaty="ottawa", state="LTU", as_of="2025-06-01") is True
    assert len(kg.run("parties-bordering", treaty="ottawa", state="RUS", as_of="2026-03-01")) == 3
    with pytest.raises(armskg.ArmskgError, match=r"is an ASK query, and query gives a table: run it with kg.run"):
        kg.query(str(query), treaty="ottawa", state="LTU")


_SETS_AS_OF = 'SELECT ?d WHERE { BIND("2020-01-01"^^xsd:date AS ?as_of) ?s ak:date ?d FILTER(?d <= ?as_of) } LIMIT 1'
ERRORS = {
    "unknown state": (["query", "parties-bordering", "-p", "treaty=ottawa", "-p", "state=Rusia"], "unknown state 'Rusia'; did you mean"),
    "unknown treaty": (["query", "parties-bordering", "-p", "treaty=otawa", "-p", "state=RUS"], "unknown treaty 'otawa'"),
    "bad date": (["query", "parties-bordering", "-p", "treaty=ottawa", "-p", "state=RUS", "--as-of", "2025-13-01"], "bad --as-of"),
    "loose date": (["query", "parties-bordering", "-p", "treaty=ottawa", "-p", "state=RUS", "--as-of", "1/6/2025"], "expected YYYY-MM-DD"),
    "sparql in a parameter": (["query", "parties-bordering", "-p", "treaty=ottawa",
                               "-p", "state=RUS> } UNION { ?s ?p ?o } #"], "unknown state"),
    "sparql in a date": (["query", "parties-bordering", "-p", "treaty=ottawa", "-p", "state=RUS",
                          "-p", 'as_of=2025-01-01"^^<x> } #'], "bad -p as_of"),
    "unknown parameter": (["query", "parties-bordering", "-p", "treaty=ottawa", "-p", "state=RUS", "-p", "x=1"], "no parameter 'x'"),
    "missing parameter": (["query", "parties-bordering", "-p", "state=RUS"], "needs -p treaty="),
    "docs into an empty name": (["docs", "-o", ""], "an empty name"),
    "dump into an empty name": (["dump", "-o", " "], "an empty name"),
    "empty region": (["export", "--format", "dot", "--region", ""], "names no state"),
    "parameter twice": (["query", "parties-bordering", "-p", "treaty=ottawa", "-p", "state=RUS", "-p", "state=BLR"],
                        "-p state given twice"),
    "two dates": (["query", "parties-bordering", "-p", "treaty=ottawa", "-p", "state=RUS", "-p", "as_of=2025-06-01",
                   "--as-of", "2026-03-01"], "two dates"),
    "port out of range": (["serve", "--port", "99999"], "--port must be from 0 (any free port) to 65535, not 99999"),
    "negative port": (["serve", "--port", "-1"], "--port must be from 0 (any free port) to 65535, not -1"),
    "count of a partial record": (["query", "party-counts", "-p", "treaty=ost"], "needs a complete participation record"),
    "window backwards": (["query", "changes", "-p", "from=2026-03-01", "-p", "to=2025-06-01"],
                         "-p from 2026-03-01 is after -p to 2025-06-01"),
    "unknown query": (["query", "parties-bordring"], "did you mean parties-bordering"),
    # a date given to a query that takes none was dropped without a word
    "a date where none is taken": (["query", "disputed-claims", "--as-of", "2025-01-01"],
                                   "query 'disputed-claims' takes no --as-of"),
    "as_of to changes": (["query", "changes", "-p", "from=2025-06-01", "-p", "as_of=2026-03-01"],
                         "takes no -p as_of: its parameters are from, to, treaty"),
    # a value for a variable an ad-hoc query does not mention was dropped without a word
    "ad-hoc parameter it does not read": (["query", "-e", "SELECT ?s WHERE { ?s ak:iso3 ?code }", "-p", "state=RUS"],
                                          "-p state was given, but the query has no ?state: it would change nothing"),
    "ad-hoc date it does not read": (["query", "-e", "SELECT ?s WHERE { ?s ak:iso3 ?code }", "--as-of", "2025-06-01"],
                                     "--as-of was given, but the query has no ?as_of"),
    # a value for a variable the query sets itself (BIND, or a SELECT expression's AS) met it as a VALUES
    # block, and the engine's syntax error came back
    "ad-hoc date the query sets itself": (["query", "-e", _SETS_AS_OF, "--as-of", "2021-01-01"],
                                          "--as-of cannot be given: the query sets ?as_of itself"),
    "ad-hoc -p as_of the query sets itself": (["query", "-e", _SETS_AS_OF, "-p", "as_of=2021-01-01"],
                                              "-p as_of cannot be given: the query sets ?as_of itself"),
    "service": (["query", "-e", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], "SERVICE is not allowed"),
    "update": (["query", "-e", "DELETE WHERE { ?s ?p ?o }"], "DELETE is not allowed"),
    "bad sparql": (["query", "-e", "SELECT WHERE {"], "SPARQL syntax error"),
    "bad option": (["query", "parties-bordering", "--format", "xml"], "invalid choice"),
}


@pytest.mark.parametrize("args,message", ERRORS.values(), ids=list(ERRORS))
def test_bad_input_exits_2_with_one_line(args: list[str], message: str) -> None:
    done = run_cli(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert message in done.stderr


def test_validate_conforms() -> None:
    done = run_cli("validate")
    assert (done.returncode, done.stdout.strip()) == (0, "conforms")


def test_the_small_data_copy_conforms(small_data_copy: Path) -> None:
    """The part of the data the tests of build and validate mechanics edit (conftest.py's small_data_copy)
    conforms as it is: a violation they look for is theirs, not one the subset brought. Asked for the JSON
    report, which says so with an empty list of violations (once a test of its own that validated the whole
    data a second time, 1.7 s: test_validate_conforms above validates it, as text)."""
    assert sorted(p.relative_to(small_data_copy).as_posix() for p in small_data_copy.glob("graph/**/*.ttl")) == sorted(SMALL_DATA)
    done = run_cli("--root", str(small_data_copy), "validate", "--format", "json")
    assert (done.returncode, done.stderr) == (0, ""), done.stdout[-2000:]
    assert json.loads(done.stdout) == {"conforms": True, "violations": []}


def test_malformed_turtle_exits_2_naming_the_file(small_data_copy: Path) -> None:
    (small_data_copy / "graph" / "broken.ttl").write_text("@prefix ak: <https://w3id.org/armskg/ontology#> .\nak:a ak:b ;; ] .\n")
    done = run_cli("--root", str(small_data_copy), "validate")
    assert done.returncode == 2
    assert "graph/broken.ttl: malformed Turtle" in done.stderr and "line 2" in done.stderr


def _add_turtle(root: Path, statements: str) -> None:
    (root / "graph" / "zz-broken.ttl").write_text(
        "@prefix ak: <https://w3id.org/armskg/ontology#> .\n@prefix state: <https://w3id.org/armskg/id/state/> .\n"
        + statements + "\n", encoding="utf-8")


def _readme_turtle(section: str) -> list[str]:
    """The Turtle code blocks of one section of the README, as a reader would copy them."""
    import textwrap

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    lines = readme.split(f"\n### {section}\n", 1)[1].split("\n#", 1)[0].splitlines()
    blocks: list[str] = []
    inside: list[str] | None = None
    for line in lines:
        if line.strip() == "```turtle":
            inside = []
        elif line.strip() == "```" and inside is not None:
            blocks.append(textwrap.dedent("\n".join(inside)))
            inside = None
        elif inside is not None:
            inside.append(line)
    return blocks


def test_the_readmes_way_to_add_a_fact_validates(small_data_copy: Path) -> None:
    """'Adding a fact with its source', step by step: the source, the fact, armskg validate exits 0."""
    source, fact = _readme_turtle("Adding a fact with its source")
    for path, block in ((small_data_copy / "graph" / "sources.ttl", source),
                        (small_data_copy / "graph" / "participation" / "apmbc.ttl", fact)):
        path.write_text(path.read_text(encoding="utf-8") + "\n" + block + "\n", encoding="utf-8")
    done = run_cli("--root", str(small_data_copy), "validate")
    assert (done.returncode, done.stdout.strip()) == (0, "conforms"), done.stdout


@pytest.fixture(scope="module")
def two_faults(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """``armskg validate`` of a small copy of the data with two faults of unrelated kinds, each of which a test
    below looks for in the one report (a validation is 1.1 s; each test had its own): a withdrawal that takes
    effect before it was notified (in participation/apmbc.ttl), and a border between Norway and China asserted
    both ways with no source (in a file of its own). Neither fault makes a line of the other's kind."""
    root = small_data_copy_at(tmp_path_factory.mktemp("two-faults"))
    edit_data(root / "graph" / "participation" / "apmbc.ttl",
          'ak:withdraws act:EST-accession-2004-05-12 ;',
          'ak:withdraws act:EST-accession-2004-05-12 ; ak:effectiveDate "2025-06-01"^^xsd:date ;')
    _add_turtle(root, "state:NOR ak:bordersOn state:CHN . state:CHN ak:bordersOn state:NOR .")
    return run_cli("--root", str(root), "validate")


def test_withdrawal_effective_before_notification_is_a_violation(two_faults: subprocess.CompletedProcess[str]) -> None:
    done = two_faults
    assert done.returncode == 1
    line = next(line for line in done.stdout.splitlines() if "not after it was notified" in line)
    assert line.startswith("https://w3id.org/armskg/id/action/apmbc/EST-withdrawal-2025-06-27 ")
    # the depositary's table states an effective date too (the right one); both files are named
    assert line.endswith("[withdrawal-effect-violation] in graph/generated/untc-apmbc.ttl, graph/participation/apmbc.ttl")


def test_border_without_mirror_is_a_violation_and_the_build_writes_nothing(small_data_copy: Path, tmp_path: Path) -> None:
    _add_turtle(small_data_copy, "state:NOR ak:bordersOn state:CHN .")
    artifact = tmp_path / "out" / "artifact"
    done = run_cli("--root", str(small_data_copy), "build", "--artifact", str(artifact))
    assert done.returncode == 1
    assert not artifact.exists()
    line = next(line for line in done.stdout.splitlines() if "asymmetric-border-violation" in line)
    assert line.startswith("https://w3id.org/armskg/id/state/NOR https://w3id.org/armskg/ontology#bordersOn: "
                           "borders on <https://w3id.org/armskg/id/state/CHN> but")
    assert line.endswith(" in graph/zz-broken.ttl")  # the file that asserts it, not every file naming Norway


def test_changed_data_is_rebuilt_before_the_next_query(tiny_artifact: Path, tiny_data_copy: Path) -> None:
    """The first query reads the run's build of the tiny data (the cache names it by the copy's contents);
    after an edit the next query builds afresh and answers from the edited data. (Of the tiny copy: the
    rebuild is 0.6 s of CPU, where the small copy's was 1.8.)"""
    args = ("--root", str(tiny_data_copy), "query", "treaty-status", "-p", "treaty=t", "--as-of", "2026-03-01",
            "--format", "csv")
    assert run_cli(*args).stdout.splitlines()[1:] == TINY_STATUS
    edit_data(tiny_data_copy / "graph" / TINY_GRAPH.name, 'rdfs:label "Aland"', 'rdfs:label "Åland"')
    assert run_cli(*args).stdout.splitlines()[1:] == [TINY_STATUS[0].replace("Aland", "Åland"), TINY_STATUS[1]]


def test_border_asserted_by_hand_without_a_source_is_a_violation(two_faults: subprocess.CompletedProcess[str]) -> None:
    done = two_faults
    assert done.returncode == 1
    assert "id/state/NOR https://w3id.org/armskg/ontology#bordersOn: borders on <https://w3id.org/armskg/id/state/CHN> with no sourced" in done.stdout
    assert "[unsourced-border-violation] in graph/zz-broken.ttl" in done.stdout


def test_build_replaces_its_own_artifact_which_queries_then_read(tiny_artifact: Path, tiny_data_copy: Path,
                                                                 tmp_path: Path) -> None:
    """A rebuild replaces the artifact's version and removes the versions armskg made (the old one, one a
    killed build left), but not a folder of the user's inside the artifact named as versions are (issue 15,
    once tests/test_attacks.py's ``test_a_rebuild_removes_only_the_versions_armskg_made``, which made a
    build of its own to check it); queries then read the new version. Of the tiny copy of the data: the
    rebuild is 0.6 s of CPU, where the small copy's was 1.8 and the whole data's 5.5."""
    out = tmp_path / "out"
    artifact = cached_artifact_copy(out / "artifact", tiny_artifact)  # a first build's artifact (the run's, copied)
    old = [v.name for v in artifact.glob("v-*")]
    leftover = artifact / "v-killedbuild"  # what a build killed while writing leaves behind
    (leftover / "store").mkdir(parents=True)
    notes = artifact / "v-notes"  # the user's
    notes.mkdir()
    (notes / "notes.txt").write_text("mine")
    done = run_cli("--root", str(tiny_data_copy), "build", "--artifact", str(artifact))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["artifact"]  # no temporary directory left behind
    assert (notes / "notes.txt").read_text() == "mine"
    versions = [v for v in artifact.glob("v-*") if v != notes]
    assert len(versions) == 1 and not leftover.exists()  # the old versions collected
    assert old and not any((artifact / name).exists() for name in old)  # its own old version is gone
    done = run_cli("query", "treaty-status", "-p", "treaty=t", "--as-of", "2026-03-01", "--artifact", str(artifact),
                   "--format", "csv")
    assert done.stdout.splitlines()[1:] == TINY_STATUS


def test_python_api_refuses_service_too(kg: armskg.KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(armskg.ArmskgError, match="SERVICE is not allowed"):
        kg.sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    query = tmp_path / "mine.rq"
    query.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", encoding="utf-8")
    with pytest.raises(armskg.ArmskgError, match="SERVICE is not allowed"):
        kg.query(str(query))


@pytest.mark.parametrize("name", ["Côte d’Ivoire", "COTE D'IVOIRE", "Co\u0302te d'Ivoire", "côte  d`ivoire",
                                  "the Côte d'Ivoire", "Côte d'Ivoire"],
                         ids=["typographic-apostrophe", "upper-case", "decomposed-accent", "backtick-and-spaces",
                              "leading-the", "as-the-graph-spells-it"])
def test_a_state_is_found_however_its_name_is_typed(name: str) -> None:
    """A name as a word processor or another keyboard writes it names the same state."""
    done = run_cli("query", "parties-bordering", "-p", "treaty=ottawa", "-p", f"state={name}", "--as-of", "2026-03-01",
                   "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert [line.split(",")[0] for line in done.stdout.splitlines()[1:]] == ["BFA", "GHA", "GIN", "LBR", "MLI"]


@pytest.mark.parametrize(("name", "iso3"), [("the Netherlands", "NLD"), ("Turkiye", "TUR"), ("The Gambia", "GMB")],
                         ids=["the-netherlands", "turkiye", "the-gambia"])
def test_a_leading_the_and_accents_are_set_aside_when_that_names_one_state(name: str, iso3: str) -> None:
    done = run_cli("timeline", name, "--treaty", "ottawa", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert f'"{iso3}"' in done.stdout


def test_a_memory_budget_beyond_any_address_space_is_no_cap() -> None:
    """--max-memory-mib 99999999999999 ended in 'error: OverflowError' (setrlimit's), not an answer."""
    done = run_cli("query", "--max-memory-mib", "99999999999999", "-e", "ASK {}")
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "true", "")


@pytest.mark.parametrize(("text", "args", "expected"), [
    ("SELECT ?iso3 WHERE { ?s ak:iso3 ?iso3 . FILTER (?s = ?state) }", ["-p", "state=Lithuania"], "iso3\nLTU\n"),
    ("SELECT ?as_of WHERE {}", ["--as-of", "2020-01-01"], "as_of\n2020-01-01\n"),
    ("ASK { state:LTU ak:bordersOn ?treaty }", ["-p", "treaty=ottawa"], "false\n"),
    ("DESCRIBE ?state", ["-p", "state=LTU", "--format", "ntriples"], "<https://w3id.org/armskg/id/state/LTU> "),
], ids=["select-with-p", "select-with-as-of", "ask", "describe"])
def test_a_query_file_without_a_header_is_ad_hoc_sparql(tmp_path: Path, text: str, args: list[str], expected: str) -> None:
    """A user's .rq file is ad-hoc SPARQL, as -e is (README): -p was refused ('query has no parameter
    state'), --as-of silently left ?as_of unbound, and ASK and DESCRIBE were refused with advice for Python
    ('run it with kg.sparql(...)'). A file with a #+ params: header still runs as a named query."""
    path = tmp_path / "mine.rq"
    path.write_text(text, encoding="utf-8")
    done = run_cli("query", str(path), *args, *([] if "--format" in args else ["--format", "csv"]))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(expected)


@pytest.mark.parametrize("args", [
    ["query", "parties-bordering", "-p", "treaty=ottawa", "-p", "state=RUS", "--as-of", "2026-03-01"],
    ["query", "treaty-status", "-p", "treaty=tpnw", "--as-of", "2026-02-03", "--format", "csv"],  # CRLF line ends
    ["export", "--format", "dot", "--treaty", "ottawa", "--region", "LTU:0"],                        # bytes to stdout
    ["query", "parties-bordering", "-p", "treaty=otawa", "-p", "state=RUS"],                          # an error: exit 2
    ["query", "parties-bordering", "--format", "xml"],                                                # argparse's exit 2
    ["query", "-e", ""],                                                                              # neither name nor SPARQL
], ids=["table", "csv", "export", "error", "usage", "empty-expression"])
def test_run_cli_here_prints_what_a_process_prints(args: list[str]) -> None:
    """The tests' ``run_cli`` runs most commands in the test process (conftest.py): it must capture the
    exit code and both streams exactly as a new ``python -m armskg`` process gives them."""
    here, there = run_cli(*args), run_armskg(*args)
    assert (here.returncode, here.stdout, here.stderr) == (there.returncode, there.stdout, there.stderr)
    assert here.stdout or here.stderr


def test_a_query_file_that_sets_as_of_itself_takes_no_date(tmp_path: Path) -> None:
    """A .rq file without a header runs as -e does: a date for the ?as_of it BINDs is refused in one line,
    and without one the file runs on its own date."""
    query = tmp_path / "mine.rq"
    query.write_text(_SETS_AS_OF + "\n")
    done = run_cli("query", str(query), "--as-of", "2021-01-01")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "armskg: error: --as-of cannot be given: the query sets ?as_of itself (AS ?as_of)\n"
    done = run_cli("query", str(query), "--format", "csv")
    assert (done.returncode, done.stdout.splitlines()[0], done.stderr) == (0, "d", "")


def test_a_query_file_whose_header_makes_a_parameter_of_what_it_sets_itself_says_so(tmp_path: Path) -> None:
    """A .rq file whose '#+ params:' header declares ?as_of, which its SPARQL BINDs: a date given met the
    BIND, and the engine's syntax error came back; the contradiction is named in one line. Given none (the
    parameter optional), the file runs on its own date."""
    query = tmp_path / "mine.rq"
    query.write_text("#+ summary: a date of the record\n#+ params: {as_of: {type: date, optional: true}}\n"
                     "#+ columns: d\n" + _SETS_AS_OF + "\n")
    done = run_cli("query", str(query), "--as-of", "2021-01-01")
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert done.stderr == ("armskg: error: query 'mine': its '#+ params:' header makes ?as_of a parameter, "
                           "but the query sets it itself (AS ?as_of)\n")
    done = run_cli("query", str(query), "--format", "csv")
    assert (done.returncode, done.stdout.splitlines()[0], done.stderr) == (0, "d", "")


def test_the_api_refuses_a_headed_files_computed_parameter_before_asking_an_endpoint(
        kg: armskg.KnowledgeGraph, tmp_path: Path) -> None:
    """kg.run and kg.query_endpoint read the same refusal for a .rq file whose header declares a variable its
    SPARQL sets itself: the endpoint path refuses before it sends anything (a listener on 127.0.0.1 is offered
    no connection), as the local path refuses before it runs."""
    from test_no_network import Listener

    query = tmp_path / "mine.rq"
    query.write_text("#+ summary: a date of the record\n#+ params: {as_of: {type: date, optional: true}}\n"
                     "#+ columns: d\n" + _SETS_AS_OF + "\n")
    message = "query 'mine': its '#+ params:' header makes ?as_of a parameter, but the query sets it itself"
    with pytest.raises(armskg.ArmskgError, match=re.escape(message)):
        kg.run(str(query), as_of="2021-01-01")
    listener = Listener()
    try:
        with pytest.raises(armskg.ArmskgError, match=re.escape(message)):
            kg.query_endpoint(f"http://127.0.0.1:{listener.port}/sparql", str(query), as_of="2021-01-01")
        assert listener.connections == 0
    finally:
        listener.close()
