"""How much one import may hold, and the error that says a file cannot be read."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much an import may hold; the defaults suit a 10 MB upload limit.

    Together they bound a worker's memory for any upload (README, "Importing"):
    the file (10 MB), what it unpacks to (XLSX: 200 MB, read as a stream), and what
    is kept of it (rows, columns, cells, and characters per cell).
    """

    max_bytes: int = 10 * MB
    max_rows: int = 100_000
    max_columns: int = 200
    max_cells: int = 2_000_000
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_xlsx_uncompressed: int = 200 * MB
    max_xlsx_ratio: int = 100

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


def size_label(size: int) -> str:
    """A byte count as people say it: 512 bytes, 48 KB, 12.3 MB."""
    if size < 1024:
        return f"{size} bytes"
    if size < MB:
        return f"{size / 1024:.0f} KB"
    return f"{size / MB:.1f} MB".replace(".0 MB", " MB")
