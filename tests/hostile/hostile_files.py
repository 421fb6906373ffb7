"""Hostile (and ordinary but big) upload files, made on the spot (test_import_memory)."""

from __future__ import annotations

import zipfile
from pathlib import Path

MB = 1024 * 1024
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = "</sheetData></worksheet>"


def _xlsx(path: Path, chunks) -> Path:
    """A workbook whose one sheet's XML is written from `chunks` (streamed, never held)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_START.encode())
            for chunk in chunks:
                sheet.write(chunk)
            sheet.write(SHEET_END.encode())
    return path


def one_cell_190mb_xlsx(folder: Path) -> Path:
    """A ~200 KB workbook whose one cell expands to 190 MB (the issue's first file)."""

    def chunks():
        yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
        block = b"A" * MB
        for _ in range(190):
            yield block
        yield b"</t></is></c></row>"

    return _xlsx(folder / "one-cell-190mb.xlsx", chunks())


def cells_8_5m_xlsx(folder: Path) -> Path:
    """A ~500 KB workbook with 8.5 million cells (8,500 rows of 1,000)."""
    row = b"<row>" + b"<c><v>1</v></c>" * 1000 + b"</row>"
    return _xlsx(folder / "cells-8.5m.xlsx", (row for _ in range(8500)))


def columns_100k_csv(folder: Path) -> Path:
    """A CSV with 100,000 columns (the issue's 92 MB review page)."""
    header = ",".join(f"Column heading number {i}" for i in range(100_000))
    row = ",".join("x" for _ in range(100_000))
    path = folder / "columns-100k.csv"
    path.write_text(f"{header}\n{row}\n")
    return path


def one_cell_9mb_csv(folder: Path) -> Path:
    """A CSV whose one cell is 9 MB (under the upload limit)."""
    path = folder / "one-cell-9mb.csv"
    path.write_text("Name,Notes\nAnn Jones," + "n" * (9 * MB) + "\n")
    return path


def ratio_bomb_xlsx(folder: Path) -> Path:
    """A workbook of 30 MB of spaces in one part (compresses 1,000 to one)."""
    return _xlsx(folder / "ratio-bomb.xlsx", (b" " * MB for _ in range(30)))


def contacts_csv(folder: Path, rows: int) -> Path:
    """An ordinary contacts file near the 10 MB upload limit."""
    lines = ["Name,Organisation,Job title,Email,Phone,Notes"]
    note = "Met at the partnership forum; prefers calls after 2pm. " * 2
    for i in range(rows):
        lines.append(
            f"Siân Llŷr {i},Canolfan Cymraeg {i % 500},Coordinator,sian{i}@example.org,"
            f"07700 9{i:05d},{note}"
        )
    path = folder / f"contacts-{rows}.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def contacts_xlsx(folder: Path, rows: int) -> Path:
    """An ordinary contacts workbook (openpyxl writes it, as Excel would)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Name", "Organisation", "Job title", "Email", "Phone", "Notes"])
    for i in range(rows):
        sheet.append(
            [
                f"Máire Ní {i}",
                f"Mind {i % 400}",
                "Lead",
                f"maire{i}@example.org",
                "07700 900000",
                "x" * 80,
            ]
        )
    path = folder / f"contacts-{rows}.xlsx"
    book.save(path)
    return path


def one_cell_random_xlsx(folder: Path) -> Path:
    """A cell of 6 MB of random letters: stored almost as large, so no ratio check sees it."""
    import random

    rng = random.Random(19)
    letters = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

    def chunks():
        yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
        for _ in range(6):
            yield bytes(rng.choice(letters) for _ in range(MB))
        yield b"</t></is></c></row>"

    return _xlsx(folder / "one-cell-random-6mb.xlsx", chunks())


def cells_random_xlsx(folder: Path) -> Path:
    """2.5 million cells of random numbers: compresses only about 5 to 1."""
    import random

    rng = random.Random(19)

    def chunks():
        for _ in range(12_500):
            yield (
                "<row>"
                + "".join(f"<c><v>{rng.getrandbits(20)}</v></c>" for _ in range(200))
                + "</row>"
            ).encode()

    return _xlsx(folder / "cells-2.5m-random.xlsx", chunks())
