"""Every character a user can type prints as itself or a clear substitute, and extracts
cleanly (issue 14, point 4)."""

from __future__ import annotations

import subprocess
from datetime import datetime

from crm.reports.fonts import pdf_text
from crm.reports.pdf import build_pdf, para
from crm.reports.stakeholder_map import MapPoint, stakeholder_map
from crm.reports.tables import table


def _pdftotext(pdf: bytes, tmp_path) -> tuple[str, str]:
    path = tmp_path / "chars.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout, done.stderr


def test_characters_dejavu_lacks_become_their_names():
    assert pdf_text("Tins 🥫 and 🤝") == "Tins [canned food] and [handshake]"
    assert pdf_text("Ŵyn ŷ Łódź 😊") == "Ŵyn ŷ Łódź 😊"  # DejaVu draws these
    # Joiners, variation selectors and skin tones do not print on their own.
    assert pdf_text("🤝🏽") == "[handshake]"
    assert pdf_text(None) == ""


def test_emoji_print_and_extract_cleanly(tmp_path):
    text = "Thanks 😊 for the 🥫 tins 🤝 from Gwŷr"
    pdf = build_pdf(
        "Food bank 🥫",
        "With 🤝",
        [
            para(text),
            table(["Who", "Note"], [["Café 🥫", "Smile 😊"]], [40, 60]),
            stakeholder_map([MapPoint("Pantry 🥫", 2, 2, "supportive")]),
        ],
        datetime(2026, 11, 28),
    )
    out, err = _pdftotext(pdf, tmp_path)
    assert "invalid hex string" not in err and err == ""
    assert "Thanks 😊 for the [canned food] tins [handshake] from Gwŷr" in out
    assert "Café [canned food]" in out and "Smile 😊" in out
    assert "Pantry [canned food]" in out
    assert "Food bank [canned food]" in out
    assert "\ufffd" not in out and "ὠ" not in out  # no broken or truncated characters


def test_table_rows_move_whole_to_the_next_page(tmp_path):
    """No page starts with the tail of a row, and the header shows once per page."""
    from io import BytesIO

    import pypdf

    note = "Talked through the plan and the referral route at some length. " * 5
    rows = [[f"Row {n:02d}", f"{note}End of row {n:02d}."] for n in range(40)]
    pdf = build_pdf(
        "Rows", "", [table(["When", "Summary"], rows, [30, 148])], datetime(2026, 11, 28)
    )
    pages = [
        " ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(BytesIO(pdf)).pages
    ]
    assert len(pages) > 1
    for page in pages:
        assert page.count("When Summary") == 1
    for n in range(40):
        start = next(i for i, page in enumerate(pages) if f"Row {n:02d} " in page)
        assert f"End of row {n:02d}." in pages[start], n
