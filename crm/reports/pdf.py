"""PDF building blocks: a TTF that renders every name, escaped text, A4 pages with numbers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from io import BytesIO
from xml.sax.saxutils import escape as xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from crm.core.dates import uk_date, uk_datetime
from crm.reports.fonts import FONT, FONT_BOLD, pdf_text, register_fonts

INK = colors.HexColor("#1b1f23")
MUTED = colors.HexColor("#5a6570")
BRAND = colors.HexColor("#1a4b7d")
RULE = colors.HexColor("#c9d1d9")
STRIPE = colors.HexColor("#f3f6f9")
SHORT_CELL = 600  # characters a table cell holds as one paragraph
LINES_PER_CHUNK = 8
# The body frame of build_pdf's pages (its margins, less the frame's 6 pt padding).
FRAME_WIDTH = A4[0] - 32 * mm - 12
FRAME_HEIGHT = A4[1] - 36 * mm - 12


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles every report uses."""
    register_fonts()
    base = ParagraphStyle(
        "body",
        fontName=FONT,
        bulletFontName=FONT,
        fontSize=9.5,
        leading=12.5,
        textColor=INK,
        alignment=TA_LEFT,
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=base, fontName=FONT_BOLD, fontSize=8.5, leading=10.5
        ),
        "head": ParagraphStyle(
            "head",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=8.5,
            leading=10.5,
            textColor=colors.white,
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=18, leading=22, textColor=BRAND
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=10.5, leading=14, textColor=MUTED
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
            textColor=BRAND,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=6,
            spaceAfter=2,
        ),
        "callout": ParagraphStyle(
            "callout",
            parent=base,
            fontSize=10,
            leading=13.5,
            backColor=STRIPE,
            borderPadding=6,
            spaceBefore=6,
            spaceAfter=8,
        ),
    }


def escape(text: object) -> str:
    """User text made safe for reportlab's mini-markup (no tags, no <img src=...> reads)."""
    if text is None:
        return ""
    return xml_escape(pdf_text(text)).replace("\n", "<br/>")


def para(text: object, style: str = "body") -> Paragraph:
    """A paragraph of user text (escaped)."""
    return Paragraph(escape(text), styles()[style])


def markup(trusted_markup: str, style: str = "body") -> Paragraph:
    """A paragraph of our own markup; any user text inside must already be escaped."""
    return Paragraph(trusted_markup, styles()[style])


def heading(text: str, level: int = 2) -> Paragraph:
    """A section heading."""
    return para(text, f"h{level}")


def section(text: str, level: int = 2, room_mm: float = 30) -> list[Flowable]:
    """A heading that starts a new page when less than `room_mm` is left (no orphan headings)."""
    return [CondPageBreak(room_mm * mm), heading(text, level)]


MIN_ROWS = 5  # rows a table leaves at a page's foot or carries over to the next page


class BalancedTable(LongTable):
    """A table that never leaves only a few rows at the foot of a page or atop the next:
    each part of a split has at least MIN_ROWS rows, or the table moves on whole."""

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2 or self.splitInRow:
            return parts
        head = self.repeatRows if isinstance(self.repeatRows, int) else 0
        total, first = len(self._cellvalues), len(parts[0]._cellvalues)
        carried = total - first
        if carried >= MIN_ROWS:
            return parts
        keep = first - (MIN_ROWS - carried)
        fresh_page = availHeight >= FRAME_HEIGHT * 0.9
        if keep - head < MIN_ROWS:
            # Too few rows here: start on the next page (unless this is one already).
            return parts if fresh_page else []
        return super().split(availWidth, sum(self._rowHeights[:keep]) + 0.5)


def table(
    header: list[str],
    rows: Iterable[list[object]],
    widths: list[float],
    empty: str = "None.",
    bold_first: bool = False,
) -> Flowable:
    """A table that breaks across pages and repeats its header; cells are escaped text."""
    cell, first = styles()["cell"], styles()["cell_bold"]
    room = [w * mm - 8 for w in widths]  # less the cell's left and right padding
    headed = any(header)  # all-empty headers: a label/value table with no header row
    data = [[Paragraph(escape(h), styles()["head"]) for h in header]] if headed else []
    for row in rows:
        data.append(
            [
                _cell(value, first if (bold_first and i == 0) else cell, room[i])
                for i, value in enumerate(row)
            ]
        )
    if len(data) == int(headed):
        return para(empty, "small")
    first_row = int(headed)
    result = BalancedTable(
        data,
        colWidths=[w * mm for w in widths],
        repeatRows=first_row,
        hAlign="LEFT",
        # Only a row with a cell taller than a page (a 5,000-character note, kept as a list
        # of short paragraphs) is split inside; others move whole to the next page, so a
        # page never starts with the tail of a row (reportlab then also repeated the header
        # in the middle of the page before).
        splitInRow=int(any(isinstance(value, list) for row in data for value in row)),
    )
    result.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTNAME", (0, first_row), (0, -1), FONT_BOLD if bold_first else FONT),
                ("FONTSIZE", (0, 0), (-1, -1), cell.fontSize),
                ("LEADING", (0, 0), (-1, -1), cell.leading),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("BACKGROUND", (0, 0), (-1, 0), BRAND if headed else colors.white),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, first_row), (-1, -1), [colors.white, STRIPE]),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return result


