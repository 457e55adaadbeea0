"""`armskg check`: claims read from a text and judged against the record (the API, the command line, the
parts: times, names, groups, counts), and the one-line errors for bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import armskg
from armskg.check import MAX_CHARS, CheckReport
from armskg.check.text import sentences
from armskg.check.times import Reader
from armskg.cli import main

BELARUS = "date: 2025-05-08\nRussia has never signed the Ottawa Treaty, while Belarus did not ratify it.\n"


def _verdicts(report: CheckReport) -> list[tuple[str, str]]:
    return [(c.quote, c.verdict) for c in report.claims]


def test_belarus_is_contradicted_with_its_accession(kg: armskg.KnowledgeGraph) -> None:
    """The seed article's claim (Euromaidan Press, 8 May 2025): Belarus "did not ratify" the Convention."""
    report = kg.check(BELARUS)
    assert report.as_of == dt.date(2025, 5, 8)
    assert _verdicts(report) == [("Russia has never signed the Ottawa Treaty", "supported"),
                                 ("Belarus did not ratify", "contradicted")]
    belarus = report.claims[1]
    assert belarus.states == ["BLR"] and belarus.treaty == "apmbc"
    assert "accession of 2003-09-03" in belarus.evidence[0].text
    assert any("treaties.un.org" in s.url for s in belarus.evidence[0].sources.values())


def test_json_is_the_issues_shape(kg: armskg.KnowledgeGraph) -> None:
    data = json.loads(kg.check(BELARUS).render("json"))
    assert set(data) == {"as_of", "claims"} and data["as_of"] == "2025-05-08"
    for claim in data["claims"]:
        assert set(claim) == {"quote", "start", "end", "claim", "states", "treaty", "verdict", "evidence"}
        assert claim["quote"] == BELARUS[claim["start"]:claim["end"]]
        for evidence in claim["evidence"]:
            assert set(evidence) == {"text", "sources"}
            assert all(source["url"].startswith("http") for source in evidence["sources"])


def test_text_marks_each_claim_in_its_sentence_with_numbered_sources(kg: armskg.KnowledgeGraph) -> None:
    out = kg.check(BELARUS).render("text")
    assert "Russia has never signed the Ottawa Treaty, while «Belarus did not ratify» it." in out
    assert "[1] SUPPORTED" in out and "[2] CONTRADICTED" in out
    assert "\nSources\n" in out and "  [1] " in out


def test_markdown_escapes_the_text(kg: armskg.KnowledgeGraph) -> None:
    out = kg.check("Belarus did not ratify the Ottawa Convention (a *claim*).", as_of="2025-05-08").render("md")
    assert r"**Belarus did not ratify the Ottawa Convention** (a \*claim" in out


