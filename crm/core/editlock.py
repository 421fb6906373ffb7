"""No lost updates: edit forms carry the version and values they were built from.

How to use it for a versioned record (organisations, contacts, proposals, stakes):

1. The form class mixes in `LockFields` (hidden `version` and `original` fields).
2. In the edit view, on GET: `editlock.prepare(form, record)`.
3. Call the service with `version=editlock.submitted_version(form)`; the service
   raises `StaleEdit` when the version differs (and the VersionedMixin makes
   the UPDATE itself fail with StaleDataError if someone saved in between).
4. `except (StaleEdit, StaleDataError): db.session.rollback(); stale = editlock.stale(form, record)`
   then render the form with status 409 and `{{ stale_notice(stale, url, noun) }}`
   from _macros/forms.html. The notice lists each field someone else changed
   (when you opened the form / saved now / yours), who saved and when. Fields the
   user changed keep their input; fields they had not touched now show the saved
   value, so saving again keeps both people's changes. The hidden fields now
   describe the saved version, so that second save goes through.

The `original` snapshot is signed so it cannot be forged into a misleading
message; it holds only what the page already shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm.exc import StaleDataError
from wtforms import BooleanField, Field, HiddenField, SelectField, SelectMultipleField

from crm.core.errors import FieldError, StaleEdit
from crm.core.extensions import db
from crm.core.forms import form_status
from crm.core.storage import write_lock

SALT = "partnerwise-edit-snapshot"
SKIP = {"csrf_token", "version", "original", "submit"}
# app.extensions key of `lookup(record) -> (name, when)`, registered by crm.audit.init_app.
LAST_SAVER = "partnerwise.last_saver"


class LockFields:
    """Mix into a FlaskForm: the version and the values the form was built from."""

    version = HiddenField()
    original = HiddenField()


@dataclass
class FieldChange:
    """One field someone else changed since the form was opened."""

    name: str
    label: str
    when_opened: str
    saved_now: str
    yours: str
    kept_yours: bool  # False: the user had not changed it, so the form took the saved value


@dataclass
class StaleNotice:
    """What the 409 page shows: who saved, when, and what changed."""

    changes: list[FieldChange] = field(default_factory=list)
    saved_by: str | None = None
    saved_at: datetime | None = None


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=SALT)


def _value(f: Field) -> Any:
    """A field's value in comparable, JSON-safe form."""
    if isinstance(f, BooleanField):
        return bool(f.data)
    if isinstance(f, SelectMultipleField):
        return sorted(str(item) for item in f.data or [])
    if isinstance(f, SelectField):
        if f.data is None:
            # Nothing selected: a browser sends the first option, so that is what was shown.
            first = next(iter(f.choices or []), None)
            return str(first[0]) if isinstance(first, tuple | list) else ""
        return str(f.data)
    return f._value() if hasattr(f, "_value") else str(f.data or "")


def _display(f: Field, value: Any) -> str:
    """A value as people read it: choice labels, Yes/No, "(empty)"."""
    if isinstance(f, BooleanField):
        return "Yes" if value else "No"
    if isinstance(f, SelectField | SelectMultipleField):
        labels = {str(choice[0]): str(choice[1]) for choice in (f.choices or [])}
        if isinstance(value, list):
            return ", ".join(labels.get(item, item) for item in value) or "(empty)"
        return labels.get(value, value) if value not in ("", None) else "(empty)"
    text = str(value) if value is not None else ""
    return text if text.strip() else "(empty)"


def _fields(form) -> list[Field]:
    return [f for f in form if f.name not in SKIP and f.type != "CSRFTokenField"]


def _fresh(form, record):
    """A form of the same class built from the record as saved now (choices copied)."""
    fresh = type(form)(formdata=None, obj=record)
    for f in _fields(fresh):
        if isinstance(f, SelectField | SelectMultipleField):
            f.choices = form[f.name].choices
    return fresh


def record_values(form, record) -> dict[str, Any]:
    """The values a fresh form built from `record` would show."""
    return {f.name: _value(f) for f in _fields(_fresh(form, record))}


def prepare(form, record) -> None:
    """Remember the record's version and shown values in the form's hidden fields."""
    form.version.data = str(record.version)
    form.original.data = _serializer().dumps(record_values(form, record))


def submitted_version(form) -> int | None:
    """The version the submitted form was built from (None if missing or garbled).

    Read from what was posted: the field's data falls back to the record's own version
    (`Form(obj=record)`) when the field is left out, which would let any save through.
    """
    posted = form.version.raw_data or []
    value = str(posted[0] if posted else "").strip()
    return int(value) if value.isdigit() else None


def _original(form) -> dict[str, Any]:
    try:
        loaded = _serializer().loads(form.original.data or "")
    except BadSignature:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _last_saver(record) -> tuple[str | None, datetime | None]:
    """Who saved the record last and when, from the lookup the audit log registers."""
    lookup = current_app.extensions.get(LAST_SAVER)
    return lookup(record) if lookup else (None, None)


def describe_changes(form, record) -> list[FieldChange]:
    """The fields whose saved value differs from what the form showed when it was opened."""
    original = _original(form)
    now = record_values(form, record)
    changes = []
    for f in _fields(form):
        if f.name in original and f.name in now and original[f.name] != now[f.name]:
            changes.append(
                FieldChange(
                    name=f.name,
                    label=str(f.label.text),
                    when_opened=_display(f, original[f.name]),
                    saved_now=_display(f, now[f.name]),
                    yours=_display(f, _value(f)),
                    kept_yours=_value(f) != original[f.name],
                )
            )
    return changes


def stale(form, record) -> StaleNotice:
    """After a refused save: what changed and who saved; untouched fields take the saved value.

    The hidden fields then describe the saved version, so saving again goes through.
    """
    notice = StaleNotice(changes=describe_changes(form, record))
    notice.saved_by, notice.saved_at = _last_saver(record)
    fresh = _fresh(form, record)
    taken = {change.name for change in notice.changes if not change.kept_yours}
    for f in _fields(form):
        if f.name in taken:
            f.process(None, fresh[f.name].data)
            f.raw_data = []  # show the saved value, not what was posted
    prepare(form, record)
    return notice


@dataclass
class EditOutcome:
    """What happened to a submitted edit form: saved, refused as stale, or neither yet."""

    saved: bool = False
    stale: StaleNotice | None = None

    def status(self, form) -> int:
        """The code to show the form again with: 409 when stale, else 422 or 200."""
        return 409 if self.stale else form_status(form)


def save_edit(form, record, update: Callable[[int | None], Any]) -> EditOutcome:
    """The edit-view recipe in one place: validate, save from the form's version, commit.

    `update(version)` calls the feature's service. A FieldError is attached to its
    field, a stale save becomes a StaleNotice; either way nothing is written. On GET
    the form is prepared with the record's version and shown values.
    """
    if not form.validate_on_submit():
        if request.method == "GET":
            prepare(form, record)
        return EditOutcome()
    try:
        # The record is read again under the lock, and its version compared there.
        with write_lock(db.session):
            update(submitted_version(form))
    except FieldError as error:
        db.session.rollback()
        getattr(form, error.field).errors.append(error.message)
        return EditOutcome()
    except (StaleEdit, StaleDataError):
        db.session.rollback()
        return EditOutcome(stale=stale(form, record))
    return EditOutcome(saved=True)
