"""The stakeholder map draws every dot inside its score's cell (issue 14, point 1)."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime
from itertools import product

import pytest

from crm.reports.map_layout import Grid, MapPoint, layout, map_key, quadrant
from crm.reports.stakeholder_map import grid_for, map_description, stakeholder_map
from tests.reports.test_report_routes import demo_ids  # noqa: F401 - the demo fixture

GRID = Grid(left=40, bottom=62, cell=256 / 5)


def _cell_of(grid: Grid, x: float, y: float) -> tuple[int, int]:
    """The (influence, interest) score whose cell holds the point (x, y)."""
    return int((y - grid.bottom) // grid.cell) + 1, int((x - grid.left) // grid.cell) + 1


def _quadrant_at(grid: Grid, x: float, y: float) -> str:
    """The quadrant the drawing shades at (x, y), from where the lines are drawn."""
    high_interest = x > grid.left + grid.split
    high_influence = y > grid.bottom + grid.split
    return quadrant(3 if high_influence else 1, 3 if high_interest else 1)


def _assert_inside(grid: Grid, dot) -> None:
    x0, y0, x1, y1 = grid.cell_box(dot.point.influence, dot.point.interest)
    assert x0 < dot.x - dot.r and dot.x + dot.r < x1, dot
    assert y0 < dot.y - dot.r and dot.y + dot.r < y1, dot
    # Both edges of the dot are on its score's side of each quadrant line.
    for dx, dy in ((-dot.r, -dot.r), (dot.r, dot.r)):
        assert _quadrant_at(grid, dot.x + dx, dot.y + dy) == quadrant(
            dot.point.influence, dot.point.interest
        )


def test_a_lone_dot_sits_on_both_of_its_ticks():
    for influence, interest in product(range(1, 6), repeat=2):
        (dot,) = layout([MapPoint("A", influence, interest, "unknown")], GRID).dots
        assert dot.x == pytest.approx(GRID.left + GRID.centre(interest))
        assert dot.y == pytest.approx(GRID.bottom + GRID.centre(influence))
        assert _cell_of(GRID, dot.x, dot.y) == (influence, interest)


def test_st_brigids_at_one_one_is_drawn_at_one_one_not_left_of_the_tick():
    (dot,) = layout([MapPoint("St Brigid's Parish Hall", 1, 1, "unknown")], GRID).dots
    # In tick units (1 = the first tick): the issue saw it at (0.65, 1.35).
    assert (dot.x - GRID.left) / GRID.cell + 0.5 == pytest.approx(1)
    assert (dot.y - GRID.bottom) / GRID.cell + 0.5 == pytest.approx(1)


@pytest.mark.parametrize("count", [2, 3, 4, 6, 7, 9, 10, 12, 16, 17, 40])
def test_dots_sharing_a_score_fan_out_within_the_cell(count):
    for influence, interest in product(range(1, 6), repeat=2):
        points = [MapPoint(f"Org {i}", influence, interest, "unknown") for i in range(count)]
        placed = layout(points, GRID)
        for dot in placed.dots:
            _assert_inside(GRID, dot)
        centres = [(d.x, d.y) for d in placed.dots] + [(o.x, o.y) for o in placed.overflows]
        assert len(set(centres)) == len(centres)  # no two dots on top of each other
        for (ax, ay), (bx, by) in product(centres, repeat=2):
            if (ax, ay) != (bx, by):
                assert ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 >= 2 * placed.dots[0].r
        shown = len(placed.dots) + sum(o.count for o in placed.overflows)
        assert shown == count  # a crowded cell says "+N" rather than dropping dots


def test_an_interest_of_three_is_high_and_drawn_right_of_the_quadrant_line():
    points = [MapPoint(f"Org {i}", 3, 3, "unknown") for i in range(5)]
    for dot in layout(points, GRID).dots:
        assert dot.x - dot.r > GRID.left + GRID.split
        assert dot.y - dot.r > GRID.bottom + GRID.split
        assert quadrant(3, 3) == "Manage closely"


def test_the_quadrant_lines_sit_between_two_and_three():
    grid = grid_for(330)
    assert grid.split == pytest.approx(2 * grid.cell)
    assert quadrant(2, 2) == "Monitor" and quadrant(3, 2) == "Keep satisfied"
    assert quadrant(2, 3) == "Keep informed" and quadrant(3, 3) == "Manage closely"


def test_dots_in_a_quadrants_top_row_leave_the_quadrant_name_clear():
    points = [MapPoint(f"Org {i}", 5, 1, "unknown") for i in range(6)]
    x0, y0, x1, y1 = GRID.cell_box(5, 1)
    for dot in layout(points, GRID).dots:
        assert dot.y + dot.r <= y1 - GRID.label_strip


def test_unrated_stakes_stay_off_the_grid_and_are_listed():
    points = [
        MapPoint("Rated", 4, 2, "supportive"),
        MapPoint("Never rated", None, None, "unknown"),
        MapPoint("Half rated", 3, None, "unknown"),
    ]
    placed = layout(points, GRID)
    assert [d.point.label for d in placed.dots] == ["Rated"]
    assert [p.label for p in placed.unrated] == ["Half rated", "Never rated"]
    assert [p.label for _n, p in map_key(points)] == ["Rated"]
    text = map_description(points)
    assert "Rated: influence 4, interest 2" in text
    assert "not on the map: Half rated, Never rated" in text
    strings = [getattr(s, "text", "") for s in stakeholder_map(points).contents]
    assert "Not yet rated (not on the map)" in strings and "Never rated" in strings


def test_the_drawing_draws_the_circles_the_layout_computes():
    from reportlab.graphics.shapes import Circle

    points = [MapPoint(f"Org {i}", 1 + i % 5, 1 + i // 5 % 5, "neutral") for i in range(30)]
    drawn = sorted(
        (round(c.cx, 3), round(c.cy, 3))
        for c in stakeholder_map(points).contents
        if isinstance(c, Circle)
    )
    placed = layout(points, grid_for(330))
    assert drawn == sorted((round(d.x, 3), round(d.y, 3)) for d in placed.dots)


def _words(pdf: bytes, tmp_path) -> list[tuple[str, float, float]]:
    """Every word of the first page with its centre, from poppler's pdftotext -bbox."""
    path = tmp_path / "map.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = []
    pattern = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    for x0, y0, x1, y1, text in re.findall(pattern, html):
        words.append((text, (float(x0) + float(x1)) / 2, (float(y0) + float(y1)) / 2))
    return words


