"""`armskg changes` and `armskg timeline`: readable reports with sources, from the API and the CLI."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest
from support import StatsOn, run_armskg, run_cli

import armskg

XSD = "http://www.w3.org/2001/XMLSchema#"
UNTC_OTTAWA = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26&clang=_en"


def _entries(report: armskg.reports.Report) -> list[tuple[str, str]]:
    return [(day, headline) for _, entries in report.sections for day, headline, _ in entries]


def test_changes_on_the_day_the_baltic_withdrawals_took_effect(kg: armskg.KnowledgeGraph) -> None:
    report = kg.changes("2025-12-26", "2025-12-27", treaty="ottawa")
    assert _entries(report) == [
        ("2025-12-27", f"{name} ({code}), Anti-Personnel Mine Ban Convention: withdrawing → withdrawn")
        for code, name in (("EST", "Estonia"), ("LTU", "Lithuania"), ("LVA", "Latvia"))]   # the query's order
    text = report.render()
    assert "C.N.362.2025.TREATIES-XXVI-5" in text
    assert UNTC_OTTAWA in text


@pytest.mark.parametrize(("start", "end", "count"), [
    ("2025-06-01", "2026-03-01", 13),
    ("2025-12-27", "2026-01-09", 0),  # the day itself is excluded: changes *after* --from
    ("2026-02-19", "2026-02-20", 1),
], ids=["mid-2025-to-march-2026", "quiet-fortnight", "poland-effect"])
def test_changes_counts(kg: armskg.KnowledgeGraph, start: str, end: str, count: int) -> None:
    assert len(_entries(kg.changes(start, end, treaty="apmbc"))) == count


def test_changes_every_citation_has_its_source_line(kg: armskg.KnowledgeGraph) -> None:
    text = kg.changes("2025-06-01", "2026-03-01").render("md")
    body, _, sources = text.partition("## Sources")
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    listed = [int(n) for n in re.findall(r"^(\d+)\. ", sources, flags=re.MULTILINE)]
    assert cited and sorted(cited) == listed == list(range(1, len(listed) + 1))
    assert all(re.search(r"https?://\S+$", line) for line in sources.strip().splitlines() if line[:1].isdigit())


def test_timeline_of_lithuania(kg: armskg.KnowledgeGraph) -> None:
    headings = [h for h, _ in kg.timeline("Lithuania", as_of="2026-03-01").sections]
    assert "Anti-Personnel Mine Ban Convention (apmbc) — withdrawn since 2025-12-27" in headings
    assert "Convention on Cluster Munitions (ccm) — withdrawn since 2025-03-06" in headings
    text = kg.timeline("LTU", as_of="2026-03-01", treaty="ottawa").render()
    assert "by the Seimas (107 for, 0 against, 3 abstaining)" in text
    assert "takes effect 2025-12-27" in text
    assert "status interval" not in text


def test_timeline_before_the_withdrawal(kg: armskg.KnowledgeGraph) -> None:
    report = kg.timeline("LTU", as_of="2025-06-01", treaty="apmbc")
    assert [h for h, _ in report.sections] == ["Anti-Personnel Mine Ban Convention (apmbc) — party since 2003-11-01"]
    assert [(d, h) for d, h in _entries(report)] == [   # the rows of state-timeline, derived dates included
        ("1999-02-26", "signature"), ("2003-05-12", "ratification"), ("2003-11-01", "entry into force"),
        ("2025-03-18", "withdrawal announcement"), ("2025-05-08", "legislative vote"),
        ("2025-05-08", "withdrawal announcement")]
    assert "of the ratification of 2003-05-12; derived by Article 17(2)" in report.render()


@pytest.mark.parametrize(("state", "treaty", "heading", "status"), [
    ("LTU", "ost", "Outer Space Treaty (ost) — not recorded since 1967-01-27", "not recorded"),  # a partial record
    ("RUS", "ottawa", "Anti-Personnel Mine Ban Convention (apmbc) — non-party", "non-party"),  # a complete one
], ids=["partial-record", "complete-record"])
def test_timeline_of_a_treaty_without_acts_still_gives_the_status(kg: armskg.KnowledgeGraph, state: str, treaty: str,
                                                                  heading: str, status: str) -> None:
    """'What did Lithuania do about the Outer Space Treaty?': nothing the record holds, and the record is silent:
    the answer says so, as treaty-status does, rather than only 'no recorded acts'."""
    report = kg.timeline(state, as_of="2026-03-01", treaty=treaty)
    assert [h for h, _ in report.sections] == [heading]
    assert [s["status"] for s in report.data["statuses"]] == [status] and report.data["entries"] == []
    assert "no recorded acts" in report.render()


def test_timeline_json(kg: armskg.KnowledgeGraph) -> None:
    data = json.loads(kg.timeline("UKR", as_of="2026-03-01", treaty="apmbc").render("json"))
    assert (data["iso3"], data["as_of"]) == ("UKR", "2026-03-01")
    assert data["statuses"] == [{"treaty": "apmbc", "status": "party", "since": "2006-06-01"}]
    entries = data["entries"]
    assert all(set(e) == {"date", "treaty", "action", "sources", "act"} for e in entries)
    suspension = next(e for e in entries if e["action"] == "suspension")
    assert suspension["date"] == "2025-07-18" and "Article 20(3)" in suspension["act"]["pending"]
    assert all(e["sources"] for e in entries if e["action"] != "entry into force")  # derived by Article 17(2)


def test_timeline_renders_the_named_querys_rows(kg: armskg.KnowledgeGraph) -> None:
    rows = [r for r in kg.query("state-timeline", state="FIN", as_of="2026-03-01") if r["treaty"] == "apmbc"]
    entries = json.loads(kg.timeline("FIN", as_of="2026-03-01", treaty="apmbc").render("json"))["entries"]
    assert [(e["date"], e["action"]) for e in entries] == [(r["date"], r["action"]) for r in rows]


def test_changes_json_gives_each_change_with_its_act_and_sources(kg: armskg.KnowledgeGraph) -> None:
    data = json.loads(kg.changes("2026-02-19", "2026-02-20", treaty="ottawa").render("json"))
    assert (data["from"], data["to"], data["treaty"]) == ("2026-02-19", "2026-02-20", "apmbc")
    (change,) = data["changes"]
    assert {k: change[k] for k in ("date", "iso3", "label", "treaty", "from_status", "to_status")} == {
        "date": "2026-02-20", "iso3": "POL", "label": "Poland", "treaty": "apmbc", "from_status": "withdrawing",
        "to_status": "withdrawn"}
    assert change["act"]["iri"].endswith("/apmbc/POL-withdrawal-2025-08-20")
    assert change["act"]["action"] == "withdrawal notification"
    assert change["sources"] and all(s["url"].startswith("http") for s in change["sources"])


def test_changes_report_renders_the_named_querys_rows(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("changes", from_="2025-01-01", to="2026-03-01")
    data = json.loads(kg.changes(from_="2025-01-01", to="2026-03-01").render("json"))
    keys = ("date", "iso3", "treaty", "from_status", "to_status")
    assert [tuple(c[k] for k in keys) for c in data["changes"]] == [tuple(r[k] for k in keys) for r in rows]


APMBC_NOTE = ("the graph's record of the Anti-Personnel Mine Ban Convention (apmbc) is complete as at 2026-02-03: "
              "acts after that date may be missing")


@pytest.mark.parametrize(("end", "notes"), [("2026-02-03", []), ("2026-11-01", [APMBC_NOTE])],
                         ids=["on-the-records-day", "past-the-record"])
def test_changes_past_the_treatys_record_say_so(kg: armskg.KnowledgeGraph, end: str, notes: list[str]) -> None:
    """`changes` up to a day after the Convention's record was read counted "13 change(s)" and said nothing of
    the acts since that may be missing, where treaty-status on that day says so: the window's last day is the
    answer's as-of date, in the named query (Result.notes), the report (text, md, JSON) and the command line."""
    assert kg.query("changes", from_="2025-06-01", to=end, treaty="ottawa").notes == notes
    report = kg.changes("2025-06-01", end, treaty="ottawa")
    assert json.loads(report.render("json"))["notes"] == notes
    for fmt in ("text", "md"):
        assert report.render(fmt).splitlines()[1:1 + len(notes)] == [f"note: {n}" for n in notes]
    done = run_cli("changes", "--from", "2025-06-01", "--to", end, "--treaty", "ottawa")
    assert done.stdout.splitlines()[1:1 + len(notes) + 1] == [f"note: {n}" for n in notes] + [""]


