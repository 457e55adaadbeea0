"""Pictures: the party-counts plot and the status map, their data, their files, and their errors."""

from __future__ import annotations

import functools
import io
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from support import run_armskg, run_cli

import armskg
from armskg import pictures
from armskg.errors import ArmskgError
from armskg.pictures import charts, common, maps, shapes

SVG = "{http://www.w3.org/2000/svg}"


def _svg(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(SVG + "text")]


def _fill(root: ET.Element, gid: str) -> str:
    """The fill colour of the element drawn for one state (a group whose id is its ISO alpha-3 code)."""
    group = next(g for g in root.iter(SVG + "g") if g.get("id") == gid)
    style = next(group.iter(SVG + "path")).get("style", "")
    return dict(part.strip().split(": ") for part in style.split(";") if ": " in part)["fill"]


@pytest.fixture(scope="module")
def europe_2026(kg: armskg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pictures") / "europe.svg"
    kg.plot_map("ottawa", out, as_of="2026-03-01", region="europe")
    return out


@pytest.fixture(scope="module")
def counts_svg(kg: armskg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pictures") / "counts.svg"
    kg.plot_party_counts("apmbc,ccm", out, as_of="2026-03-01")
    return out


# --- the data behind the pictures ---------------------------------------------------------------------

def test_party_counts_a_series_per_treaty(kg: armskg.KnowledgeGraph) -> None:
    series, day, _ = charts.party_counts(kg, ["ottawa", "apmbc,ccm"], "2026-03-01")
    assert day == "2026-03-01"
    assert [found.code for found, _ in series] == ["apmbc", "ccm"]  # an alias and its code are one treaty
    apmbc, ccm = (dict(points) for _, points in series)
    assert min(apmbc) == 1999 and max(apmbc) == 2026
    assert (apmbc[2024], apmbc[2025], apmbc[2026]) == (164, 163, 161)
    assert min(ccm) == 2010 and ccm[2024] - ccm[2025] == 1  # Lithuania left the CCM in 2025


@pytest.mark.parametrize(("day", "expected"), [
    ("2025-06-01", {"LTU": "party", "NOR": "party", "FIN": "party", "USA": "non-party"}),
    ("2025-09-01", {"LTU": "withdrawing", "NOR": "party", "FIN": "withdrawing"}),
    ("2026-03-01", {"LTU": "withdrawn", "NOR": "party", "POL": "withdrawn", "UKR": "party"}),
], ids=["before", "notified", "after"])
def test_statuses_on_a_date(kg: armskg.KnowledgeGraph, day: str, expected: dict[str, str]) -> None:
    found, status, as_of = maps.statuses(kg, "mine-ban", day)
    assert (found.code, as_of) == ("apmbc", day)
    assert {iso3: status[iso3] for iso3 in expected} == expected


def test_every_state_has_a_shape_on_the_map(kg: armskg.KnowledgeGraph) -> None:
    found = shapes.world_shapes()
    alpha2 = maps._alpha2(kg)
    assert len(alpha2) == 197
    assert sorted(iso3 for iso3, code in alpha2.items() if code not in found) == []


@pytest.mark.parametrize("iso3", ["TUV", "NRU", "MCO", "VAT", "KNA"])
def test_small_states_are_marked_by_a_circle(kg: armskg.KnowledgeGraph, iso3: str) -> None:
    assert shapes.world_shapes()[maps._alpha2(kg)[iso3]].centre is not None


# --- the SVG files --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("iso3", "status"), [("LTU", "withdrawn"), ("EST", "withdrawn"), ("FIN", "withdrawn"),
                                               ("POL", "withdrawn"), ("NOR", "party"), ("UKR", "party"),
                                               ("RUS", "non-party")])
def test_map_colours_each_state_by_its_status(europe_2026: Path, iso3: str, status: str) -> None:
    assert _fill(_svg(europe_2026), iso3) == maps.COLOURS[status]


