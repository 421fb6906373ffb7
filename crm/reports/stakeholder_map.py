"""The stakeholder map: influence against interest, a numbered dot per organisation
coloured by stance, a key beside it and a text alternative (DESIGN.md section 5)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from crm.reports.charts import rotated_label
from crm.reports.pdf import FONT, FONT_BOLD, register_fonts

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
QUADRANTS = {
    (True, True): "Manage closely",
    (True, False): "Keep satisfied",
    (False, True): "Keep informed",
    (False, False): "Monitor",
}


@dataclass(frozen=True)
class MapPoint:
    """One organisation on the stakeholder map."""

    label: str
    influence: int  # 1-5, vertical
    interest: int  # 1-5, horizontal
    stance: str


def quadrant(influence: int, interest: int) -> str:
    """The map quadrant's advice: 3 and above counts as high on a 1-5 scale."""
    return QUADRANTS[(influence >= 3, interest >= 3)]


def key_lines(label: str, width: float, font_size: float = 7, most: int = 2) -> list[str]:
    """A key entry wrapped by words to `width` points, in at most `most` lines (… if cut)."""
    lines: list[str] = []
    words = label.split()
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


def map_key(points: list[MapPoint]) -> list[tuple[int, MapPoint]]:
    """Number the points in reading order: most influential first, then by name."""
    ordered = sorted(points, key=lambda p: (-p.influence, -p.interest, p.label.casefold()))
    return list(enumerate(ordered, start=1))


def stakeholder_map(points: list[MapPoint], width: float = 500, height: float = 330) -> Drawing:
    """Influence (up) by interest (across): numbered dots coloured by stance, with a key."""
    register_fonts()
    grey = colors.HexColor("#57606a")
    drawing = Drawing(width, height)
    left, bottom = 40, 62
    plot_w = plot_h = height - bottom - 12
    top, right = bottom + plot_h, left + plot_w
    cell = plot_w / 5
    split = 2 * cell  # 1-2 is low, 3-5 is high
    shades = {
        (True, True): "#fdecea",
        (True, False): "#fff4d6",
        (False, True): "#e8f1fd",
        (False, False): "#f3f4f6",
    }
    for (high_inf, high_int), shade in shades.items():
        x, w = (left + split, plot_w - split) if high_int else (left, split)
        y, h = (bottom + split, plot_h - split) if high_inf else (bottom, split)
        drawing.add(Rect(x, y, w, h, fillColor=colors.HexColor(shade), strokeColor=None))
        drawing.add(
            String(
                x + 4,
                y + h - 11,
                QUADRANTS[(high_inf, high_int)],
                fontName=FONT_BOLD,
                fontSize=7.5,
                fillColor=grey,
            )
        )
    drawing.add(
        Rect(
            left,
            bottom,
            plot_w,
            plot_h,
            fillColor=None,
            strokeColor=colors.HexColor("#8c959f"),
            strokeWidth=0.8,
        )
    )
    drawing.add(
        Line(
            left + split,
            bottom,
            left + split,
            top,
            strokeColor=colors.HexColor("#8c959f"),
            strokeDashArray=[3, 3],
        )
    )
    drawing.add(
        Line(
            left,
            bottom + split,
            right,
            bottom + split,
            strokeColor=colors.HexColor("#8c959f"),
            strokeDashArray=[3, 3],
        )
    )
    for value in range(1, 6):
        centre = (value - 0.5) * cell
        drawing.add(
            String(
                left + centre,
                bottom - 11,
                str(value),
                fontName=FONT,
                fontSize=7.5,
                textAnchor="middle",
            )
        )
        drawing.add(
            String(
                left - 7,
                bottom + centre - 3,
                str(value),
                fontName=FONT,
                fontSize=7.5,
                textAnchor="middle",
            )
        )
    drawing.add(
        String(
            left + plot_w / 2,
            bottom - 24,
            "Interest in the proposal →",
            fontName=FONT,
            fontSize=8,
            textAnchor="middle",
        )
    )
    drawing.add(rotated_label("Influence over the decision →", left - 22, bottom + plot_h / 2))
    numbered = map_key(points)
    cells: dict[tuple[int, int], list[tuple[int, MapPoint]]] = {}
    for number, point in numbered:
        cells.setdefault((point.influence, point.interest), []).append((number, point))
    for (influence, interest), group in cells.items():
        # The top cells of each quadrant leave their first row to the quadrant's name.
        first_row = 1 if influence in (2, 5) else 0
        per_row = 3 if first_row == 0 else 4
        for index, (number, point) in enumerate(group[: per_row * (3 - first_row)]):
            row, col = divmod(index, per_row)
            cx = left + (interest - 1) * cell + cell * (col + 0.5) / per_row
            cy = bottom + influence * cell - cell * (row + first_row + 0.5) / 3
            colour = STANCE_COLOURS.get(point.stance, STANCE_COLOURS["unknown"])
            drawing.add(
                Circle(cx, cy, 6.5, fillColor=colour, strokeColor=colors.white, strokeWidth=0.6)
            )
            drawing.add(
                String(
                    cx,
                    cy - 2.4,
                    str(number),
                    fontName=FONT_BOLD,
                    fontSize=6.5,
                    fillColor=colors.white,
                    textAnchor="middle",
                )
            )
    key_x, key_top = right + 14, top - 2
    rows_fit = int((key_top - bottom + 40) // 10)
    drawing.add(String(key_x, key_top, "Key", fontName=FONT_BOLD, fontSize=8))
    row, shown = 0, 0
    for number, point in numbered:
        lines = key_lines(point.label, width - key_x - 18)
        last_entry = shown == len(numbered) - 1
        if row + len(lines) > rows_fit - (0 if last_entry else 1):
            break  # keep a row for "... and N more"
        drawing.add(
            String(key_x, key_top - 11 - row * 10, f"{number}", fontName=FONT_BOLD, fontSize=7)
        )
        for line in lines:
            drawing.add(
                String(key_x + 14, key_top - 11 - row * 10, line, fontName=FONT, fontSize=7)
            )
            row += 1
        shown += 1
    if shown < len(numbered):
        y = key_top - 11 - row * 10
        drawing.add(
            String(
                key_x,
                y,
                f"… and {len(numbered) - shown} more: see the table",
                fontName=FONT,
                fontSize=7,
                fillColor=grey,
            )
        )
    legend = Legend()
    legend.x, legend.y = left, 14
    legend.fontName, legend.fontSize = FONT, 7.5
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 78
    legend.colorNamePairs = [(STANCE_COLOURS[key], STANCE_LABELS[key]) for key in STANCE_COLOURS]
    drawing.add(legend)
    return drawing


def map_description(points: list[MapPoint]) -> str:
    """A text alternative for screen readers: every organisation with its quadrant and stance."""
    if not points:
        return "No organisations have a stake yet."
    parts = [
        f"{number}. {p.label}: influence {p.influence}, interest {p.interest} "
        f"({quadrant(p.influence, p.interest).lower()}), "
        f"{STANCE_LABELS.get(p.stance, p.stance).lower()}"
        for number, p in map_key(points)
    ]
    return "Stakeholder map. " + "; ".join(parts) + "."
