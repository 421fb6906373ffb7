"""PDF building blocks: a TTF that renders every name, escaped text, A4 pages with numbers."""

from __future__ import annotations

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
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

from crm.core.dates import uk_datetime
from crm.reports.fonts import FONT, FONT_BOLD, pdf_text, register_fonts

INK = colors.HexColor("#1b1f23")
MUTED = colors.HexColor("#5a6570")
BRAND = colors.HexColor("#1a4b7d")
RULE = colors.HexColor("#c9d1d9")
STRIPE = colors.HexColor("#f3f6f9")
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
