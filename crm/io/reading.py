"""Uploaded bytes to a DataFrame of text: encodings, CSV dialects, XLSX safety, limits."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

import pandas as pd

ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
ENCODING_LABELS = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252", "latin-1": "Latin-1"}
XLSX_MAGIC = b"PK\x03\x04"
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much an import may hold; the defaults suit a 10 MB upload limit."""

    max_bytes: int = 10 * MB
    max_rows: int = 100_000
    max_xlsx_uncompressed: int = 200 * MB

    @classmethod
    def from_config(cls, config) -> Limits:
        """Limits from IMPORT_MAX_BYTES, IMPORT_MAX_ROWS and IMPORT_MAX_XLSX_UNCOMPRESSED."""
        return cls(
            max_bytes=config.get("IMPORT_MAX_BYTES", cls.max_bytes),
            max_rows=config.get("IMPORT_MAX_ROWS", cls.max_rows),
            max_xlsx_uncompressed=config.get(
                "IMPORT_MAX_XLSX_UNCOMPRESSED", cls.max_xlsx_uncompressed
            ),
        )


class ReadError(ValueError):
    """The file cannot be read as a table; the message says what to fix."""


@dataclass
class Table:
    """A file read as text cells; `lines[i]` is the file line (or sheet row) of row i."""

    frame: pd.DataFrame
    lines: list[int]
    file_format: str  # "CSV" or "XLSX"
    encoding: str  # a label, e.g. "UTF-8"; "" for XLSX

    @property
    def headers(self) -> list[str]:
        return [str(column) for column in self.frame.columns]


def size_label(size: int) -> str:
    """A byte count as people say it: 512 bytes, 48 KB, 12.3 MB."""
    if size < 1024:
        return f"{size} bytes"
    if size < MB:
        return f"{size / 1024:.0f} KB"
    return f"{size / MB:.1f} MB".replace(".0 MB", " MB")


def read_table(data: bytes, filename: str, limits: Limits) -> Table:
    """Read a CSV or XLSX file as text (no type guessing, no NA values); raises ReadError."""
    if len(data) > limits.max_bytes:
        raise ReadError(
            f"The file is {size_label(len(data))}; the limit is {size_label(limits.max_bytes)}. "
            "Split it into smaller files or remove columns you do not need."
        )
    if not data.strip():
        raise ReadError("The file is empty.")
    is_zip = data.startswith(XLSX_MAGIC)
    if filename.lower().endswith((".xlsx", ".xlsm")) or is_zip:
        if not is_zip:
            raise ReadError("This is not an Excel .xlsx workbook. Save it as .xlsx or as CSV.")
        return _read_xlsx(data, limits)
    if filename.lower().endswith(".xls"):
        raise ReadError("Old Excel .xls files are not supported. Save it as .xlsx or as CSV.")
    return _read_csv(data, limits)


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding that read it: UTF-8 (with or without BOM), Windows-1252, Latin-1."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), ENCODING_LABELS[encoding]
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _delimiter(text: str) -> str:
    # Excel writes ";" in locales with a decimal comma, and some tools write tabs.
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(data: bytes, limits: Limits) -> Table:
    text, encoding = decode(data)
    if "\x00" in text:
        raise ReadError("This does not look like a CSV file (it contains binary data).")
    sep = _delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text, newline=""),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            nrows=limits.max_rows + 1,
        )
    except pd.errors.EmptyDataError:
        raise ReadError("The file has no header row.") from None
    except pd.errors.ParserError as error:
        raise ReadError(describe_csv_problem(text, sep) or _pandas_message(error)) from None
    return _finish(frame, _record_lines(text, sep, frame), "CSV", encoding, limits)


def _record_lines(text: str, sep: str, frame: pd.DataFrame) -> list[int]:
    """The file line each row starts on (the header is line 1)."""
    if not frame.map(lambda cell: "\n" in cell or "\r" in cell).to_numpy().any():
        return [index + 2 for index in range(len(frame))]
    # Cells with line breaks span several lines: count them as the csv module reads.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    starts, start = [], 1
    for _row in reader:
        starts.append(start)
        start = reader.line_num + 1
    return starts[1 : len(frame) + 1]


def describe_csv_problem(text: str, sep: str = ",", most: int = 5) -> str:
    """Name the lines that break the CSV format, in words ("Line 3 has 5 fields ...")."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    problems: list[str] = []
    width = None
    start = 1
    try:
        for row in reader:
            if width is None:
                width = len(row)
            elif len(row) > width:
                problems.append(f"Line {start} has {len(row)} fields where the header has {width}.")
            start = reader.line_num + 1
            if len(problems) >= most:
                break
    except csv.Error as error:
        if "end of data" in str(error):
            problems.append(f'Line {start} opens a quote (") that is never closed.')
        else:
            problems.append(f'Line {reader.line_num} has a stray quote ("): {error}.')
    return " ".join(problems)


def _pandas_message(error: Exception) -> str:
    message = str(error).replace("Error tokenizing data. C error: ", "").strip()
    return f"The file is not valid CSV: {message}."


def _read_xlsx(data: bytes, limits: Limits) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        expanded = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise ReadError("This Excel file is damaged or not really .xlsx.") from None
    # zipfile stops inflating at each member's declared size, so the declared
    # total bounds what openpyxl can unpack: a zip bomb is refused here.
    if expanded > limits.max_xlsx_uncompressed:
        raise ReadError(
            f"This workbook unpacks to {size_label(expanded)}, more than the "
            f"{size_label(limits.max_xlsx_uncompressed)} allowed. It may be damaged or "
            "built to overload importers; save the sheet as CSV instead."
        )
    try:
        frame = pd.read_excel(
            io.BytesIO(data),
            sheet_name=0,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            engine="openpyxl",
            nrows=limits.max_rows + 1,
        )
    except Exception as error:  # openpyxl raises many types for broken workbooks
        raise ReadError(f"This Excel file could not be read ({type(error).__name__}).") from None
    return _finish(frame, [index + 2 for index in range(len(frame))], "XLSX", "", limits)


def _finish(frame: pd.DataFrame, lines: list[int], fmt: str, encoding: str, limits) -> Table:
    if len(frame) > limits.max_rows:
        raise ReadError(
            f"The file has more than {limits.max_rows:,} rows, the most one import takes. "
            "Split it into smaller files."
        )
    frame = frame.fillna("").astype(str)
    frame.columns = _unique(
        [_header(column, position) for position, column in enumerate(frame.columns)]
    )
    if not len(frame.columns):
        raise ReadError("The file has no columns.")
    # Blank rows are dropped here, not by pandas, so line numbers stay true.
    keep = [bool(any(cell.strip() for cell in row)) for row in frame.itertuples(index=False)]
    frame = frame[keep].reset_index(drop=True)
    lines = [line for line, kept in zip(lines, keep, strict=True) if kept]
    if len(frame) == 0:
        raise ReadError("The file has a header row but no data rows.")
    return Table(frame=frame, lines=lines, file_format=fmt, encoding=encoding)


def _header(column, position: int) -> str:
    text = " ".join(str(column).split())
    if not text or text.startswith("Unnamed: "):
        return f"Column {position + 1}"
    return text


def _unique(headers: list[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for header in headers:
        name, n = header, 1
        while name in seen:
            n += 1
            name = f"{header} ({n})"
        seen.add(name)
        unique.append(name)
    return unique
