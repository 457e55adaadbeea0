"""The release's CSV tables, each the answer to a query in queries/release/: stable columns (the query's
``#+ columns:`` header), ISO dates, rows sorted, a header row, UTF-8, ``\\n`` line ends."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.resources import queries_dir
from armskg.sparql.named import parse_header, run

#: Each table of a release: its file, and the query in queries/release/ that fills it.
TABLES: dict[str, str] = {
    "tables/treaty-actions.csv": "treaty-actions",
    "tables/status-intervals.csv": "status-intervals",
    "tables/borders.csv": "borders",
    "tables/memberships.csv": "memberships",
}


def table_query(root: Path, name: str) -> tuple[str, list[str]]:
    """A table's query text and its declared columns."""
    path = queries_dir(root) / "release" / f"{name}.rq"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ArmskgError(f"{path}: cannot read: {exc.strerror}") from None
    header = {}
    for line in text.splitlines():
        if not line.startswith("#+"):
            break
        key, _, value = line[2:].partition(":")
        header[key.strip()] = value.strip()
    columns = [c.strip() for c in header.get("columns", "").split(",") if c.strip()]
    parse_header(name, text)  # the same header rules as the named queries
    return text, columns


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return term.value
    return str(term)


def table_csv(store: ox.Store, root: Path, name: str) -> bytes:
    """One table as CSV bytes; a space-separated list in a cell (``sources``) is sorted, so that the order
    a store happens to concatenate values in never changes the bytes."""
    text, columns = table_query(root, name)
    result = run(store, text)
    if result.columns != columns:
        raise ArmskgError(f"queries/release/{name}.rq answers {result.columns}, not its declared columns {columns}")
    listed = {i for i, c in enumerate(columns) if c == "sources"}
    rows = []
    for row in result.rows:
        cells = [_cell(v) for v in row]
        for i in listed:
            cells[i] = " ".join(sorted(set(cells[i].split())))
        rows.append(cells)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(sorted(rows))
    return out.getvalue().encode("utf-8")