@pytest.mark.parametrize(("text", "as_of", "expected"), [
    ("Lithuania ratified the Ottawa Convention in 2003.", "2025-05-08", "supported"),
    ("Lithuania ratified the Ottawa Convention in 2004.", "2025-05-08", "contradicted"),
    ("Belarus acceded to the Ottawa Convention on 3 September 2003.", "2025-05-08", "supported"),
    ("Belarus acceded to the Ottawa Convention in 2005.", "2025-05-08", "contradicted"),
    ("Belarus became a party to the Ottawa Convention in 2004.", "2025-05-08", "supported"),
    ("Belarus is a signatory of the Ottawa Convention.", "2025-05-08", "supported"),
    ("Lithuania ratified the Ottawa Convention on 12 June.", "2025-05-08", "unverifiable"),
    ("Norway is a party to the Ottawa Convention.", "2026-03-01", "supported"),
    ("Latvia is a party to the Ottawa Convention.", "2026-03-01", "contradicted"),
    ("Latvia is still a party to the Ottawa Convention.", "2025-09-01", "supported"),
    ("Sweden never signed the Open Skies Treaty.", "2025-05-08", "unverifiable"),
    # a wrong year is never supported: not when a weekday names the right day of the wrong year ...
    ("Lithuania notified its withdrawal from the Ottawa Convention on Friday, 27 June 2019.", "2025-06-30", "contradicted"),
    ("On Friday, 27 June 2025, Lithuania notified its withdrawal from the Ottawa Convention.", "2025-06-30", "supported"),
    # ... nor when the date stands between "voted" and what was voted for
    ("Latvia's parliament voted on 3 March 2019 to withdraw from the Ottawa Convention.", "2026-03-01", "unverifiable"),
    ("Latvia's parliament voted on 16 April 2025 to withdraw from the Ottawa Convention.", "2026-03-01", "supported"),
    # ... nor when the time is counted back from the text's date: loose, so it supports but never contradicts
    ("Lithuania ratified the Ottawa Convention ten years ago.", "2026-03-01", "unverifiable"),
    ("Lithuania ratified the Ottawa Convention 23 years ago.", "2026-03-01", "supported"),
    ("Lithuania ratified the Ottawa Convention 999 years ago.", "0500-01-01", "contradicted"),  # no error
    # a decade is ten years, not its first: a true claim is never contradicted
    ("Lithuania signed the Ottawa Convention in the 1990s.", "2026-03-01", "supported"),
    ("Lithuania ratified the Ottawa Convention in the early 2000s.", "2026-03-01", "supported"),
    ("Lithuania signed the Ottawa Convention in the 1980s.", "2026-03-01", "contradicted"),
    # a ratification since revoked: "has not ratified" is true now, if false as "never"
    ("Russia has not ratified the Comprehensive Nuclear-Test-Ban Treaty.", "2026-02-15", "unverifiable"),
    ("Russia has not ratified the Comprehensive Nuclear-Test-Ban Treaty.", "2020-01-01", "contradicted"),
    ("Lithuania ratified the Ottawa Convention in 2002-03.", "2026-03-01", "supported"),
    ("Lithuania signed the Ottawa Convention between 1997 and 1999.", "2026-03-01", "supported"),
    ("Lithuania signed the Ottawa Convention between 1990 and 1995.", "2026-03-01", "contradicted"),
    ("Lithuania notified its withdrawal from the Ottawa Convention in June of 2019.", "2026-03-01", "contradicted"),
    ("Lithuania notified its withdrawal from the Ottawa Convention last month.", "2025-07-15", "supported"),
    ("Lithuania notified its withdrawal from the Ottawa Convention last month.", "2026-03-01", "contradicted"),
], ids=["year", "wrong-year", "date", "wrong-year-accession", "joined-by-entry-into-force", "signatory-for-party",
        "inferred-year-never-contradicts", "party", "withdrawn", "withdrawing-is-party", "partial-record",
        "weekday-wrong-year", "weekday-right-year", "vote-on-date-wrong-year", "vote-on-date", "years-ago-wrong",
        "years-ago", "years-ago-before-the-calendar", "decade", "early-decade", "wrong-decade", "revoked-ratification", "before-the-revocation", "year-range",
        "between-years", "between-years-wrong", "month-of-year",
        "last-month", "last-month-wrong"])
def test_verdicts(kg: armskg.KnowledgeGraph, text: str, as_of: str, expected: str) -> None:
    report = kg.check(text, as_of=as_of)
    assert [c.verdict for c in report.claims] == [expected]


@pytest.mark.parametrize(("text", "why"), [
    ("Ukraine plans to withdraw from the Ottawa Convention.", "an intention"),
    ("“We will leave the Ottawa Convention if the threat grows,” the minister said.", "a quotation"),
    ("Lithuania left the Ottawa Convention because of the threat from Russia.", "a motive"),
], ids=["intention", "quote", "motive"])
def test_unverifiable_by_nature(kg: armskg.KnowledgeGraph, text: str, why: str) -> None:
    report = kg.check(text, as_of="2026-03-01")
    found = [c for c in report.claims if c.words.startswith(why)]
    assert found and all(c.verdict == "unverifiable" for c in found)


