"""The answers the build stores for the named queries that take no parameter (armskg.build.answers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import cached_artifact_copy
from support import run_cli

import armskg
from armskg.build import answers as module
from armskg.sparql.named import load_named, run_named


def _cells(result: armskg.Result) -> list[list[str | None]]:
    return [[None if t is None else str(t) for t in row] for row in result.rows]


def test_every_parameterless_query_has_its_answer_stored(kg: armskg.KnowledgeGraph) -> None:
    standing = module.standing(kg.root)
    assert "disputed-claims" in [q.name for q in standing]
    assert all(not q.params for q in standing)
    for named in standing:
        stored = kg.answers.get(named) if kg.answers else None
        assert stored is not None, named.name
        assert (stored.columns, _cells(stored)) == (kg.query(named.name).columns, _cells(run_named(kg.store, named, {})))


def test_the_stored_answer_is_the_one_every_store_gives(kg: armskg.KnowledgeGraph) -> None:
    """Read back, worked out in memory, worked out on the on-disk store: the same rows in the same order, the
    sources of each row included (GROUP_CONCAT's order is each store's own; armskg sorts them)."""
    named = load_named(kg.root, "disputed-claims")
    on_disk = armskg.load(in_memory=False)
    stored = kg.query("disputed-claims")
    assert len(stored) > 1000 and any(" " in (r["source"] or "") for r in stored)
    assert _cells(stored) == _cells(run_named(kg.store, named, {})) == _cells(run_named(on_disk.store, named, {}))


def test_a_parameterless_query_is_read_back_not_worked_out(kg: armskg.KnowledgeGraph,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the stored answer was worked out again")

    monkeypatch.setattr(module, "run_named", refuse)
    assert len(kg.query("disputed-claims")) > 1000
    with pytest.raises(AssertionError, match="worked out again"):  # a query with parameters is worked out
        kg.query("withdrawals", treaty="ottawa")


def test_a_query_edited_after_the_build_is_run_afresh(small_artifact: Path, small_data_copy: Path) -> None:
    """The top-level queries are no input of the build (editing one rebuilds nothing: the run's build of the
    small data is read): the stored answer is for the text it was made from, and an edited query's own
    answer is given."""
    assert len(armskg.load(small_data_copy).query("disputed-claims")) > 2  # the stored answer
    query = small_data_copy / "queries" / "disputed-claims.rq"
    query.write_text(query.read_text(encoding="utf-8") + "LIMIT 2\n", encoding="utf-8")
    edited = armskg.load(small_data_copy)
    assert len(edited.query("disputed-claims")) == 2
    done = run_cli("--root", str(small_data_copy), "query", "disputed-claims", "--format", "csv")
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 3, done.stderr


def _version(artifact: Path) -> Path:
    return next(artifact.glob("v-*"))


def test_a_damaged_stored_answer_is_refused_in_one_line(kg: armskg.KnowledgeGraph, tmp_path: Path) -> None:
    artifact = cached_artifact_copy(tmp_path / "artifact")
    answers = _version(artifact) / "answers.json"
    data = bytearray(answers.read_bytes())
    data[len(data) // 2] ^= 1
    answers.write_bytes(bytes(data))
    done = run_cli("query", "disputed-claims", "--artifact", str(artifact))
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "damaged (answers.json does not match its checksum)" in done.stderr


def test_an_artifact_without_stored_answers_is_still_read(kg: armskg.KnowledgeGraph, tmp_path: Path) -> None:
    """An artifact written before the build stored answers has none, and no checksum for them: its answers
    are worked out, the same."""
    artifact = cached_artifact_copy(tmp_path / "artifact")
    version = _version(artifact)
    (version / "answers.json").unlink()
    sums = json.loads((version / "checksums.json").read_text(encoding="utf-8"))
    del sums["answers.json"]
    (version / "checksums.json").write_text(json.dumps(sums), encoding="utf-8")
    older = armskg.load(artifact=artifact)
    assert older.answers is not None and older.answers.get(load_named(older.root, "disputed-claims")) is None
    assert _cells(older.query("disputed-claims")) == _cells(kg.query("disputed-claims"))


def test_a_broken_query_file_does_not_stop_the_build(tiny_data_copy: Path) -> None:
    """A query of the user's own that cannot be answered is not stored, and the build goes on: asking it
    fails in one line, as it did before the build stored answers. (Of the tiny copy of the data: the build
    is 0.6 s of CPU, not 1.8, and its answers are worked out all the same.)"""
    (tiny_data_copy / "queries" / "broken.rq").write_text("SELECT ?x WHERE { ?x ?p \n", encoding="utf-8")
    built = run_cli("--root", str(tiny_data_copy), "build")
    assert built.returncode == 0, built.stderr
    asked = run_cli("--root", str(tiny_data_copy), "query", "broken")
    assert asked.returncode != 0 and asked.stderr.count("\n") == 1, asked.stderr


def test_each_answer_is_a_result_of_its_own(kg: armskg.KnowledgeGraph) -> None:
    """The terms read are kept for the next call; the rows are made afresh each time, so a caller that
    sorts or edits one answer changes no other."""
    first = kg.query("disputed-claims")
    expected = _cells(first)
    first.rows.reverse()
    first.rows[0][0] = None
    first.columns.append("mine")
    again = kg.query("disputed-claims")
    assert _cells(again) == expected and again.columns == ["subject", "claim", "source", "contradicted_by", "note"]


def test_a_stored_answer_keeps_its_declared_types(kg: armskg.KnowledgeGraph, tmp_path: Path) -> None:
    """A parameterless query's '#+ types:' reach its stored answer as they reach a worked-out one: a date
    column with no row is still a date column in pandas. (A queries/ folder of that one query: the answers
    of the project's own, 0.4 s, would not change what is looked at.)"""
    pytest.importorskip("pandas")
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "no-days.rq").write_text(
        "#+ summary: no day at all\n#+ types: day: date\nSELECT ?day WHERE { VALUES ?day { } }\n", encoding="utf-8")
    named = load_named(tmp_path, "no-days")
    stored = module.answer_named(kg.store, module.Answers(module.compute(kg.store, tmp_path)), named, {})
    assert (stored.columns, stored.rows, stored.types) == (["day"], [], {"day": "date"})
    assert str(stored.to_pandas()["day"].dtype).startswith("datetime64")