def _cell(value: object, style: ParagraphStyle, room: float) -> object:
    """Short one-line text as a plain string (drawn as is, never parsed), else a wrapping paragraph.

    Plain strings skip paragraph layout, which keeps a 500-row table fast.
    """
    if isinstance(value, Flowable):
        return value
    text = pdf_text(value)
    if "\n" not in text and pdfmetrics.stringWidth(text, style.fontName, style.fontSize) <= room:
        return text
    return paragraphs(text, style)


def paragraphs(text: str, style: ParagraphStyle) -> Paragraph | list[Paragraph]:
    """Text as one paragraph, or, when long, a list of short ones a table row can split
    between pages cheaply (reportlab re-wraps a whole paragraph at every split; a
    5,000-character note of short lines took seconds per cell)."""
    if len(text) <= SHORT_CELL:
        return Paragraph(escape(text), style)
    lines = text.split("\n")
    chunks = [
        "\n".join(lines[i : i + LINES_PER_CHUNK]) for i in range(0, len(lines), LINES_PER_CHUNK)
    ]
    return [Paragraph(escape(chunk), style) for chunk in chunks]


def due_cell(due_on, today) -> object:
    """A follow-up's due date for a table: 'Overdue: was due Wed 25 Nov 2026' in red when
    past, 'Due today', the date, or 'No date'."""
    if due_on is None:
        return "No date"
    if today is not None and due_on < today:
        return markup(
            f'<font color="#cf222e"><b>Overdue</b></font>: was due {escape(uk_date(due_on))}',
            "cell",
        )
    if due_on == today:
        return markup(f"<b>Due today</b>, {escape(uk_date(due_on))}", "cell")
    return uk_date(due_on)


def section_with(text: str, body: Flowable) -> list[Flowable]:
    """A heading that starts a new page unless the body's first rows fit under it (with a
    BalancedTable, at least MIN_ROWS of them, or the whole of a shorter body)."""
    title = heading(text)
    needed = title.wrap(FRAME_WIDTH, FRAME_HEIGHT)[1] + 16  # its space before and after
    height = body.wrap(FRAME_WIDTH, FRAME_HEIGHT)[1]
    if isinstance(body, BalancedTable):
        head = body.repeatRows if isinstance(body.repeatRows, int) else 0
        rows = len(body._cellvalues) - head
        # A table too short to leave MIN_ROWS on each side of a split moves on whole.
        first = MIN_ROWS if rows >= 2 * MIN_ROWS else rows
        height = sum(body._rowHeights[: head + first])
    return [CondPageBreak(min(needed + height, FRAME_HEIGHT)), title, body]


def keep(*flowables: Flowable) -> KeepTogether:
    """Keep a heading with what follows it."""
    return KeepTogether(list(flowables))


def spacer(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


def _fit(text: str, width: float, size: float) -> str:
    """Shorten text with an ellipsis so it fits the width (long titles in the footer)."""
    text = pdf_text(text)
    if pdfmetrics.stringWidth(text, FONT, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _numbered_canvas(footer_left: str, stamp: str, margin: float):
    """A canvas class that writes 'Page N of M' once it knows M."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("initialFontName", FONT)  # no stray Helvetica in the file
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.setFillColor(MUTED)
                right = f"Page {self._pageNumber} of {total} · {stamp}"
                room = A4[0] - 2 * margin - self.stringWidth(right, FONT, 7.5) - 8 * mm
                self.drawString(margin, 10 * mm, _fit(footer_left, room, 7.5))
                self.drawRightString(A4[0] - margin, 10 * mm, right)
                self.setStrokeColor(RULE)
                self.line(margin, 13 * mm, A4[0] - margin, 13 * mm)
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(title: str, subtitle: str, flowables: list[Flowable], generated: datetime) -> bytes:
    """An A4 PDF with a title block, and on every page the title, 'Page N of M' and the date."""
    register_fonts()
    buffer = BytesIO()
    stamp = f"Generated {uk_datetime(generated)}"

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=16 * mm,
        bottomMargin=20 * mm,
        title=title,
        author="Partnerwise",
        subject=subtitle,
        creator="Partnerwise",
        initialFontName=FONT,
    )
    story = [
        para(title, "title"),
        para(subtitle, "subtitle"),
        markup(escape(stamp), "small"),
        spacer(4),
    ]
    canvas = _numbered_canvas(f"{title} · Partnerwise", stamp, doc.leftMargin)
    doc.build(story + flowables, canvasmaker=canvas)
    return buffer.getvalue()