def test_map_before_the_withdrawals(kg: armskg.KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    kg.plot_map("apmbc", out, as_of="2025-06-01", region="baltic")
    root = _svg(out)
    assert _fill(root, "LTU") == _fill(root, "NOR") == maps.COLOURS["party"]
    assert "Each state's status on 2025-06-01 · Baltic" in _texts(root)


def test_map_has_title_date_legend_and_source(europe_2026: Path) -> None:
    texts = _texts(_svg(europe_2026))
    assert "Anti-Personnel Mine Ban Convention (apmbc)" in texts
    assert "Each state's status on 2026-03-01 · Europe" in texts
    assert "withdrawn: 5" in texts
    shown = {"party", "withdrawn", "non-party"}   # in Europe on 1 March 2026; no other status is on the map
    for status in maps.STATUSES:
        assert any(t.startswith(maps.MEANINGS[status] + ": ") for t in texts) == (status in shown), status
    assert "Participation record: complete as at 2026-02-03." in texts
    assert "not a state in the graph" in texts
    assert any(t.startswith("Source: armskg") for t in texts)
    assert any(t.startswith("Boundaries: Wikimedia") for t in texts)


def test_world_map_counts_every_state(kg: armskg.KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "world.svg"
    kg.plot_map("apmbc", out, as_of="2026-03-01")
    texts = _texts(_svg(out))
    assert {"party: 161", "withdrawn: 5", "non-party: 31"} <= set(texts)
    assert not any(t.startswith("Not on the map") for t in texts)


def test_a_state_with_no_shape_is_named_under_the_map(kg: armskg.KnowledgeGraph, tmp_path: Path) -> None:
    found, status, day = maps.statuses(kg, "apmbc", "2026-03-01")
    alpha2 = {iso3: code for iso3, code in maps._alpha2(kg).items() if iso3 != "TUV"}
    # Tuvalu's region (a region's map draws in about half the time of the world's): the note is the same
    pictures.save(maps.status_map_figure(found, status, day, alpha2, "oceania"), tmp_path / "map.svg")
    texts = _texts(_svg(tmp_path / "map.svg"))
    assert "Not on the map (no shape for them): TUV." in texts


def test_plot_has_title_axes_legend_and_source(counts_svg: Path) -> None:
    root = _svg(counts_svg)
    texts = _texts(root)
    assert "Parties to each treaty" in texts
    assert "at the end of each year, up to 2026-03-01" in texts
    assert "Anti-Personnel Mine Ban Convention (apmbc)" in texts
    assert "Convention on Cluster Munitions (ccm)" in texts
    assert "parties" in texts and any(t.startswith("year (each point is 31 December") for t in texts)
    assert "161" in texts  # the last count, written at the end of its line
    assert {g.get("id") for g in root.iter(SVG + "g")} >= {"treaty-apmbc", "treaty-ccm"}


def test_plot_of_one_treaty_names_it_in_the_title(kg: armskg.KnowledgeGraph, tmp_path: Path) -> None:
    kg.plot_party_counts("ottawa", tmp_path / "one.svg", as_of="2026-03-01")
    assert "Parties to the Anti-Personnel Mine Ban Convention" in _texts(_svg(tmp_path / "one.svg"))


@pytest.fixture(scope="module")
def drawn_twice(kg: armskg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], list[bytes]]:
    """The bytes of a picture ("plot" or "map") drawn twice into two files of a format, memoised: the PNGs
    are also the ones test_png_renders reads (a PNG costs twice an SVG to draw)."""
    def draw(picture: str, fmt: str) -> list[bytes]:
        files = [tmp_path_factory.mktemp("twice") / f"{n}.{fmt}" for n in (1, 2)]
        for out in files:
            if picture == "plot":
                kg.plot_party_counts(["apmbc", "ccm"], out, as_of="2026-03-01")
            else:
                kg.plot_map("apmbc", out, as_of="2026-03-01", region="baltic")
        return [f.read_bytes() for f in files]

    return functools.cache(draw)


@pytest.mark.parametrize("fmt", ["svg", "png"])
@pytest.mark.parametrize("picture", ["plot", "map"])
def test_output_is_deterministic(drawn_twice: Callable[[str, str], list[bytes]], picture: str, fmt: str) -> None:
    first, second = drawn_twice(picture, fmt)
    assert first == second
    assert b"Matplotlib v" not in first and b"<dc:date>" not in first


@pytest.mark.parametrize("picture", ["plot", "map"])
def test_png_renders(drawn_twice: Callable[[str, str], list[bytes]], picture: str) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(drawn_twice(picture, "png")[0])) as image:
        assert image.format == "PNG" and image.width >= 1000
        assert len(image.convert("RGB").getcolors(1 << 20) or []) > 10  # drawn, not blank


def test_figure_is_returned_without_a_file(kg: armskg.KnowledgeGraph) -> None:
    figure = kg.plot_map("apmbc", as_of="2026-03-01", region="europe")
    assert {a.get_gid() for a in figure.axes[0].patches} >= {"LTU", "NOR"}


@pytest.mark.parametrize(("day", "noted"), [("2026-02-03", []), ("2026-03-01", ["apmbc", "ccm"])],
                         ids=["on-the-records-day", "past-the-records"])
def test_a_plot_past_the_record_says_so_as_the_query_does(kg: armskg.KnowledgeGraph, day: str, noted: list[str]) -> None:
    """The plot drew 2026's count a month past the Convention's record with no word of it, where the
    party-counts query it draws (and the map's footer) says so: the query's notes are in the plot's footer."""
    series, _, notes = charts.party_counts(kg, "apmbc,ccm", day)
    assert notes == [n for code in ("apmbc", "ccm") for n in kg.query("party-counts", treaty=code, as_of=day).notes]
    assert [n.split("(", 1)[1].split(")", 1)[0] for n in notes] == noted
    footer = [t.get_text() for t in charts.party_counts_figure(series, day, notes).texts][-1]
    assert all(f"Note: {n}." in " ".join(footer.splitlines()) for n in notes)


# --- errors ---------------------------------------------------------------------------------------------

