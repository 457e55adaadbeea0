"""The answer to a SELECT query: its columns and rows, typed values, and the formats it is written in.

SPARQL 1.1 Query Results JSON, XML, CSV and TSV are written by pyoxigraph's own serializers; the
``table`` and ``md`` formats, for people, are armskg's.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    import pandas as pd

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.vocab import STATUSES, XSD

#: The formats a query's answer is printed in (armskg query --format).
RESULT_FORMATS = ("table", "csv", "tsv", "json", "md")
#: The SPARQL 1.1 results formats, written by pyoxigraph.
SPARQL_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}

#: What a count reads where the record cannot count (the status of that name, armskg.vocab).
NOT_RECORDED = STATUSES["not recorded"].code
#: A typed value: what a literal's datatype says it is (an IRI or a blank node is its string).
Value = str | int | float | Decimal | bool | dt.date | None

_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                               "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
                               "unsignedShort", "unsignedByte")}
#: Characters XML 1.0 cannot carry, even escaped (its Char production).
_NOT_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]"


class NotXml(ArmskgError):
    """An answer that holds characters XML 1.0 cannot carry: it is refused in XML, never altered."""


def typed(term: Any) -> Value:
    """The Python value of an RDF term: xsd:date -> date, xsd:integer -> int, xsd:decimal -> Decimal,
    xsd:double -> float, xsd:boolean -> bool; anything else (and a malformed literal) its string.

    >>> typed(ox.Literal("2025-12-27", datatype=ox.NamedNode(XSD + "date")))
    datetime.date(2025, 12, 27)
    >>> typed(ox.Literal("161", datatype=ox.NamedNode(XSD + "integer"))), typed(ox.Literal("LTU"))
    (161, 'LTU')
    """
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return str(term.value)
    datatype, value = term.datatype.value, term.value
    try:
        if datatype == XSD + "date":
            return dt.date.fromisoformat(value)
        if datatype in _INTEGERS:
            return int(value)
        if datatype == XSD + "decimal":
            return Decimal(value)
        if datatype in (XSD + "double", XSD + "float"):
            return float(value)
        if datatype == XSD + "boolean":
            return value in ("true", "1")
    except ValueError:
        pass
    return value


class Result:
    """Rows of a SELECT query, with their column names in order.

    Iterating yields each row as a dict of strings (as printed); :meth:`values` gives typed values
    (dates, integers), :meth:`to_pandas` a DataFrame with typed columns, and a notebook shows it as a table.

    >>> r = Result(["year", "parties"], [[ox.Literal("1999", datatype=ox.NamedNode(XSD + "integer")),
    ...                                   ox.Literal("82", datatype=ox.NamedNode(XSD + "integer"))]])
    >>> list(r), r.values()
    ([{'year': '1999', 'parties': '82'}], [{'year': 1999, 'parties': 82}])
    """

    def __init__(self, columns: list[str], rows: list[list[Any]] | None = None, as_of: str | None = None) -> None:
        self.columns = columns
        self.rows = rows or []
        self.as_of = as_of
        #: what a reader must know to cite the answer, e.g. that the treaty's record was read before the
        #: as-of date (:func:`armskg.sparql.named.notes`); the command line prints them under the caption
        self.notes: list[str] = []
        #: the declared type (``date``, ``integer``) of a column, where the query says it (a named query's
        #: ``#+ types:``): :meth:`to_pandas` types such a column even when no row has a value in it
        self.types: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"Result(columns={self.columns!r}, rows={len(self.rows)}, as_of={self.as_of!r})"

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, str | None]]:
        for row in self.rows:
            yield {c: (t.value if t is not None else None) for c, t in zip(self.columns, row)}

    def __getitem__(self, index: int) -> dict[str, str | None]:
        row = self.rows[index]
        return {c: (t.value if t is not None else None) for c, t in zip(self.columns, row)}

    def column(self, name: str) -> list[str | None]:
        """Every value of one column, as a string."""
        return [row[name] for row in self]

    def values(self) -> list[dict[str, Value]]:
        """Every row with typed values: dates as :class:`datetime.date`, counts as ``int`` (see :func:`typed`)."""
        return [{c: typed(t) for c, t in zip(self.columns, row)} for row in self.rows]

    def to_pandas(self) -> pd.DataFrame:
        """A pandas DataFrame with typed columns: dates as datetime64, counts as integers (nullable
        ``Int64`` where a value is missing; kept as objects where some read `not recorded`), the rest as strings. Needs ``pip install 'armskg[pandas]'``."""
        try:
            import pandas as pd
        except ModuleNotFoundError:
            raise ArmskgError("Result.to_pandas needs pandas: pip install 'armskg[pandas]'") from None
        data = {c: [typed(row[i]) for row in self.rows] for i, c in enumerate(self.columns)}
        return pd.DataFrame({c: _series(pd, values, self.types.get(c)) for c, values in data.items()}, columns=self.columns)

    def _repr_html_(self) -> str:
        """The rows as an HTML table, for a notebook (Jupyter calls this)."""
        from html import escape

        said = [f"as of {self.as_of}"] if self.as_of else []
        caption = f"<caption>{'<br>'.join(escape(line) for line in said + self.notes)}</caption>" if said or self.notes else ""
        head = "".join(f"<th>{escape(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{escape(v or '')}</td>" for v in row.values()) + "</tr>" for row in self)
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def serialize(self, fmt: str) -> bytes:
        """The rows as SPARQL 1.1 Query Results ``json``, ``xml``, ``csv`` or ``tsv``, written by pyoxigraph.

        XML 1.0 cannot carry some control characters even escaped: an answer that holds one raises
        :class:`NotXml` (ask for JSON, CSV or TSV), rather than an XML document no parser reads.
        """
        if fmt not in SPARQL_FORMATS:
            raise ArmskgError(f"unknown results format {fmt!r} (formats: {', '.join(SPARQL_FORMATS)})")
        if fmt == "xml" and re.search(_NOT_XML, "\n".join(t.value for row in self.rows for t in row if t is not None)):
            raise NotXml("this answer holds characters that XML 1.0 cannot carry: ask for JSON, CSV or TSV")
        # The terms as SPARQL TSV (each written by pyoxigraph, blank nodes included), read back by
        # pyoxigraph into solutions that its serializer writes in the format asked for.
        tsv = "\t".join(f"?{c}" for c in self.columns) + "\n" + "".join(
            "\t".join("" if t is None else str(t) for t in row) + "\n" for row in self.rows)
        solutions = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
        if not isinstance(solutions, ox.QuerySolutions):  # pragma: no cover - a TSV table is never a boolean
            raise ArmskgError("not a table of results")
        return solutions.serialize(format=SPARQL_FORMATS[fmt]) or b""


def _series(pd: Any, values: list[Value], declared: str | None = None) -> Any:
    """One typed pandas column from typed values; a column with no value takes its declared type, if any."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, dt.date) for v in present) or not present and declared == "date":
        return pd.to_datetime(pd.Series(values, dtype=object)).astype("datetime64[s]")
    if present and all(isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="boolean")
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present) or not present and declared == "integer":
        return pd.Series(values, dtype="int64" if len(present) == len(values) else "Int64")
    if present and all(isinstance(v, (float, Decimal)) for v in present):
        return pd.Series([float(v) if isinstance(v, (float, Decimal)) else None for v in values], dtype="float64")
    if any(isinstance(v, int) for v in present) and all(isinstance(v, int) or v == NOT_RECORDED for v in present):
        # counts, some `not recorded` (stats' parties where a record is partial): kept as they are, so that
        # summing the column fails rather than adding up the counts it has
        return pd.Series(values, dtype=object)
    return pd.Series([None if v is None else str(v) for v in values], dtype=object)


