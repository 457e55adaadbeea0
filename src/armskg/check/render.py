"""A checked text as text (each claim marked in its sentence), Markdown or JSON, with numbered sources as
`armskg changes` numbers them."""

from __future__ import annotations

import json

from armskg.errors import ArmskgError
from armskg.reports import REPORT_FORMATS, Source

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from typing import Any

    from armskg.check import CheckedClaim, CheckReport

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|"})
_CONTEXT = 90


def render(report: CheckReport, fmt: str = "text") -> str:
    """Render a checked text as ``text``, ``md`` or ``json``."""
    if fmt not in REPORT_FORMATS:
        raise ArmskgError(f"unknown report format {fmt!r} (formats: {', '.join(REPORT_FORMATS)})")
    if fmt == "json":
        return json.dumps(as_json(report), indent=2, ensure_ascii=False) + "\n"
    return _render(report, fmt == "md")


def as_json(report: CheckReport) -> dict[str, Any]:
    """The JSON form: ``{"as_of", "claims": [{"quote", "start", "end", "claim", "states", "treaty",
    "verdict", "evidence": [{"text", "sources"}]}]}``, with ``quote == text[start:end]``."""
    return {"as_of": report.as_of.isoformat(), "claims": [
        {"quote": c.quote, "start": c.start, "end": c.end, "claim": c.words, "states": c.states, "treaty": c.treaty,
         "verdict": c.verdict, "evidence": [{"text": e.text, "sources": [s.as_dict() for s in e.sources.values()]}
                                            for e in c.evidence]}
        for c in report.claims]}


def summary(report: CheckReport) -> str:
    """One line: how many claims, and how many of each verdict."""
    counts = {v: sum(c.verdict == v for c in report.claims) for v in ("supported", "contradicted", "unverifiable")}
    return (f"{len(report.claims)} claim(s) checked against the record as of {report.as_of}: "
            + ", ".join(f"{n} {v}" for v, n in counts.items()))


def marked(report: CheckReport, claim: CheckedClaim, md: bool = False) -> str:
    """The claim's sentence (cut to about 90 characters either side), with the claim marked."""
    start, end = claim.sentence
    before, after = report.text[start:claim.start], report.text[claim.end:end]
    if len(before) > _CONTEXT:
        before = "…" + before[-_CONTEXT:].split(" ", 1)[-1]
    if len(after) > _CONTEXT:
        after = after[:_CONTEXT].rsplit(" ", 1)[0] + "…"
    if md:
        shown = f"{before.translate(_MD_SPECIAL)}**{claim.quote.translate(_MD_SPECIAL)}**{after.translate(_MD_SPECIAL)}"
    else:
        shown = f"{before}«{claim.quote}»{after}"
    return " ".join(shown.split())


def _render(report: CheckReport, md: bool) -> str:
    numbers: dict[str, int] = {}
    cited: list[Source] = []
    title = f"Claims checked against the record as of {report.as_of}"
    lines = [f"# {title}" if md else title, "", summary(report), ""]
    for n, claim in enumerate(report.claims, 1):
        if md:
            lines += [f"{n}. **{claim.verdict}**: {claim.words.translate(_MD_SPECIAL)}", "",
                      f"   > {marked(report, claim, md=True)}", ""]
        else:
            lines += [f"[{n}] {claim.verdict.upper()}: {claim.words}", f"    {marked(report, claim)}"]
        for evidence in claim.evidence:
            for key, source in evidence.sources.items():
                if key not in numbers:
                    numbers[key] = len(cited) + 1
                    cited.append(source)
            refs = "".join(f"[{n}]" for n in sorted(numbers[k] for k in evidence.sources))
            text = f"{evidence.text} {refs}".rstrip()
            lines.append(f"   - {text.translate(_MD_SPECIAL) if md else text}" if md else f"      record: {text}")
        lines.append("")
    if cited:
        lines += ["## Sources" if md else "Sources", ""]
        lines += [(f"{n}. " if md else f"  [{n}] ") + s.cite() for n, s in enumerate(cited, 1)]
        lines.append("")
    return "\n".join(lines)