ERRORS = {
    "unknown treaty": (["map", "-p", "treaty=otawa"], "unknown treaty 'otawa'; did you mean"),
    "bad date": (["map", "-p", "treaty=apmbc", "--as-of", "2026-02-30"], "bad --as-of"),
    "unknown region": (["map", "-p", "treaty=apmbc", "--region", "europa"], "unknown region 'europa'; did you mean"),
    "two treaties on a map": (["map", "-p", "treaty=apmbc,ccm"], "a map shows one treaty"),
    "unknown parameter": (["plot", "party-counts", "-p", "state=LTU"], "unknown parameter 'state'"),
    "no treaty": (["plot", "party-counts"], "name a treaty to plot"),
    "before entry into force": (["plot", "party-counts", "-p", "treaty=ccm", "--as-of", "2001-01-01"],
                                "nothing to plot"),
    "a partial record": (["plot", "party-counts", "-p", "treaty=apmbc,ost"], "needs a complete participation record"),
    # two dates: one was drawn silently (the first given), where the query command refuses them
    "two dates": (["map", "-p", "treaty=apmbc", "-p", "as_of=2000-01-01", "--as-of", "2020-01-01"], "two dates"),
    "a date given twice": (["plot", "party-counts", "-p", "treaty=apmbc", "-p", "as_of=2000-01-01", "-p",
                            "as_of=2020-01-01"], "two dates"),
}


@pytest.mark.parametrize(("args", "message"), list(ERRORS.values()), ids=list(ERRORS))
def test_bad_input_is_one_line_exit_2_and_no_file(counts_svg: Path, tmp_path: Path, args: list[str],
                                                  message: str) -> None:
    out = tmp_path / "picture.svg"
    out.write_bytes(counts_svg.read_bytes())  # an old picture armskg drew, which a good run would replace
    done = run_cli(*args, "-o", str(out))
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert out.read_bytes() == counts_svg.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["picture.svg"]


@pytest.mark.parametrize(("name", "message"), [("map.pdf", "must end in .svg or .png"), ("map", "must end in"),
                                                ("missing/map.svg", "no writable folder")],
                         ids=["extension", "no extension", "no folder"])
def test_bad_output_is_refused(tmp_path: Path, name: str, message: str) -> None:
    done = run_cli("map", "-p", "treaty=apmbc", "-o", str(tmp_path / name))
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_no_file(kg: armskg.KnowledgeGraph, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    figure = kg.plot_party_counts("apmbc", as_of="2026-03-01")
    real_replace = os.replace

    def fail(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ArmskgError, match="No space left on device"):
        pictures.save(figure, tmp_path / "counts.png")
    monkeypatch.setattr(os, "replace", real_replace)
    assert list(tmp_path.iterdir()) == []


def test_missing_extra_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else real(name, *a))
    with pytest.raises(ArmskgError, match=r"pip install 'armskg\[pictures\]'"):
        common._matplotlib()


def test_region_help_names_every_region() -> None:
    done = run_cli("map", "--help")
    assert all(region in done.stdout for region in pictures.REGIONS)


# --- the command line -----------------------------------------------------------------------------------

def test_cli_plot_and_map(tmp_path: Path) -> None:
    plot = run_armskg("plot", "party-counts", "-p", "treaty=apmbc", "-p", "treaty=ccm", "--as-of", "2026-03-01",
                   "-o", str(tmp_path / "counts.svg"))
    assert plot.returncode == 0, plot.stderr
    assert plot.stdout.startswith("wrote ")
    assert "Convention on Cluster Munitions (ccm)" in _texts(_svg(tmp_path / "counts.svg"))
    done = run_armskg("map", "-p", "treaty=apmbc", "--as-of", "2026-03-01", "--region", "Europe",
                   "-o", str(tmp_path / "map.png"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "map.png").read_bytes().startswith(b"\x89PNG")


# --- reading the shipped world map ----------------------------------------------------------------------

@pytest.mark.parametrize(("d", "vertices", "codes"), [
    ("M 1,2 L 3,4 Z", [(1, 2), (3, 4), (1, 2)], [1, 2, 79]),
    ("m 1,2 3,4 h 5 v -1 z", [(1, 2), (4, 6), (9, 6), (9, 5), (1, 2)], [1, 2, 2, 2, 79]),
    ("m 0,0 c 1,1 2,2 3,3", [(0, 0), (1, 1), (2, 2), (3, 3)], [1, 4, 4, 4]),
    ("M1e1-2H0V.5", [(10, -2), (0, -2), (0, 0.5)], [1, 2, 2]),
], ids=["absolute", "relative", "cubic", "compact numbers"])
def test_svg_path_data(d: str, vertices: list[tuple[float, float]], codes: list[int]) -> None:
    points, kinds = shapes._path(d)
    assert ([tuple(v) for v in points.tolist()], kinds.tolist()) == (vertices, codes)


def test_unreadable_path_is_an_error() -> None:
    with pytest.raises(ArmskgError, match="command 'A'"):
        shapes._path("M 0,0 A 1 1 0 0 1 2 2")