def test_in_the_pdf_each_dot_number_sits_over_its_ticks(tmp_path):
    from crm.reports.pdf import build_pdf

    points = [
        MapPoint("St Brigid's Parish Hall", 1, 1, "unknown"),
        MapPoint("Mind in Eastbrook", 3, 3, "concerned"),
        MapPoint("Vale Homes", 5, 4, "neutral"),
    ]
    pdf = build_pdf("Map", "", [stakeholder_map(points)], datetime(2026, 11, 28))
    words = _words(pdf, tmp_path)
    axis = next(y for text, _x, y in words if text == "Interest")
    ticks_x = {t: x for t, x, y in words if t in "12345" and axis - 20 < y < axis}
    left_ticks = sorted((x, t, y) for t, x, y in words if t in "12345" and y < axis - 20)
    tick_x_left = left_ticks[0][0]
    ticks_y = {t: y for x, t, y in left_ticks if abs(x - tick_x_left) < 1}
    assert len(ticks_x) == 5 and len(ticks_y) == 5
    plot_right = max(ticks_x.values()) + 30
    tick_row = min(y for t, x, y in words if t in "12345" and axis - 20 < y < axis)
    dots = {
        t: (x, y)
        for t, x, y in words
        if t in "123" and tick_x_left + 5 < x < plot_right and y < tick_row - 5
    }
    # Numbered most influential first: 1 Vale Homes (5, 4), 2 Mind (3, 3), 3 St Brigid's (1, 1).
    for number, (influence, interest) in {"1": (5, 4), "2": (3, 3), "3": (1, 1)}.items():
        x, y = dots[number]
        assert x == pytest.approx(ticks_x[str(interest)], abs=2)
        assert y == pytest.approx(ticks_y[str(influence)], abs=3)


def test_the_web_svg_draws_each_dot_in_its_cell(app, client, login_as, demo_ids):  # noqa: F811
    """The page's map.svg puts every demo dot in its cell (the SVG flips its y axis with a
    transform on the group, so circles keep the drawing's coordinates)."""
    from crm.core.extensions import db
    from crm.reports.proposal_summary import map_points

    proposal_id, _organisation_id = demo_ids
    login_as("viewer")
    svg = client.get(f"/proposals/{proposal_id}/map.svg").get_data(as_text=True)
    drawn = sorted(
        (round(float(x), 1), round(float(y), 1))
        for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    )
    with app.app_context():
        from crm.proposals.models import Proposal

        points = map_points(db.session.get(Proposal, proposal_id))
    grid = grid_for(330)
    placed = layout(points, grid)
    assert drawn == sorted((round(d.x, 1), round(d.y, 1)) for d in placed.dots)
    for dot in placed.dots:
        _assert_inside(grid, dot)
