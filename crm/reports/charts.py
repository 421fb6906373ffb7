"""Charts drawn once with reportlab.graphics: embedded in PDFs and served as SVG.

The stakeholder map is in crm/reports/stakeholder_map.py; this module has the bar
charts and what every chart shares.
"""

from __future__ import annotations

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors

from crm.core.text import printable
from crm.reports.fonts import FONT, register_fonts

CHANNEL_COLOURS = [
    colors.HexColor(c)
    for c in ("#1a4b7d", "#2f81f7", "#1a7f37", "#bf8700", "#8250df", "#cf222e", "#6e7781")
]


def rotated_label(text: str, x: float, y: float) -> Group:
    """An axis title turned to read upwards."""
    group = Group(String(0, 0, text, fontName=FONT, fontSize=8, textAnchor="middle"))
    group.transform = (0, 1, -1, 0, x, y)
    return group


def monthly_bars(
    months: list[str], series: dict[str, list[int]], width: float = 480, height: float = 220
) -> Drawing:
    """Stacked bars per month, one colour per series (e.g. channel)."""
    register_fonts()
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 36, 50, width - 48, height - 70
    names = list(series) or ["None"]
    chart.data = [series[name] for name in series] or [[0] * max(1, len(months))]
    chart.categoryAxis.categoryNames = months or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 45 if len(months) > 8 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(months) > 8 else "n"
    chart.categoryAxis.style = "stacked"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    tallest = max((sum(column) for column in zip(*chart.data, strict=True)), default=0)
    if tallest < 8:  # whole conversations: no 0.5 ticks on small counts
        chart.valueAxis.valueMax = max(tallest, 1)
        chart.valueAxis.valueStep = 1
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#d0d7de")
    chart.barSpacing = 1
    chart.barLabels.fontName = FONT  # unused labels still pick a font (Times by default)
    for index in range(len(chart.data)):
        chart.bars[index].fillColor = CHANNEL_COLOURS[index % len(CHANNEL_COLOURS)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    if len(names) > 1 or series:
        legend = Legend()
        legend.x, legend.y = 36, 10
        legend.fontName, legend.fontSize = FONT, 7
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 68
        legend.colorNamePairs = [
            (CHANNEL_COLOURS[i % len(CHANNEL_COLOURS)], name) for i, name in enumerate(names)
        ]
        drawing.add(legend)
    return drawing


def to_svg(drawing: Drawing) -> str:
    """The drawing as an SVG string for a web page (same drawing as the PDF)."""
    svg = renderSVG.drawToString(drawing)
    # Drop the XML prolog and DOCTYPE so it can sit inline in HTML.
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    # Browsers know the font by its family name, not reportlab's registered face names.
    family = "font-family: 'DejaVu Sans', Verdana, Arial, sans-serif;"
    svg = printable(svg)  # names stored with control characters would make invalid XML
    return svg.replace("font-family: DejaVuSans-Bold;", family + " font-weight: bold;").replace(
        "font-family: DejaVuSans;", family
    )
