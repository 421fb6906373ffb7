"""The result objects of an import: options in, per-row report out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pandas as pd

from crm.contacts.models import Contact
from crm.contacts.services import FIELDS as CONTACT_FIELDS
from crm.io.validation import RowResult
from crm.organisations.models import Organisation
from crm.organisations.services import IMPORT_FIELDS as ORGANISATION_FIELDS

# The columns an import may write: the same ones the features' own forms write.
COLUMNS = {
    "organisations": ORGANISATION_FIELDS,
    "contacts": CONTACT_FIELDS,
}
MODELS = {"organisations": Organisation, "contacts": Contact}
MATCH_KEYS = {"organisations": "name", "contacts": "email"}  # matched on, never overwritten


@dataclass
class ImportOptions:
    """How to import: which kind, from which file, and what to do about problem rows."""

    kind: str
    filename: str = ""
    create_missing_organisations: bool = False
    skip_invalid: bool = False
    ref: str = field(default_factory=lambda: uuid.uuid4().hex)


class ImportRefused(Exception):
    """Rows have problems and the user did not choose to skip them: nothing was written."""

    def __init__(self, report: ImportReport):
        super().__init__(f"{len(report.problem_rows)} rows have problems")
        self.report = report


class ImportConflict(Exception):
    """A record changed while the import ran; nothing was written."""


@dataclass
class ImportReport:
    """Per-row results of an import (or a dry run), like Monica's ImportJobReport."""

    options: ImportOptions
    rows: list[RowResult]
    new_organisations: dict[str, str] = field(default_factory=dict)  # name_key -> name
    written: bool = False

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self._count("create")

    @property
    def updated(self) -> int:
        return self._count("update")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def problem_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.problems]

    @property
    def skipped(self) -> int:
        return len(self.problem_rows)

    @property
    def warning_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.warnings and not row.problems]

    @property
    def blocked(self) -> bool:
        """True when problems stop an all-or-nothing import."""
        return bool(self.problem_rows) and not self.options.skip_invalid

    def counts(self) -> dict[str, int]:
        """The figures the audit entry and the result page show."""
        return {
            "rows": len(self.rows),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "organisations_created": len(self.new_organisations),
        }


def skipped_frame(table, report: ImportReport) -> pd.DataFrame:
    """The rows that were not imported, as they were in the file, with the line and reasons."""
    problem_rows = report.problem_rows
    frame = table.frame.iloc[[row.index for row in problem_rows]].copy()
    frame.insert(0, "Line", [row.line for row in problem_rows])
    frame["Problems"] = [" ".join(row.problems) for row in problem_rows]
    return frame.reset_index(drop=True)
