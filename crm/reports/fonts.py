"""The fonts every PDF and chart draws with (DejaVu, shipped in crm/reports/fonts), and user
text as they can print it: a character no face has becomes its name, never an empty box."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from reportlab.graphics import renderbase
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from crm.core.text import printable

FONT_DIR = Path(__file__).parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"


_make_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map with characters beyond U+FFFF written as UTF-16 pairs.

    reportlab writes U+1F60A as <1F60A>, which PDF readers reject ("invalid hex
    string"), so an emoji DejaVu draws came out of text extraction as another letter.
    """
    cmap = _make_to_unicode_cmap(fontname, subset)
    for index, code in enumerate(subset):
        if code > 0xFFFF:
            pair = chr(code).encode("utf-16-be").hex().upper()
            cmap = cmap.replace(f"<{index:02X}> <{code:04X}>", f"<{index:02X}> <{pair}>", 1)
    return cmap


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register DejaVu Sans (shipped in crm/reports/fonts): Welsh, Irish, Polish letters render."""
    ttfonts.makeToUnicodeCMap = to_unicode_cmap
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(FONT_DIR / "DejaVuSans-Oblique.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC)
    # Charts start each drawing in Times-Roman unless told otherwise.
    renderbase.STATE_DEFAULTS["fontName"] = FONT


@lru_cache(maxsize=1)
def _drawable() -> frozenset[int]:
    """The characters every registered face (regular, bold, italic) has a glyph for."""
    register_fonts()
    faces = [pdfmetrics.getFont(name).face.charToGlyph for name in (FONT, FONT_BOLD, FONT_ITALIC)]
    return frozenset(set(faces[0]).intersection(*faces[1:]))


# Joiners, variation selectors and skin tones: without the emoji they belong to, nothing.
_SILENT = frozenset({"Mn", "Me", "Cf", "Sk"})


def pdf_text(value: object) -> str:
    """User text as the PDF prints it: every character the fonts lack (an emoji such as
    🥫) becomes its Unicode name in brackets ("[canned food]"), readable and searchable,
    instead of an empty box."""
    if value is None:
        return ""
    text = printable(str(value))
    drawable = _drawable()
    if all(ord(char) in drawable or char == "\n" for char in text):
        return text
    out = []
    for char in text:
        if ord(char) in drawable or char in "\n\t":
            out.append(char)
        elif unicodedata.category(char) not in _SILENT:
            name = unicodedata.name(char, f"U+{ord(char):04X}")
            out.append(f"[{name.lower()}]")
    return "".join(out)