@pytest.mark.parametrize(("text", "as_of", "expected"), [
    ("32 states have never joined the Ottawa Convention.", "2025-05-08", "supported"),
    ("32 states have never joined the Ottawa Convention.", "2026-03-01", "unverifiable"),
    ("20 states have never joined the Ottawa Convention.", "2026-01-15", "contradicted"),
    ("The Ottawa Convention has more than 160 parties.", "2025-05-08", "supported"),
    ("Fewer than 100 states are party to the Convention on Cluster Munitions.", "2025-05-08", "contradicted"),
    ("Over 160 countries signed the Ottawa Convention.", "2025-05-08", "supported"),
    # the Outer Space Treaty's record is partial: it holds 99 parties on 2026-03-01 (about 115 in fact)
    ("The Outer Space Treaty has 99 parties.", "2026-03-01", "unverifiable"),
    ("The Outer Space Treaty has fewer than 120 parties.", "2026-03-01", "unverifiable"),
    ("The Outer Space Treaty has more than 90 parties.", "2026-03-01", "supported"),
    ("The Outer Space Treaty has 115 parties.", "2026-03-01", "unverifiable"),
], ids=["exact", "off-by-one-is-unverifiable", "far-off", "more-than", "fewer-than", "signed-for-joined",
        "partial-exact", "partial-fewer-than", "partial-more-than", "partial-true-count"])
def test_counts(kg: armskg.KnowledgeGraph, text: str, as_of: str, expected: str) -> None:
    counts = [c for c in kg.check(text, as_of=as_of).claims if c.kind == "count"]
    assert [c.verdict for c in counts] == [expected]


@pytest.mark.parametrize(("text", "as_of", "states"), [
    ("The Baltic states are parties to the Chemical Weapons Convention.", "2025-05-08", ["EST", "LTU", "LVA"]),
    ("The five nuclear-weapon states are parties to the NPT.", "2025-05-08", ["CHN", "FRA", "GBR", "RUS", "USA"]),
    ("NATO members bordering Russia are parties to the Ottawa Convention.", "2022-01-01", ["EST", "LTU", "LVA", "NOR", "POL"]),
    ("NATO members bordering Russia are parties to the Ottawa Convention.", "2024-01-01",
     ["EST", "FIN", "LTU", "LVA", "NOR", "POL"]),
    ("Let us recall that the US signed the Arms Trade Treaty in 2013.", "2025-05-08", ["USA"]),
    ("Let us recall that the U.S. signed the Arms Trade Treaty in 2013.", "2025-05-08", ["USA"]),
    ("Burma has never signed the Ottawa Convention.", "2025-05-08", ["MMR"]),
    ("The DRC acceded to the Ottawa Convention in 2002.", "2025-05-08", ["COD"]),
    ("Turkiye acceded to the Ottawa Convention in 2003.", "2025-05-08", ["TUR"]),
    ("Côte d’Ivoire ratified the Ottawa Convention in 2000.", "2025-05-08", ["CIV"]),
], ids=["baltic", "nuclear-weapon-states", "nato-bordering-russia-2022", "nato-bordering-russia-2024", "US-not-us",
        "U.S.", "Burma", "DRC", "Turkiye", "typographic-apostrophe"])
def test_states_by_group_and_name(kg: armskg.KnowledgeGraph, text: str, as_of: str, states: list[str]) -> None:
    report = kg.check(text, as_of=as_of)
    assert [sorted(c.states) for c in report.claims] == [states]
    assert report.claims[0].verdict == "supported"


@pytest.mark.parametrize(("name", "code"), [("the landmine treaty", "apmbc"), ("mine ban treaty", "apmbc"),
                                            ("cluster bomb treaty", "ccm"), ("nuclear ban treaty", "tpnw"),
                                            ("Comprehensive Test Ban Treaty", "ctbt")])
