"""A small exporter for list pages: rows and columns in, a CSV or XLSX download out.

Usage from any list view::

    columns = [Column("Name", lambda o: o.name), Column("Phone", lambda o: o.phone)]
    frame = to_frame(rows, columns)
    return send_frame(frame, fmt, "organisations")  # fmt is "csv" or "xlsx"

Cells that a spreadsheet would run as a formula (text starting with = + - @, a tab or a
carriage return) get a leading single quote, in both formats.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from flask import Response, abort

from crm.core.dates import today_london
from crm.core.text import printable

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One exported column: its header and how to get the value from a row."""

    header: str
    value: Callable[[Any], Any]


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert with a leading quote.

    Control characters go too (crm.text.printable): openpyxl refuses them, and a
    \x0b stored before the text policy would otherwise fail the whole export.
    """
    value = printable(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_frame(rows: Iterable[Any], columns: list[Column]) -> pd.DataFrame:
    """A DataFrame with one row per item and the columns' headers, formulas neutralised."""
    records = [[neutralise(column.value(row)) for column in columns] for row in rows]
    return pd.DataFrame(records, columns=[column.header for column in columns], dtype=object)


def render(frame: pd.DataFrame, fmt: str, sheet_name: str = "Export") -> bytes:
    """The frame as CSV (UTF-8 with a BOM, so Excel reads accents) or as an XLSX workbook."""
    frame = pd.DataFrame(
        {name: pd.Series([neutralise(v) for v in frame[name]], dtype=object) for name in frame},
        columns=frame.columns,
    )  # object columns, so 30 stays 30 (not 30.0) beside an empty cell
    if fmt == "csv":
        return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            frame.to_excel(writer, index=False, sheet_name=sheet_name[:31])
            sheet = writer.sheets[sheet_name[:31]]
            sheet.freeze_panes = "A2"
            for position, header in enumerate(frame.columns):
                widest = max([len(str(header)), *(len(str(v)) for v in frame.iloc[:200, position])])
                letter = sheet.cell(row=1, column=position + 1).column_letter
                sheet.column_dimensions[letter].width = min(60, widest + 2)
        return buffer.getvalue()
    raise ValueError(f"unknown export format {fmt!r}")


def filename(stem: str, fmt: str) -> str:
    """'organisations-2026-12-15.csv'."""
    return f"{stem}-{today_london().isoformat()}.{fmt}"


def send_frame(frame: pd.DataFrame, fmt: str, stem: str) -> Response:
    """A download response for the frame; 404 for a format we do not make."""
    if fmt not in FORMATS:
        abort(404)
    body = render(frame, fmt, sheet_name=stem.replace("-", " ").capitalize())
    return Response(
        body,
        mimetype=FORMATS[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{filename(stem, fmt)}"',
            "Cache-Control": "no-store",
        },
    )
