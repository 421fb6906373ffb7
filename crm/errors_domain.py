"""Exceptions that services raise for problems a user can fix."""

from __future__ import annotations

from typing import Any


class FieldError(ValueError):
    """A problem with one field's value; views attach it to that field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class StaleEdit(Exception):
    """The record changed since the form was built (optimistic locking)."""

    def __init__(self, record: Any):
        super().__init__("stale edit")
        self.record = record


def check_version(record: Any, version: int | None) -> None:
    """Refuse a save from a form built at another version, or at none (fail closed)."""
    if version is None or version != record.version:
        raise StaleEdit(record)
