"""Where the stakeholder map draws each dot: a pure function of the scores, tested directly.

The plot is a 5 x 5 grid of cells, one per (influence, interest) score. A dot is drawn
wholly inside its score's cell: alone, at the cell's centre (on both ticks); several
that share a score are fanned out in a grid around that centre, smaller when the cell
is crowded. So no dot ever sits on or across a quadrant line. The quadrant lines run
between scores 2 and 3 on both axes: 3 and above counts as high (`quadrant`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SCALE = 5  # scores run 1-5 on both axes
HIGH_FROM = 3  # a score of 3 or more is high influence or high interest
QUADRANTS = {
    (True, True): "Manage closely",
    (True, False): "Keep satisfied",
    (False, True): "Keep informed",
    (False, False): "Monitor",
}
# Dot radius and centre-to-centre spacing, largest first: a crowded cell uses smaller dots.
SIZES = ((6.5, 14.0), (5.0, 11.0))
GAP = 1.0  # between a dot and its cell's edge


@dataclass(frozen=True)
class MapPoint:
    """One organisation on the stakeholder map; a score of None is not yet rated."""

    label: str
    influence: int | None  # 1-5, vertical
    interest: int | None  # 1-5, horizontal
    stance: str

    @property
    def rated(self) -> bool:
        return _valid(self.influence) and _valid(self.interest)


def _valid(score: int | None) -> bool:
    return isinstance(score, int) and 1 <= score <= SCALE


def quadrant(influence: int, interest: int) -> str:
    """The map quadrant's advice: 3 and above counts as high on a 1-5 scale."""
    return QUADRANTS[(influence >= HIGH_FROM, interest >= HIGH_FROM)]


@dataclass(frozen=True)
class Grid:
    """The plot's position on the drawing: its bottom-left corner and one cell's size."""

    left: float
    bottom: float
    cell: float
    label_strip: float = 13.0  # the top of each quadrant keeps room for its name

    @property
    def size(self) -> float:
        return self.cell * SCALE

    @property
    def split(self) -> float:
        """Distance from the left (or bottom) edge to the quadrant lines."""
        return (HIGH_FROM - 1) * self.cell

    def centre(self, score: int) -> float:
        """Offset of a score's tick (its cell's middle) from the plot's edge."""
        return (score - 0.5) * self.cell

    def cell_box(self, influence: int, interest: int) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of a score's cell."""
        x0 = self.left + (interest - 1) * self.cell
        y0 = self.bottom + (influence - 1) * self.cell
        return x0, y0, x0 + self.cell, y0 + self.cell

    def under_label(self, influence: int) -> bool:
        """Whether a row of cells starts a quadrant from the top (its name is drawn there)."""
        return influence in (SCALE, HIGH_FROM - 1)


@dataclass(frozen=True)
class Dot:
    """One drawn dot: its number in the key, the point, its centre and radius."""

    number: int
    point: MapPoint
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class Overflow:
    """A '+N' marker where a cell holds more dots than fit."""

    count: int
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class MapLayout:
    """Every dot's position, the markers for crowded cells, and the unrated points."""

    dots: list[Dot]
    overflows: list[Overflow]
    unrated: list[MapPoint]


def map_key(points: list[MapPoint]) -> list[tuple[int, MapPoint]]:
    """Number the rated points in reading order: most influential first, then by name."""
    rated = [p for p in points if p.rated]
    ordered = sorted(rated, key=lambda p: (-p.influence, -p.interest, p.label.casefold()))
    return list(enumerate(ordered, start=1))


def unrated(points: list[MapPoint]) -> list[MapPoint]:
    """Points without both scores, by name: listed beside the map, never plotted."""
    return sorted((p for p in points if not p.rated), key=lambda p: p.label.casefold())


def _fit(count: int, width: float, height: float) -> tuple[int, int, float, float]:
    """(columns, rows, radius, spacing) of the largest dots that fit `count` in the box
    of allowed centres; the smallest size (with fewer slots) when none does."""
    for r, step in SIZES:
        cols = max(1, int((width - 2 * r) // step) + 1)
        rows = max(1, int((height - 2 * r) // step) + 1)
        if cols * rows >= count:
            want_cols = min(cols, math.ceil(math.sqrt(count)))
            return want_cols, math.ceil(count / want_cols), r, step
    return cols, rows, r, step


def _cell_layout(
    grid: Grid, influence: int, interest: int, count: int
) -> tuple[list[tuple[float, float]], float, int]:
    """Centres for up to `count` dots in one cell, their radius, and how many did not fit."""
    x0, y0, x1, y1 = grid.cell_box(influence, interest)
    top = y1 - (grid.label_strip if grid.under_label(influence) else 0)
    cols, rows, r, step = _fit(count, x1 - x0 - 2 * GAP, top - y0 - 2 * GAP)
    slots = cols * rows
    shown = count if count <= slots else slots - 1  # the last slot says "+N"
    cx, cy = x0 + grid.cell / 2, y0 + grid.cell / 2
    # Centre the block on the ticks, then slide it down just enough to clear the label.
    half_h = (rows - 1) * step / 2
    cy = min(cy, top - GAP - r - half_h)
    cy = max(cy, y0 + GAP + r + half_h)
    centres = []
    for index in range(min(count, slots)):
        row, col = divmod(index, cols)
        in_row = min(cols, min(count, slots) - row * cols)
        x = cx + (col - (in_row - 1) / 2) * step
        y = cy + half_h - row * step
        centres.append((x, y))
    return centres, r, count - shown


def layout(points: list[MapPoint], grid: Grid) -> MapLayout:
    """Every rated point's dot, inside its score's cell, numbered as in the key."""
    cells: dict[tuple[int, int], list[tuple[int, MapPoint]]] = {}
    for number, point in map_key(points):
        cells.setdefault((point.influence, point.interest), []).append((number, point))
    dots: list[Dot] = []
    overflows: list[Overflow] = []
    for (influence, interest), group in cells.items():
        centres, r, hidden = _cell_layout(grid, influence, interest, len(group))
        shown = len(group) - hidden
        for (number, point), (x, y) in zip(group[:shown], centres, strict=False):
            dots.append(Dot(number, point, x, y, r))
        if hidden:
            x, y = centres[-1]
            overflows.append(Overflow(hidden, x, y, r))
    return MapLayout(dots, overflows, unrated(points))
