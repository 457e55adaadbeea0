"""Score `armskg check` against hand-labelled texts: how many labelled claims it finds with the right
verdict (recall), how many of its claims are right (precision), and whether it ever calls a claim
contradicted that the label does not (it must not).

A labelled text is NAME.txt (starting with a ``date: YYYY-MM-DD`` line) with NAME.labels.json beside it:
``{"claims": [{"quote": <a span of the text>, "verdict": ..., "states": [iso3, ...] (optional)}]}``. A label
is matched to the claim of the output whose span overlaps it best (shared characters over the two spans'
extent; where the label names states, only a claim about exactly those states); each claim matches one label
at most.

Usage: python tools/check_score.py [DIR] (default: tests/golden/check)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ROOT = Path(__file__).resolve().parents[1]


class Score:
    """The comparison of one text's labels with the claims found in it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.labels = self.outputs = self.found = self.correct = 0
        #: labelled claims the check called contradicted although the label does not
        self.false_contradictions: list[str] = []
        #: labelled claims not found, or found with another verdict: (quote, labelled, found or None)
        self.misses: list[tuple[str, str, str | None]] = []

    def add(self, other: Score) -> None:
        for key in ("labels", "outputs", "found", "correct"):
            setattr(self, key, getattr(self, key) + getattr(other, key))
        self.false_contradictions += other.false_contradictions
        self.misses += other.misses


def score(text: str, labels: list[dict[str, Any]], claims: list[dict[str, Any]], name: str = "") -> Score:
    """Compare labels with the claims of `armskg check --format json` (their "start", "end", "states",
    "verdict")."""
    result = Score(name)
    result.labels, result.outputs = len(labels), len(claims)
    used: set[int] = set()
    for label in labels:
        start = text.index(label["quote"])
        end = start + len(label["quote"])
        best, overlap = None, 0
        for n, claim in enumerate(claims):
            if n in used or ("states" in label and claim["states"] != label["states"]):
                continue
            shared = min(end, claim["end"]) - max(start, claim["start"])
            if shared <= 0:
                continue
            union = max(end, claim["end"]) - min(start, claim["start"])
            fit = shared / union + (0.01 if claim["verdict"] == label["verdict"] else 0)
            if fit > overlap:
                best, overlap = n, fit
        if best is None:
            result.misses.append((label["quote"], label["verdict"], None))
            continue
        used.add(best)
        result.found += 1
        verdict = claims[best]["verdict"]
        if verdict == label["verdict"]:
            result.correct += 1
        else:
            result.misses.append((label["quote"], label["verdict"], verdict))
            if verdict == "contradicted":
                result.false_contradictions.append(label["quote"])
    return result


def score_dir(folder: Path) -> tuple[Score, list[Score]]:
    """Check every labelled text of a folder and score it."""
    import armskg

    kg = armskg.load()
    total, scores = Score("all"), []
    for path in sorted(folder.glob("*.txt")):
        labels_path = path.with_suffix(".labels.json")
        if not labels_path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        labels = json.loads(labels_path.read_text(encoding="utf-8"))["claims"]
        claims = kg.check(text).as_json()["claims"]
        one = score(text, labels, claims, path.stem)
        scores.append(one)
        total.add(one)
    return total, scores


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT / "tests" / "golden" / "check"
    total, scores = score_dir(folder)
    print("| text | labelled | found | right verdict | claims output | recall | precision |")
    print("|---|---|---|---|---|---|---|")
    for s in [*scores, total]:
        recall = s.correct / s.labels if s.labels else 1.0
        precision = s.correct / s.outputs if s.outputs else 1.0
        print(f"| {s.name} | {s.labels} | {s.found} | {s.correct} | {s.outputs} | {recall:.0%} | {precision:.0%} |")
    for quote, labelled, found in total.misses:
        print(f"miss: {quote!r}: labelled {labelled}, found {found or 'nothing'}")
    print(f"true claims called contradicted: {len(total.false_contradictions)}")
    return 1 if total.false_contradictions else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
