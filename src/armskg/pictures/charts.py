"""A treaty's parties at the end of each year, a line per treaty (the ``party-counts`` query)."""

from __future__ import annotations

import datetime as dt
import os

from armskg.errors import ArmskgError
from armskg.pictures.common import (
    Treaty,
    _day,
    _footer,
    _matplotlib,
    _source,
    _style,
    _titles,
    output_path,
    save,
    treaty,
    treaty_list,
)

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterable

    from matplotlib.figure import Figure

    from armskg.pictures.common import Graph


def party_counts(kg: Graph, treaties: str | Iterable[str], as_of: str | dt.date | None = None
                 ) -> tuple[list[tuple[Treaty, list[tuple[int, int]]]], str, list[str]]:
    """Parties at the end of each year for each treaty (the ``party-counts`` query), the as-of date, and the
    query's notes (a treaty's record read before that date)."""
    chosen: dict[str, Treaty] = {}
    for name in treaty_list(treaties):
        found = treaty(kg, name)
        chosen.setdefault(found.code, found)
    if not chosen:
        raise ArmskgError("name a treaty to plot: -p treaty=apmbc (several: -p treaty=apmbc,ccm)")
    day = _day(as_of)
    series, notes = [], []
    for found in chosen.values():
        rows = kg.query("party-counts", treaty=found.code, as_of=day)
        series.append((found, [(int(str(r["year"])), int(str(r["parties"]))) for r in rows]))
        notes += rows.notes
    if not any(points for _, points in series):
        raise ArmskgError(f"nothing to plot: {', '.join(chosen)} had not entered into force by {day}")
    return series, day, notes

def plot_party_counts(kg: Graph, treaties: str | Iterable[str], output: str | os.PathLike[str] | None = None, *,
                      as_of: str | dt.date | None = None) -> Figure:
    """Plot how many parties each treaty had at the end of each year, and write it if ``output`` is given."""
    if output is not None:
        output_path(output)
    _matplotlib()
    figure = party_counts_figure(*party_counts(kg, treaties, as_of))
    if output is not None:
        save(figure, output)
    return figure

def party_counts_figure(series: list[tuple[Treaty, list[tuple[int, int]]]], day: str,
                        notes: list[str] | None = None) -> Figure:
    """A line per treaty: parties on 31 December of each year, the last point on the as-of date; under it,
    the notes the query gives (a record read before the as-of date), as the command line prints them."""
    from textwrap import wrap

    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    lines = [line for note in notes or [] for line in wrap(f"Note: {note}.", 140)]  # 140: the footer's width
    with _style():
        figure = Figure(figsize=(8.0, 4.8))
        lift = 0.03 * len(lines)  # room for the notes' lines in the footer
        axes = figure.add_axes((0.08, 0.2 + lift, 0.82, 0.64 - lift))
        for found, points in series:
            label = f"{found.label} ({found.code})" + ("" if points else f": not in force by {day}")
            years, counts = [p[0] for p in points], [p[1] for p in points]
            (line,) = axes.plot(years, counts, marker="o", markersize=3, linewidth=1.6, label=label,
                                gid=f"treaty-{found.code}")
            if points:
                axes.annotate(str(counts[-1]), (years[-1], counts[-1]), xytext=(4, 0), textcoords="offset points",
                              va="center", color=line.get_color())
        axes.set_ylim(bottom=0)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.grid(axis="y", color="#e6e6e6", linewidth=0.8)
        axes.set_xlabel(f"year (each point is 31 December; the last is {day})")
        axes.set_ylabel("parties")
        axes.legend(loc="best", frameon=False)
        title = f"Parties to the {series[0][0].label}" if len(series) == 1 else "Parties to each treaty"
        _titles(figure, 4.8, title, f"at the end of each year, up to {day}")
        _footer(figure, 4.8, [_source(), *lines])
    return figure
