"""PDF tables: cells as paragraphs, long text in chunks, rows balanced across page breaks."""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import CondPageBreak, Flowable, LongTable, Paragraph, TableStyle

from crm.core.dates import uk_date
from crm.reports.fonts import FONT, FONT_BOLD, pdf_text
from crm.reports.pdf import (
    BRAND,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    INK,
    RULE,
    STRIPE,
    escape,
    heading,
    markup,
    para,
    styles,
)

LINES_PER_CHUNK = 8
SHORT_CELL = 600  # characters a table cell holds as one paragraph
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