def test_journalists_names_of_treaties(kg: armskg.KnowledgeGraph, name: str, code: str) -> None:
    report = kg.check(f"Lithuania signed {name} in 1999.", as_of="2025-05-08")
    assert [c.treaty for c in report.claims] == [code]


@pytest.mark.parametrize(("text", "expected"), [
    ("Germany ratified the Convention on Cluster Munitions in 2009 and Japan in 2009.",
     [("DEU", False, "supported"), ("JPN", False, "supported")]),
    ("Germany ratified the Convention on Cluster Munitions in 2009 and Japan in 2012.",
     [("DEU", False, "supported"), ("JPN", False, "contradicted")]),
    ("Turkey is a party to the Ottawa Convention, while Armenia is not.",
     [("TUR", False, "supported"), ("ARM", True, "supported")]),
    ("Finland has never joined the cluster munitions convention, and neither has the United States.",
     [("FIN", True, "supported"), ("USA", True, "supported")]),
    ("Russia has not signed the Ottawa Convention, and the United States has not either.",
     [("RUS", True, "supported"), ("USA", True, "supported")]),
    ("Russia has not signed the Ottawa Convention, but Ukraine has.",
     [("RUS", True, "supported"), ("UKR", False, "supported")]),
], ids=["gapped-time", "gapped-wrong-year", "is-not", "neither-has", "not-either", "but-has"])
def test_elided_acts(kg: armskg.KnowledgeGraph, text: str, expected: list[tuple[str, bool, str]]) -> None:
    report = kg.check(text, as_of="2025-05-08")
    assert [(c.states[0], c.words.split(" (")[0].count(" not ") + c.words.count("never") > 0, c.verdict)
            for c in report.claims] == expected


def test_respectively_pairs_states_and_dates(kg: armskg.KnowledgeGraph) -> None:
    text = "Estonia, Latvia and Lithuania joined the Ottawa Convention in 2004, 2005 and 2003 respectively."
    report = kg.check(text, as_of="2025-05-08")
    assert [(c.states, c.verdict) for c in report.claims] == [(["EST"], "supported"), (["LVA"], "supported"),
                                                              (["LTU"], "supported")]


def test_six_months_later(kg: armskg.KnowledgeGraph) -> None:
    text = "Finland notified its withdrawal from the Ottawa Convention on 10 July 2025. It takes effect six months later."
    assert [c.verdict for c in kg.check(text, as_of="2025-08-01").claims] == ["supported", "supported"]


def _time(phrase: str, as_of: str = "2025-05-08") -> Any:
    words = sentences(phrase)[0].words
    found = Reader(dt.date.fromisoformat(as_of), {"six": 6, "a": 1}).find(words)
    return found[0].time


@pytest.mark.parametrize(("phrase", "start", "end", "precision", "qualifier", "inferred"), [
    ("on 8 May 2025", "2025-05-08", "2025-05-08", "day", "on", False),
    ("on May 8, 2025", "2025-05-08", "2025-05-08", "day", "on", False),
    ("on 2025-05-08", "2025-05-08", "2025-05-08", "day", "on", False),
    ("in June 2025", "2025-06-01", "2025-06-30", "month", "on", False),
    ("in March", "2025-03-01", "2025-03-31", "month", "on", True),
    ("in 2003", "2003-01-01", "2003-12-31", "year", "on", False),
    ("by January 2026", "2026-01-01", "2026-01-31", "month", "by", False),
    ("since 2004", "2004-01-01", "2004-12-31", "year", "since", False),
    ("last year", "2024-01-01", "2024-12-31", "year", "on", False),
    ("on Thursday", "2025-05-08", "2025-05-08", "day", "on", False),
    ("on Friday, 27 June 2019", "2019-06-27", "2019-06-27", "day", "on", False),
    ("on Friday, June 27, 2019", "2019-06-27", "2019-06-27", "day", "on", False),
    ("in the 1990s", "1990-01-01", "1999-12-31", "years", "on", False),
    ("in 2002-03", "2002-01-01", "2003-12-31", "years", "on", False),
    ("between 1997 and 1999", "1997-01-01", "1999-12-31", "years", "on", False),
    ("in June of 2019", "2019-06-01", "2019-06-30", "month", "on", False),
    ("last month", "2025-04-01", "2025-04-30", "month", "on", False),
    ("a decade ago", "2015-01-01", "2015-12-31", "year", "on", True),
], ids=lambda v: str(v))
def test_times(phrase: str, start: str, end: str, precision: str, qualifier: str, inferred: bool) -> None:
    time = _time(phrase)
    assert (time.start.isoformat(), time.end.isoformat(), time.precision, time.qualifier, time.inferred) == \
        (start, end, precision, qualifier, inferred)


