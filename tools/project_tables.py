"""The project's tables (graph/tables/) and the stored copies they are read from: one place for both.

Every maintainer tool in tools/ reads and writes tables through here: tab-separated, with a header row, one
cell per column (a cell's tabs and line breaks become single spaces). The stored copies of the national and
research records (``../shared/sources/treaty-data/``) are read only by ``tools/records_tables.py``, bounded in
size; they are never copied into the project. Lives in tools/, outside the wheel.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

#: The checkout this tool belongs to: it writes graph/tables/ and graph/generated/ there (never into a package).
ROOT = Path(__file__).resolve().parents[1]
#: The largest stored copy read (the UNODA timeline is about 0.9 MB; the IEADB extract 1.4 MB).
MAX_BYTES = 8 * 1024 * 1024


def tables(root: Path) -> Path:
    """The folder of the reviewed tables under a checkout."""
    return root / "graph" / "tables"


def read_table(path: Path) -> list[dict[str, str]]:
    """Read a tab-separated table with a header row."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def table_text(rows: Iterable[dict[str, str]], columns: tuple[str, ...]) -> str:
    """Rows as a tab-separated table with a header row; a cell's tabs and line breaks become single spaces.

    >>> table_text([{"iso3": "FRA", "note": "two\\tlines\\n"}], ("iso3", "note"))
    'iso3\\tnote\\nFRA\\ttwo lines\\n'
    """
    lines = ["\t".join(columns)]
    lines += ["\t".join(" ".join(row.get(column, "").split()) for column in columns) for row in rows]
    return "\n".join(lines) + "\n"


def participant_codes(root: Path) -> dict[str, str]:
    """Every name a participant goes by in the tables (UN name, alias, ISO names) -> ISO alpha-3."""
    import pycountry

    codes = {row["un_name"]: row["iso3"] for row in read_table(tables(root) / "states.tsv")}
    for row in read_table(tables(root) / "state-aliases.tsv"):
        codes.setdefault(row["alias"], row["iso3"])
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)):
            if name:
                codes.setdefault(name, country.alpha_3)
    return codes


def state_labels(root: Path) -> dict[str, str]:
    """Each state's label, by ISO alpha-3 (graph/tables/states.tsv)."""
    return {row["iso3"]: row["un_name"] for row in read_table(tables(root) / "states.tsv")}


def default_sources(root: Path = ROOT) -> Path:
    """``shared/sources/treaty-data`` beside the checkout (or beside a folder that holds it)."""
    for parent in root.parents:
        candidate = parent / "shared" / "sources" / "treaty-data"
        if candidate.is_dir():
            return candidate
    return root.parent / "shared" / "sources" / "treaty-data"


def read_bounded(path: Path) -> str:
    """The text of a stored copy, refusing anything larger than :data:`MAX_BYTES`."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SystemExit(f"{path}: {size} bytes, more than the {MAX_BYTES} this tool reads")
    return path.read_text(encoding="utf-8-sig")


def in_words(iso: str) -> str:
    """An ISO date in words.

    >>> in_words("1992-08-02")
    '2 August 1992'
    """
    date = dt.date.fromisoformat(iso)
    return f"{date.day} {date.strftime('%B')} {date.year}"
