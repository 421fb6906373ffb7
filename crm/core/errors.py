"""Errors: the exceptions services raise for problems a user can fix, and the error pages."""

from __future__ import annotations

import logging
import traceback
from typing import Any

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

from crm.core.extensions import db
from crm.core.urls import is_htmx

log = logging.getLogger(__name__)


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


MESSAGES = {
    400: (
        "That request did not make sense",
        "Something in what was sent was wrong or missing. Go back and try again.",
    ),
    403: (
        "You cannot do that",
        "Your role does not allow this. Ask an admin if you think it should.",
    ),
    404: (
        "Not found",
        "There is nothing here. It may have been archived or the link may be wrong.",
    ),
    405: ("Not allowed", "That page cannot be used that way. Use the buttons on the page."),
    409: (
        "Someone else changed this",
        "It was saved by someone else while you were working. Reload and try again.",
    ),
    413: (
        "That file is too big",
        "The upload is larger than this site accepts (10 MB). "
        "Split it or remove columns you do not need.",
    ),
    422: (
        "Check what you asked for",
        "Something in the request was not understood. Go back and try again.",
    ),
    429: ("Too many attempts", "Wait a few minutes and try again."),
    500: (
        "Something went wrong on our side",
        "Nothing you did caused this. The error was logged; try again in a moment.",
    ),
}


def render_error(code: int, detail: str | None = None):
    """The error page for a status code."""
    title, text = MESSAGES.get(code, MESSAGES[500])
    if is_htmx():
        return render_template(
            "errors/_inline.html", title=title, text=detail or text, code=code
        ), code
    return render_template("errors/error.html", title=title, text=detail or text, code=code), code


def register(app: Flask) -> None:
    """Attach handlers for HTTP errors, CSRF failures and stale saves."""

    def handle_http(error):
        return render_error(error.code, getattr(error, "description_override", None))

    for code in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(code, handle_http)

    @app.errorhandler(CSRFError)
    def handle_csrf(error):
        return render_error(
            400,
            "The form had expired or was sent from elsewhere. "
            "Go back, reload the page and try again.",
        )

    @app.errorhandler(StaleDataError)
    def handle_stale(error):
        db.session.rollback()
        return render_error(409)

    @app.errorhandler(500)
    def handle_500(error):
        db.session.rollback()
        return render_error(500)

    app.log_exception = log_exception_without_values  # type: ignore[method-assign]


def log_exception_without_values(exc_info) -> None:
    """Log an unhandled error's type and stack, not its message.

    Messages carry data: PostgreSQL's "Failing row contains (...)" lists a
    contact's name and email, whatever hide_parameters says. The stack and the
    type (plus the constraint, for database errors) are enough to find the bug.
    """
    exc_type, exc, tb = exc_info
    detail = exc_type.__name__ if exc_type else "error"
    if isinstance(exc, DBAPIError):
        orig = exc.orig
        diag = getattr(orig, "diag", None)
        constraint = getattr(diag, "constraint_name", None)
        where = f", constraint {constraint}" if constraint else ""
        detail = f"{detail} ({type(orig).__name__}{where})"
    stack = "".join(traceback.format_tb(tb))
    log.error(
        "Exception on %s [%s]: %s; message withheld (may hold personal data)\n%s",
        request.path,
        request.method,
        detail,
        stack,
    )
