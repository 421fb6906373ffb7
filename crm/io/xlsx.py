"""Reading an uploaded .xlsx within fixed memory: the zip and its XML are checked first.

A workbook is a zip of XML. Before openpyxl opens it: each member's declared size and
compression ratio are checked (zipfile never inflates past the declared size), then the
sheets and the shared strings are scanned as a stream (expat, 64 KB at a time) counting
rows, cells and the length of each cell's text, so a 190 MB cell or 8.5 million cells
are refused having held only a chunk in memory. Then openpyxl reads the first sheet in
read-only (streaming) mode, up to the column and row limits.
"""

from __future__ import annotations

import io
import zipfile
from xml.parsers import expat

from crm.io.limits import Limits, ReadError, size_label

CHUNK = 64 * 1024
SCANNED = ("xl/worksheets/", "xl/sharedStrings.xml")
RATIO_FLOOR = 1024 * 1024  # members smaller than this may compress as well as they like


def read_xlsx_rows(data: bytes, limits: Limits) -> list[list[str]]:
    """The first sheet's rows as text (header first), within the limits; raises ReadError."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReadError("This Excel file is damaged or not really .xlsx.") from None
    _check_sizes(members, limits)
    width = 0
    for member in members:
        if member.filename.startswith(SCANNED):
            width = max(width, _scan(archive, member, limits))
    return _rows(data, limits, width)


def _bomb(what: str) -> ReadError:
    return ReadError(
        f"This workbook {what}. It may be damaged or built to overload importers; "
        "save the sheet as CSV instead."
    )


def _check_sizes(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    expanded = sum(member.file_size for member in members)
    if expanded > limits.max_xlsx_uncompressed:
        raise _bomb(
            f"unpacks to {size_label(expanded)}, more than the "
            f"{size_label(limits.max_xlsx_uncompressed)} allowed"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > limits.max_xlsx_ratio:
            raise _bomb(f"has a part that unpacks {ratio:,.0f} times larger than it is stored")


class _Scan:
    """Counts while expat streams one XML part; raises ReadError past a limit."""

    def __init__(self, limits: Limits, sheet: bool):
        self.limits = limits
        self.sheet = sheet
        self.rows = self.cells = self.row_cells = self.text = self.width = 0

    def start(self, name: str, attrs) -> None:
        self.text = 0
        tag = name.rsplit(":", 1)[-1]
        if not self.sheet:
            return
        if tag == "row":
            self.rows += 1
            self.row_cells = 0
            if self.rows > self.limits.max_rows + 1:
                raise _too_many_rows(self.limits)
        elif tag == "c":
            self.cells += 1
            self.row_cells += 1
            column = _column(attrs.get("r", "")) or self.row_cells
            if column > self.limits.max_columns:
                raise _too_many_columns(self.limits, f"more than {self.limits.max_columns:,}")
            self.width = max(self.width, column)
            if self.cells > self.limits.max_cells:
                raise ReadError(
                    f"The sheet has more than {self.limits.max_cells:,} cells, the most one "
                    "import reads. Remove columns you do not need or split the file."
                )

    def characters(self, text: str) -> None:
        self.text += len(text)
        if self.text > self.limits.max_cell_chars:
            raise ReadError(
                f"A cell holds more than {self.limits.max_cell_chars:,} characters (Excel's "
                "own limit), so this workbook was not made by Excel. Save it as CSV instead."
            )


def _forbid(*_args) -> None:
    raise ReadError("This Excel file declares XML entities, which an import never needs.")


def _column(reference: str) -> int:
    """'AB12' -> 28 (0 when there is no reference)."""
    number = 0
    for letter in reference:
        if not "A" <= letter <= "Z":
            break
        number = number * 26 + ord(letter) - 64
        if number > 16_384:  # past Excel's last column, XFD
            break
    return number


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits) -> int:
    """Stream one part through expat within the limits; the widest row of a sheet."""
    scan = _Scan(limits, sheet=member.filename.startswith("xl/worksheets/"))
    parser = expat.ParserCreate(namespace_separator=":")
    parser.StartElementHandler = scan.start
    parser.CharacterDataHandler = scan.characters
    parser.EntityDeclHandler = _forbid  # no billion laughs (as defusedxml does)
    parser.ExternalEntityRefHandler = _forbid
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except ReadError:
        raise
    except expat.ExpatError:
        raise ReadError("This Excel file is damaged (its XML is broken).") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ReadError("This Excel file is damaged or not really .xlsx.") from None
    return scan.width


def _rows(data: bytes, limits: Limits, width: int) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [
            ["" if value is None else _text(value) for value in row]
            for row in sheet.iter_rows(
                max_row=limits.max_rows + 1, max_col=max(width, 1), values_only=True
            )
        ]
        workbook.close()
    except ReadError:
        raise
    except Exception as error:  # openpyxl raises many types for broken workbooks
        raise ReadError(f"This Excel file could not be read ({type(error).__name__}).") from None
    return rows


def _text(value) -> str:
    """A cell as the text Excel shows (whole numbers without .0, dates as dates)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text.removesuffix("T00:00:00")
    return str(value)


def _too_many_rows(limits: Limits) -> ReadError:
    return ReadError(
        f"The file has more than {limits.max_rows:,} rows, the most one import takes. "
        "Split it into smaller files."
    )


def _too_many_columns(limits: Limits, count: str) -> ReadError:
    return ReadError(
        f"The file has {count} columns; an import reads at most {limits.max_columns:,}. "
        "Remove the columns you do not need and upload it again."
    )
