"""Every row checked against the mapped fields: clean values, problems and warnings per row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from crm.core.text import clean_text, describe_controls
from crm.io.cells import (
    CLEANERS,
    MULTILINE,
    UNREADABLE,
    UNREADABLE_PROBLEM,
    Problem,
    Substitute,
    cell_text,
    clean_name,
    clean_text_field,
)
from crm.io.mapping import field_labels
from crm.organisations.models import name_key


@dataclass
class RowResult:
    """What happens to one row of the file, and why."""

    index: int  # position in the DataFrame
    line: int  # line in the CSV file, or row in the sheet
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    action: str = ""  # create, update, unchanged or skip
    target_id: int | None = None
    target_version: int | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def label(self) -> str:
        return self.values.get("name") or "(no name)"


SKIP = object()  # a blank cell: the field is left as it is


def _outcomes(values: list[str], key: str, label: str) -> list:
    """Each cell cleaned once per distinct value: (value, problem, warning) or SKIP."""
    cleaner = CLEANERS.get(key) or clean_text_field(key)
    cache: dict[str, object] = {}
    outcomes = []
    for raw in values:
        outcome = cache.get(raw)
        if outcome is None:
            text, removed = clean_text(cell_text(raw), multiline=key in MULTILINE)
            note = f"{label}: {describe_controls(removed)} removed." if removed else None
            if not text.strip():
                outcome = SKIP
            elif UNREADABLE in text:
                outcome = (None, f"{label}: {UNREADABLE_PROBLEM}", None)
            else:
                try:
                    outcome = (cleaner(text.strip()), None, note)
                except Problem as problem:
                    outcome = (None, f"{label}: {problem}.", None)
                except Substitute as substitute:
                    warning = f"{label}: {substitute}."
                    outcome = (substitute.value, None, f"{warning} {note}" if note else warning)
            cache[raw] = outcome
        outcomes.append(outcome)
    return outcomes


def validate_rows(
    frame: pd.DataFrame, lines: list[int], mapping: dict[str, str], kind: str
) -> list[RowResult]:
    """Clean each mapped cell of each row; blank cells are left out (they change nothing)."""
    labels = field_labels(kind)
    keys = list(mapping.values())
    columns = [
        _outcomes(frame[column].tolist(), key, labels[key]) for column, key in mapping.items()
    ]
    results: list[RowResult] = []
    for index, row in enumerate(zip(*columns, strict=True)):
        result = RowResult(index=index, line=lines[index])
        values = result.values
        for key, outcome in zip(keys, row, strict=True):
            if outcome is SKIP:
                continue
            value, problem, warning = outcome
            if problem:
                result.problems.append(problem)
                continue
            values[key] = value
            if warning:
                result.warnings.append(warning)
        if "first_name" in values or "last_name" in values:
            _combine_name(result)
        if kind == "contacts" and values.get("lawful_basis") not in (None, "consent"):
            values["consent_date"] = None  # as the contact form does
        results.append(result)
    _mark_duplicates(results, kind)
    return results


def _combine_name(result: RowResult) -> None:
    first = result.values.pop("first_name", "")
    last = result.values.pop("last_name", "")
    if first or last:
        try:
            result.values["name"] = clean_name(f"{first} {last}")
        except Problem as problem:
            result.problems.append(f"Name: {problem}.")


def _mark_duplicates(results: list[RowResult], kind: str) -> None:
    """A later row with the same email (contacts) or name (organisations) is a problem."""
    seen: dict[str, int] = {}
    for result in results:
        if kind == "contacts":
            key = result.values.get("email", "")
            what = "email"
        else:
            key = name_key(result.values.get("name", ""))
            what = "name"
        if not key:
            continue
        if key in seen:
            result.problems.append(
                f"Same {what} as line {seen[key]}: each {what} may appear once in a file."
            )
        else:
            seen[key] = result.line


def stored_names(frame_table, mapping: list[str], kind: str, most: int = 5) -> list[str]:
    """The first names as they would be stored, for the preview (so garbling shows)."""
    picked = {key: header for header, key in zip(frame_table.headers, mapping, strict=True) if key}
    chosen = {k: v for k, v in picked.items() if k in ("name", "first_name", "last_name")}
    if not chosen:
        return []
    head = frame_table.frame.head(50)
    results = validate_rows(
        head, frame_table.lines[: len(head)], {v: k for k, v in chosen.items()}, kind
    )
    names = [r.values.get("name", "") for r in results if r.values.get("name")]
    return [name if len(name) <= 80 else name[:79] + "…" for name in names[:most]]
