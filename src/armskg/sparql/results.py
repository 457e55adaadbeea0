"""The answer to a SELECT query: its columns and rows, and the formats it is printed in."""

from __future__ import annotations

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from typing import Any

import pyoxigraph as ox

from armskg.vocab import XSD

#: The formats a query's answer is printed in (armskg query --format).
RESULT_FORMATS = ("table", "csv", "tsv", "json", "md")

class Result:
    """Rows of a SELECT query, with their column names in order; iterating yields dicts of strings."""

    def __init__(self, columns: list[str], rows: list[list[Any]] | None = None, as_of: str | None = None) -> None:
        self.columns = columns
        self.rows = rows or []
        self.as_of = as_of

    def __repr__(self) -> str:
        return f"Result(columns={self.columns!r}, rows={len(self.rows)}, as_of={self.as_of!r})"

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):  # type: ignore[no-untyped-def]
        for row in self.rows:
            yield {c: (t.value if t is not None else None) for c, t in zip(self.columns, row)}

    def __getitem__(self, index: int) -> dict[str, str | None]:
        row = self.rows[index]
        return {c: (t.value if t is not None else None) for c, t in zip(self.columns, row)}

    def column(self, name: str) -> list[str | None]:
        """Every value of one column."""
        return [row[name] for row in self]

def term_json(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out

def format_result(result: Result, fmt: str) -> str:
    """Render a result as table, csv, tsv, json (SPARQL 1.1 Query Results JSON) or md."""
    if fmt == "json":
        import json

        bindings = [{c: term_json(t) for c, t in zip(result.columns, row) if t is not None} for row in result.rows]
        return json.dumps({"head": {"vars": result.columns}, "results": {"bindings": bindings}}, indent=2) + "\n"
    cells = [["" if v is None else v for v in row.values()] for row in result]
    if fmt in ("csv", "tsv"):
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(cells)
        return out.getvalue()
    if fmt == "md":
        lines = ["| " + " | ".join(result.columns) + " |", "|" + "---|" * len(result.columns)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(result.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(result.columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"
