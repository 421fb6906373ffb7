"""The stakeholder map: influence against interest, a numbered dot per organisation
coloured by stance, a key beside it and a text alternative (DESIGN.md section 5)."""

from __future__ import annotations

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from crm.reports.charts import rotated_label
from crm.reports.fonts import FONT, FONT_BOLD, pdf_text, register_fonts
from crm.reports.map_layout import (
    QUADRANTS,
    Grid,
    MapPoint,
    layout,
    map_key,
    quadrant,
    unrated,
)

__all__ = [
    "MapPoint",
    "key_lines",
    "map_description",
    "map_items",
    "map_key",
    "quadrant",
    "stakeholder_map",
    "unrated",
]

STANCE_COLOURS = {
    "supportive": colors.HexColor("#1a7f37"),
    "neutral": colors.HexColor("#6e7781"),
    "concerned": colors.HexColor("#bf8700"),
    "opposed": colors.HexColor("#cf222e"),
    "unknown": colors.HexColor("#0969da"),
}
STANCE_LABELS = {
    "supportive": "Supportive",
    "neutral": "Neutral",
    "concerned": "Concerned",
    "opposed": "Opposed",
    "unknown": "Unknown",
}


def key_lines(label: str, width: float, font_size: float = 7, most: int = 2) -> list[str]:
    """A key entry wrapped by words to `width` points, in at most `most` lines (… if cut)."""
    lines: list[str] = []
    words = pdf_text(label).split()
    while words and len(lines) < most:
        line = words.pop(0)
        while words and stringWidth(f"{line} {words[0]}", FONT, font_size) <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words or (lines and stringWidth(lines[-1], FONT, font_size) > width):
        last = lines[-1]
        while last and stringWidth(last + "…", FONT, font_size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines or [""]


def grid_for(height: float = 330) -> Grid:
    """Where the plot sits on a drawing of this height (the key and legend take the rest)."""
    bottom = 62
    return Grid(left=40, bottom=bottom, cell=(height - bottom - 12) / 5)


def stakeholder_map(points: list[MapPoint], width: float = 500, height: float = 330) -> Drawing:
    """Influence (up) by interest (across): numbered dots coloured by stance, with a key."""
    register_fonts()
    grey = colors.HexColor("#57606a")
    line = colors.HexColor("#8c959f")
    drawing = Drawing(width, height)
    grid = grid_for(height)
    left, bottom, plot = grid.left, grid.bottom, grid.size
    top, right, split = bottom + plot, left + plot, grid.split
    shades = {
        (True, True): "#fdecea",
        (True, False): "#fff4d6",
        (False, True): "#e8f1fd",
        (False, False): "#f3f4f6",
    }
    for (high_inf, high_int), shade in shades.items():
        x, w = (left + split, plot - split) if high_int else (left, split)
        y, h = (bottom + split, plot - split) if high_inf else (bottom, split)
        drawing.add(Rect(x, y, w, h, fillColor=colors.HexColor(shade), strokeColor=None))
        name = QUADRANTS[(high_inf, high_int)]
        drawing.add(
            String(x + 4, y + h - 10, name, fontName=FONT_BOLD, fontSize=7.5, fillColor=grey)
        )
    drawing.add(Rect(left, bottom, plot, plot, fillColor=None, strokeColor=line, strokeWidth=0.8))
    drawing.add(
        Line(left + split, bottom, left + split, top, strokeColor=line, strokeDashArray=[3, 3])
    )
    drawing.add(
        Line(left, bottom + split, right, bottom + split, strokeColor=line, strokeDashArray=[3, 3])
    )
    for value in range(1, 6):
        centre = grid.centre(value)
        for x, y in ((left + centre, bottom - 11), (left - 7, bottom + centre - 3)):
            drawing.add(String(x, y, str(value), fontName=FONT, fontSize=7.5, textAnchor="middle"))
    drawing.add(
        String(
            left + plot / 2,
            bottom - 24,
            "Interest in the proposal →",
            fontName=FONT,
            fontSize=8,
            textAnchor="middle",
        )
    )
    drawing.add(rotated_label("Influence over the decision →", left - 22, bottom + plot / 2))
    placed = layout(points, grid)
    for dot in placed.dots:
        colour = STANCE_COLOURS.get(dot.point.stance, STANCE_COLOURS["unknown"])
        _disc(drawing, dot.x, dot.y, dot.r, colour, str(dot.number))
    for more in placed.overflows:
        _disc(drawing, more.x, more.y, more.r, grey, f"+{more.count}")
    _key(drawing, map_key(points), placed.unrated, right + 14, top - 2, width, bottom)
    legend = Legend()
    legend.x, legend.y = left, 14
    legend.fontName, legend.fontSize = FONT, 7.5
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 78
    legend.colorNamePairs = [(STANCE_COLOURS[key], STANCE_LABELS[key]) for key in STANCE_COLOURS]
    drawing.add(legend)
    return drawing


def _disc(drawing: Drawing, x: float, y: float, r: float, colour, text: str) -> None:
    """A filled dot with its number (or '+N') in white."""
    size = 6.5 if r >= 6 else 5.2
    drawing.add(Circle(x, y, r, fillColor=colour, strokeColor=colors.white, strokeWidth=0.6))
    drawing.add(
        String(
            x,
            y - size * 0.37,
            text,
            fontName=FONT_BOLD,
            fontSize=size,
            fillColor=colors.white,
            textAnchor="middle",
        )
    )


def _key(drawing, numbered, not_rated, key_x, key_top, width, bottom) -> None:
    """The key: each dot's number and organisation, then those not yet rated."""
    grey = colors.HexColor("#57606a")
    rows_fit = int((key_top - bottom + 40) // 10)
    drawing.add(String(key_x, key_top, "Key", fontName=FONT_BOLD, fontSize=8))
    entries = [(str(number), point) for number, point in numbered]
    heading_at = len(entries)
    entries += [("–", point) for point in not_rated]
    row, shown = 0, 0
    for index, (mark, point) in enumerate(entries):
        lines = key_lines(point.label, width - key_x - 18)
        extra = 1 if index == heading_at else 0
        last_entry = index == len(entries) - 1
        if row + extra + len(lines) > rows_fit - (0 if last_entry else 1):
            break  # keep a row for "... and N more"
        if extra:
            y = key_top - 11 - row * 10
            drawing.add(
                String(key_x, y, "Not yet rated (not on the map)", fontName=FONT_BOLD, fontSize=7)
            )
            row += 1
        y = key_top - 11 - row * 10
        drawing.add(String(key_x, y, mark, fontName=FONT_BOLD, fontSize=7))
        for text in lines:
            y = key_top - 11 - row * 10
            drawing.add(String(key_x + 14, y, text, fontName=FONT, fontSize=7))
            row += 1
        shown += 1
    if shown < len(entries):
        y = key_top - 11 - row * 10
        drawing.add(
            String(
                key_x,
                y,
                f"… and {len(entries) - shown} more: see the table",
                fontName=FONT,
                fontSize=7,
                fillColor=grey,
            )
        )


def map_items(points: list[MapPoint]) -> list[str]:
    """Each dot in words, numbered as in the key: 'St Brigid's Parish Hall: influence 1,
    interest 1 (monitor), unknown'."""
    return [
        f"{p.label}: influence {p.influence}, interest {p.interest} "
        f"({quadrant(p.influence, p.interest).lower()}), "
        f"{STANCE_LABELS.get(p.stance, p.stance).lower()}"
        for _number, p in map_key(points)
    ]


def map_description(points: list[MapPoint]) -> str:
    """A text alternative for screen readers: every organisation with its quadrant and stance."""
    if not points:
        return "No organisations have a stake yet."
    parts = [f"{number}. {item}" for number, item in enumerate(map_items(points), start=1)]
    text = "Stakeholder map. " + ("; ".join(parts) + "." if parts else "No dots yet.")
    waiting = unrated(points)
    if waiting:
        names = ", ".join(p.label for p in waiting)
        text += f" Not yet rated for influence and interest, so not on the map: {names}."
    return text