def test_a_timeline_of_one_treaty_past_its_record_says_so(kg: armskg.KnowledgeGraph) -> None:
    assert kg.timeline("LTU", as_of="2026-03-01", treaty="ottawa").notes == [APMBC_NOTE]
    assert kg.timeline("LTU", as_of="2026-02-03", treaty="ottawa").notes == []


def test_cli_changes_and_timeline() -> None:
    done = run_armskg("changes", "--from", "2026-02-19", "--to", "2026-02-20", "--treaty", "ottawa", "--format", "md")
    assert done.returncode == 0, done.stderr
    assert "Poland (POL), Anti-Personnel Mine Ban Convention: withdrawing → withdrawn" in done.stdout
    done = run_armskg("timeline", "Finland", "--treaty", "apmbc", "--as-of", "2026-03-01")
    assert done.returncode == 0, done.stderr
    assert "withdrawn since 2026-01-10" in done.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("changes", "--from", "2026-03-01", "--to", "2025-03-01"), "is after --to"),
    (("changes", "--from", "2026-02-30"), "bad --from"),
    (("changes", "--from", "2025-01-01", "--treaty", "otawa"), "unknown treaty 'otawa'; did you mean"),
    (("timeline", "Narnia"), "unknown state 'Narnia'"),
    (("timeline", "LTU", "--as-of", "yesterday"), "bad --as-of"),
    (("timeline", "LTU", "--format", "pdf"), "invalid choice"),
], ids=["reversed", "bad-date", "unknown-treaty", "unknown-state", "bad-as-of", "bad-format"])
def test_cli_bad_input(args: tuple[str, ...], message: str) -> None:
    done = run_cli(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


@pytest.mark.parametrize("as_of", ["2025-06-01", "2026-03-01"])
def test_stats_agree_with_treaty_status(kg: armskg.KnowledgeGraph, stats_on: StatsOn, as_of: str) -> None:
    treaties, _ = stats_on(as_of)
    assert [r["treaty"] for r in treaties] == sorted(r["treaty"] for r in treaties)
    for row in treaties:
        statuses = kg.query("treaty-status", treaty=row["treaty"], as_of=as_of).column("status")
        parties = statuses.count("party") + statuses.count("withdrawing")
        assert row["parties"] == (str(parties) if row["coverage"] == "complete" or not statuses.count("not recorded")
                                  else "not recorded"), row["treaty"]
        assert int(row["not_recorded"]) == statuses.count("not recorded"), row["treaty"]


def test_stats_ottawa_and_sources(stats_on: StatsOn) -> None:
    treaties, facts = stats_on("2026-03-01")
    ottawa = {r["treaty"]: r for r in treaties.values()}["apmbc"]
    # 166 states ever consented; 162 parties on the UNTC page of 2026-02-03, less Poland from 2026-02-20
    assert (ottawa["consents"], ottawa["withdrawals"], ottawa["parties"], ottawa["not_recorded"]) == (166, 5, 161, 0)
    assert (ottawa["coverage"], ottawa["as_at"]) == ("complete", datetime.date(2026, 2, 3))
    # every act names a source (the shapes require it); empty where a treaty has no act yet (the BWC)
    assert {r["sourced_pct"] for r in treaties.values()} <= {Decimal("100.0"), None}
    kinds = {r["kind"]: r for r in facts}
    assert {"state", "land border", "treaty action", "treaty rule"} <= set(kinds)
    assert all(r["sourced"] == r["facts"] for r in facts)


@pytest.mark.parametrize(("treaty", "coverage", "silent"), [
    ("ost", "partial", True), ("open-skies", "partial", True), ("ptbt", "partial", True),
    ("inf", "partial", False),       # partial, but ended in 2019: every state is a non-party from then
    ("npt", "complete", False),
])
def test_stats_say_where_the_record_is_silent(stats_on: StatsOn, treaty: str, coverage: str, silent: bool) -> None:
    row = {r["treaty"]: r for r in stats_on("2026-03-01")[0].values()}[treaty]
    assert row["coverage"] == coverage
    assert (row["not_recorded"] > 0) == silent
    assert row["parties"] == "not recorded" if silent else row["parties"] + row["not_recorded"] <= 197


@pytest.mark.parametrize(("as_of", "expected"), [
    # the ATT opened for signature on 3 June 2013: nothing is known of it in 2000, every column says so
    ("2000-01-01", {"participants": 0, "signatures": 0, "consents": 0, "actions": 0, "parties": 0, "sourced_pct": None}),
    # on entering into force the ATT closed for signature (Art. 20): 130 signatories, as UNTC lists them
    ("2014-12-24", {"participants": 130, "signatures": 130, "consents": 61, "parties": 61}),
], ids=["2000", "entry-into-force"])
def test_stats_as_of_moves_every_column(stats_on: StatsOn, as_of: str, expected: dict[str, object]) -> None:
    row = {r["treaty"]: r for r in stats_on(as_of)[0].values()}["att"]
    assert {k: row[k] for k in expected} == expected


@pytest.mark.parametrize(("treaty", "as_of", "parties"), [
    # the Outer Space Treaty's record is partial: it holds 99 parties of about 115, which would be cited
    ("ost", "2026-03-01", "not recorded"),
    ("ost", "1967-06-01", 0),             # not yet in force (10 October 1967): no party, whatever the record
    ("inf", "1990-01-01", "not recorded"),
    ("inf", "2026-03-01", 0),             # ended on 2 August 2019: no party, whatever the record
    ("npt", "2026-03-01", 190),           # complete
    ("npt", "1960-01-01", 0),
], ids=["ost-in-force", "ost-before", "inf-in-force", "inf-ended", "npt", "npt-before"])
def test_stats_count_parties_only_where_the_record_can(stats_on: StatsOn, treaty: str, as_of: str,
                                                       parties: object) -> None:
    """`armskg stats` gave the Outer Space Treaty 99 parties: the ones its partial record holds (party-counts
    refuses the same count)."""
    treaties, _ = stats_on(as_of)
    assert {r["treaty"]: r for r in treaties.values()}[treaty]["parties"] == parties
    assert any("`not recorded` while it is in force" in note for note in treaties.notes)


def _stats_cell(text: str, fmt: str, treaty: str, column: str) -> str:
    """One cell of the treaties table of ``armskg stats --format FMT``, as printed."""
    if fmt == "json":
        rows = json.loads(text)["treaties"]["results"]["bindings"]
        return str(next(r for r in rows if r["treaty"]["value"] == treaty)[column]["value"])
    table = next(block for block in text.split("\n\n") if block.lstrip("|? ").startswith("treaty"))
    lines = table.splitlines()
    if fmt in ("csv", "tsv"):
        import csv

        rows = list(csv.reader(lines, delimiter="," if fmt == "csv" else "\t"))
        header = [c.lstrip("?") for c in rows[0]]
        return next(r for r in rows[1:] if r[0].strip('"') == treaty)[header.index(column)]
    if fmt == "md":
        header = [c.strip() for c in lines[0].strip("|").split("|")]
        cells = next([c.strip() for c in line.strip("|").split("|")] for line in lines[2:] if line.startswith(f"| {treaty} |"))
        return cells[header.index(column)]
    starts = [m.start() for m in re.finditer(r"-+", lines[1])]  # the table: columns where the rule's dashes are
    row = next(line for line in lines[2:] if line.split("  ")[0] == treaty)
    i = lines[0].split().index(column)
    return row[starts[i]:starts[i + 1] if i + 1 < len(starts) else None].strip()


@pytest.mark.parametrize("fmt", ["table", "md", "csv", "tsv", "json"])
def test_cli_stats_never_count_a_partial_record(fmt: str) -> None:
    done = run_cli("stats", "--as-of", "2026-03-01", "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert _stats_cell(done.stdout, fmt, "ost", "parties") in ("not recorded", '"not recorded"')
    assert _stats_cell(done.stdout, fmt, "ost", "not_recorded") == "75"
    assert _stats_cell(done.stdout, fmt, "apmbc", "parties") == "161"
    if fmt in ("table", "md", "json"):
        assert "its parties are `not recorded` while it is in force" in done.stdout


def test_cli_stats() -> None:
    done = run_armskg("stats", "--as-of", "2026-03-01", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["as_of"] == "2026-03-01"
    rows = {r["treaty"]["value"]: r for r in data["treaties"]["results"]["bindings"]}
    assert rows["apmbc"]["parties"] == {"type": "literal", "value": "161", "datatype": XSD + "integer"}
    assert rows["apmbc"]["as_at"] == {"type": "literal", "value": "2026-02-03", "datatype": XSD + "date"}
    done = run_cli("stats", "--as-of", "2026-13-01")
    assert (done.returncode, done.stdout) == (2, "")
    assert "bad --as-of" in done.stderr


def test_changes_report_shows_a_treaty_ending(kg: armskg.KnowledgeGraph) -> None:
    report = kg.changes("2026-02-04", "2026-02-05", treaty="new-start")
    assert _entries(report) == [
        ("2026-02-05", "Russian Federation (RUS), New START: party → non-party"),
        ("2026-02-05", "United States of America (USA), New START: party → non-party")]
    assert "the treaty ended on 2026-02-05" in report.render()


def test_an_act_with_two_notes_shows_both(kg: armskg.KnowledgeGraph) -> None:
    """North Korea's NPT accession carries two notes; the report showed whichever row the engine gave first."""
    data = json.loads(kg.changes("1985-12-01", "1985-12-31", treaty="npt").render("json"))
    (act,) = [c["act"] for c in data["changes"] if c["iso3"] == "PRK"]
    assert act["note"] == ("The IEADB's note names the depositary (Moscow). UNODA and the IEADB (deposited in Moscow)"
                           " give 12 December 1985, as does a blog that dates it independently.")


def test_changes_since_1900_for_every_treaty_cites_every_act(kg: armskg.KnowledgeGraph) -> None:
    """The whole record's changes in one report (it took 86 s before the act query was reordered)."""
    rows = kg.query("changes", from_="1900-01-01", to="2026-03-01")
    data = json.loads(kg.changes("1900-01-01", "2026-03-01").render("json"))["changes"]
    assert len(data) == len(rows) > 6000
    assert all(c["act"] is not None for c, r in zip(data, rows) if r["basis"])
