"""The subject access export as JSON and as PDF (reportlab, fonts for every name)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from crm.core.dates import uk_date, uk_datetime
from crm.core.text import printable

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
# (section key, heading, what one item is called), in the order the PDF shows them.
SECTIONS = (
    ("conversations", "Conversations they took part in", "Conversation"),
    ("follow_ups", "Follow-ups about them", "Follow-up"),
    ("stakes_as_key_contact", "Proposals where they are the key contact", "Stake"),
    ("emails", "Emails sent or queued to them", "Email"),
    ("requests_in_writing", "Requests to answer in writing sent to them", "Request"),
    ("written_answers", "Answers they gave in writing", "Answer"),
    ("audit_log", "Changes to their record (audit log)", "Change"),
    ("mentions", "Mentions of them elsewhere (by name, email or phone)", "Mention"),
)
NOTE = (
    "Everything Partnerwise holds about this person. Other people named in the same "
    "conversations are left out. The audit log records which fields changed, not the values."
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def to_json(data: dict[str, Any], generated_at: datetime) -> bytes:
    """The export as UTF-8 JSON."""
    document = {
        "export": {
            "kind": "subject access export",
            "generated_at": generated_at.isoformat(),
            "note": NOTE,
        },
        **data,
    }
    return json.dumps(document, default=_plain, indent=2, ensure_ascii=False).encode("utf-8")


def register_fonts() -> tuple[str, str]:
    """DejaVu Sans (every Welsh, Irish and Polish letter), or Helvetica if it is missing."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT, FONT_BOLD
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not regular.exists() or not bold.exists():
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
    return FONT, FONT_BOLD


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return uk_datetime(value)
    if isinstance(value, date):
        return uk_date(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


class _Styles:
    def __init__(self) -> None:
        regular, bold = register_fonts()
        base = getSampleStyleSheet()
        self.body = ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=9)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=8, textColor=colors.grey)
        self.h1 = ParagraphStyle("h1", parent=base["Heading1"], fontName=bold, fontSize=16)
        self.h2 = ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=12)
        self.h3 = ParagraphStyle("h3", parent=base["Heading3"], fontName=bold, fontSize=10)
        self.regular = regular

    def para(self, value: Any, style: ParagraphStyle | None = None) -> Paragraph:
        # User text is escaped: reportlab reads < and & as markup.
        text = printable(_text(value))  # control characters stored before the text policy
        return Paragraph(escape(text).replace("\n", "<br/>"), style or self.body)


def _fields_table(styles: _Styles, row: dict[str, Any]) -> Table:
    data = [[styles.para(_label(key)), styles.para(value)] for key, value in row.items()]
    table = Table(data, colWidths=[45 * mm, 125 * mm], splitInRow=1)  # long notes flow on
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
            ]
        )
    )
    return table


def to_pdf(data: dict[str, Any], generated_at: datetime) -> bytes:
    """The export as an A4 PDF with page numbers and the generated date."""
    styles = _Styles()
    buffer = io.BytesIO()
    name = data["contact"].get("name") or "contact"
    stamp = f"Subject access export · generated {uk_datetime(generated_at)}"

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(styles.regular, 8)
        canvas.drawString(20 * mm, 10 * mm, stamp)
        canvas.drawRightString(190 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Subject access export: {name}",
        author="Partnerwise",
    )
    story: list = [
        styles.para(f"Subject access export: {name}", styles.h1),
        styles.para(NOTE, styles.small),
        Spacer(1, 4 * mm),
        styles.para("Their details", styles.h2),
        _fields_table(styles, data["contact"]),
    ]
    if data.get("organisation"):
        story += [Spacer(1, 2 * mm), styles.para(f"Organisation: {data['organisation']['name']}")]
    for key, title, item_name in SECTIONS:
        items = data.get(key) or []
        story += [Spacer(1, 4 * mm), styles.para(f"{title} ({len(items)})", styles.h2)]
        if not items:
            story.append(styles.para("None."))
        for number, item in enumerate(items, start=1):
            story += [styles.para(f"{item_name} {number}", styles.h3), _fields_table(styles, item)]
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
