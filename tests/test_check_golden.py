"""`armskg check` on news-style texts written for the project (tests/golden/check/NAME.txt, each with a
``date:`` line), against labels made by hand from the record (NAME.labels.json), and against a snapshot of
the whole output (NAME.json; ``pytest --update-golden`` rewrites the snapshots).

The labels are the truth: every labelled claim must be found with its verdict, except the few marked
``miss`` (with why), which are expected to stay missed (strict xfail: a fix shows up as a failure to clear).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from check_score import score

import armskg

GOLDEN = Path(__file__).parent / "golden" / "check"
TEXTS = sorted(p.stem for p in GOLDEN.glob("*.txt"))


def _labels(name: str) -> list[dict[str, Any]]:
    claims: list[dict[str, Any]] = json.loads((GOLDEN / f"{name}.labels.json").read_text(encoding="utf-8"))["claims"]
    return claims


def _label_cases() -> list[Any]:
    cases = []
    for name in TEXTS:
        for n, label in enumerate(_labels(name)):
            marks = [pytest.mark.xfail(reason=label["miss"], strict=True)] if "miss" in label else []
            cases.append(pytest.param(name, n, marks=marks, id=f"{name}:{n + 1}"))
    return cases


@pytest.fixture(scope="module")
def outputs(kg: armskg.KnowledgeGraph) -> dict[str, dict[str, Any]]:
    return {name: kg.check((GOLDEN / f"{name}.txt").read_text(encoding="utf-8")).as_json() for name in TEXTS}


@pytest.mark.parametrize(("name", "n"), _label_cases())
def test_labelled_claim_found_with_its_verdict(outputs: dict[str, dict[str, Any]], name: str, n: int) -> None:
    text = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    label = _labels(name)[n]
    result = score(text, [label], outputs[name]["claims"], name)
    assert result.correct == 1, f"{label['quote']!r}: labelled {label['verdict']}, found {result.misses}"


def test_no_true_claim_is_called_contradicted(outputs: dict[str, dict[str, Any]]) -> None:
    """Across the whole set: a claim the labels do not call contradicted never is."""
    false = []
    for name in TEXTS:
        text = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
        false += score(text, _labels(name), outputs[name]["claims"], name).false_contradictions
    assert false == []


@pytest.mark.parametrize("name", TEXTS)
def test_every_quote_is_its_span(outputs: dict[str, dict[str, Any]], name: str) -> None:
    text = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    assert outputs[name]["claims"]
    for claim in outputs[name]["claims"]:
        assert claim["quote"] == text[claim["start"]:claim["end"]]


@pytest.mark.parametrize("name", TEXTS)
def test_output_matches_the_snapshot(outputs: dict[str, dict[str, Any]], name: str, update_golden: bool) -> None:
    path = GOLDEN / f"{name}.json"
    rendered = json.dumps(outputs[name], indent=2, ensure_ascii=False) + "\n"
    if update_golden:
        path.write_text(rendered, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run pytest --update-golden"
    assert json.loads(path.read_text(encoding="utf-8")) == outputs[name]
