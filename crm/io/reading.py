"""Uploaded bytes to a DataFrame of text: encodings, CSV dialects, XLSX safety, limits."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import pandas as pd

from crm.io.encoding import EncodingError, decode
from crm.io.limits import MB, Limits, ReadError, size_label
from crm.io.xlsx import read_xlsx_rows

__all__ = ["Limits", "ReadError", "Table", "read_table", "size_label"]

XLSX_MAGIC = b"PK\x03\x04"
HEADER_CHARS = 100  # a longer heading is cut: it names a column, it is not data


@dataclass
class Table:
    """A file read as text cells; `lines[i]` is the file line (or sheet row) of row i."""

    frame: pd.DataFrame
    lines: list[int]
    file_format: str  # "CSV" or "XLSX"
    encoding: str  # a label, e.g. "UTF-8"; "" for XLSX
    unreadable: int = 0  # bytes the encoding could not read, now U+FFFD (rows flag them)

    @property
    def headers(self) -> list[str]:
        return [str(column) for column in self.frame.columns]


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


def _delimiter(text: str) -> str:
    """The separator: "," or ";" (Excel in locales with a decimal comma) or a tab.

    csv.Sniffer reads quoting, so a quoted header such as "Name, full";"Email" is not
    taken for a comma file; it looks at the first lines only, and falls back to ",".
    """
    sample = text[: 64 * 1024]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # whole lines only
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _read_csv(data: bytes, limits: Limits) -> Table:
    try:
        decoded = decode(data)
    except EncodingError as error:
        raise ReadError(str(error)) from None
    text, encoding = decoded.text, decoded.label
    if "\x00" in text:
        raise ReadError("This does not look like a CSV file (it contains binary data).")
    sep = _delimiter(text)
    _check_csv_shape(text, sep, limits)
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
    table = _finish(frame, _record_lines(text, sep, frame), "CSV", encoding, limits)
    table.unreadable = decoded.unreadable
    return table


def _check_csv_shape(text: str, sep: str, limits: Limits) -> None:
    """Refuse more columns, or longer cells, than an import reads, before pandas reads it.

    The header's width is counted on its first line; the longest cell is bounded by the
    longest stretch between separators and line breaks, so this costs one pass.
    """
    header = next(csv.reader(io.StringIO(text[: 4 * MB], newline=""), delimiter=sep), [])
    if len(header) > limits.max_columns:
        raise ReadError(
            f"The file has {len(header):,} columns; an import reads at most "
            f"{limits.max_columns:,}. Remove the columns you do not need and upload it again."
        )
    longest = max((len(part) for part in re.split(f"[{re.escape(sep)}\n]", text)), default=0)
    if longest > limits.max_cell_chars:
        raise ReadError(
            f"A cell holds more than {limits.max_cell_chars:,} characters (Excel's own limit "
            'for a cell). Check the file is the one you meant; a quote (") that is never '
            "closed can swallow the rest of the file into one cell."
        )


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
    rows = read_xlsx_rows(data, limits)
    if not rows:
        raise ReadError("The file has no header row.")
    width = max(len(row) for row in rows)
    header = [*rows[0], *[""] * (width - len(rows[0]))]
    body = [[*row, *[""] * (width - len(row))] for row in rows[1:]]
    frame = pd.DataFrame(body, columns=[h or f"Unnamed: {i}" for i, h in enumerate(header)])
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
    text = " ".join(str(column).split())[:HEADER_CHARS]
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