def test_relative_time_counts_months() -> None:
    assert _time("six months later").months == 6


# ---- the command line ----

def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_exit_1_when_a_claim_is_contradicted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "article.txt"
    path.write_text(BELARUS, encoding="utf-8")
    code, out, _ = _run(["check", str(path), "--format", "json"], capsys)
    assert code == 1 and [c["verdict"] for c in json.loads(out)["claims"]] == ["supported", "contradicted"]
    path.write_text("date: 2025-05-08\nRussia has never signed the Ottawa Treaty.\n", encoding="utf-8")
    assert _run(["check", str(path)], capsys)[0] == 0


def test_cli_reads_standard_input_with_as_of(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Latvia is a party to the Ottawa Convention.")))
    code, out, _ = _run(["check", "-", "--as-of", "2026-03-01", "--format", "md"], capsys)
    assert code == 1 and "**contradicted**" in out and "as of 2026-03-01" in out


@pytest.mark.parametrize(("content", "args", "message"), [
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", [], "is not text"),
    (b"\xff\xfe\xfa not utf-8", [], "is not UTF-8 text"),
    (b"a " * (MAX_CHARS // 2 + 1), [], "too long"),
    (BELARUS.encode(), ["--as-of", "2025-02-30"], "bad --as-of"),
    (BELARUS.encode(), ["--as-of", "yesterday"], "bad --as-of"),
    (b"date: 8 May 2025\nBelarus did not ratify it.", [], "bad date line '8 May 2025' at the top of the text: expected date: YYYY-MM-DD"),
    # the form is right and the day impossible: it said "expected YYYY-MM-DD", which the line was
    (b"date: 2025-02-30\nBelarus did not ratify it.", [], "bad date line '2025-02-30' at the top of the text: day is out of range"),
], ids=["binary", "not-utf8", "huge", "impossible-as-of", "unknown-as-of", "bad-date-line", "impossible-date-line"])
def test_cli_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
                                              args: list[str], message: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    code, out, err = _run(["check", str(path), *args], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("armskg: error:") and message in err


def test_cli_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["check", str(tmp_path / "missing.txt")], capsys)
    assert code == 2 and err.startswith("armskg: error: cannot read")


def test_an_act_with_two_notes_is_one_act_in_the_record(kg: armskg.KnowledgeGraph) -> None:
    """North Korea's NPT accession carries two notes: the record read it as two acts, one per row."""
    from armskg.check.record import Record

    record = Record(kg, dt.date(2026, 3, 1))
    (accession,) = [a for a in record.acts("PRK", "npt") if a.date == "1985-12-12"]
    assert accession.note is not None and "Moscow" in accession.note and "UNODA" in accession.note


@pytest.mark.parametrize("text", [None, 42, ["Belarus acceded."]], ids=["none", "int", "list"])
def test_the_api_refuses_what_is_not_text_in_one_line(kg: armskg.KnowledgeGraph, text: object) -> None:
    with pytest.raises(armskg.ArmskgError, match="must be a str or bytes"):
        kg.check(text)  # type: ignore[arg-type]
