"""Reading PDFs back in tests: text and fonts."""

from __future__ import annotations

from io import BytesIO

import pypdf


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, pages joined."""
    reader = pypdf.PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_fonts(data: bytes) -> set[str]:
    """The base font names used by any page (subset prefixes removed)."""
    reader = pypdf.PdfReader(BytesIO(data))
    names: set[str] = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            name = str(ref.get_object()["/BaseFont"]).lstrip("/")
            names.add(name.split("+", 1)[-1])
    return names