def format_result(result: Result, fmt: str) -> str:
    """Render a result as ``table`` or ``md`` (for people), or as SPARQL 1.1 ``csv``, ``tsv`` or ``json``."""
    if fmt in SPARQL_FORMATS:
        return result.serialize(fmt).decode("utf-8")
    # each term's string read once, straight from the rows (through dicts per row it cost a table of 21,000
    # rows twice as long)
    cells = [["" if t is None else t.value for t in row] for row in result.rows]
    if fmt == "md":
        lines = ["| " + " | ".join(result.columns) + " |", "|" + "---|" * len(result.columns)]
        lines += ["| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    if fmt != "table":
        raise ArmskgError(f"unknown format {fmt!r} (formats: {', '.join(RESULT_FORMATS)})")
    columns = list(zip(*cells)) or [()] * len(result.columns)
    widths = [max([len(c), *map(len, column)]) for c, column in zip(result.columns, columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(result.columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    # one format string for every row, the last column not padded (its padding would be stripped): an eighth
    # less time than padding each cell and joining, for disputed-claims' 21,000 rows (docs/benchmarks.md)
    row_format = "  ".join([*(f"{{:<{w}}}" for w in widths[:-1]), "{}"]) if widths else ""
    lines += [row_format.format(*row).rstrip() for row in cells]
    return "\n".join(lines) + "\n"
