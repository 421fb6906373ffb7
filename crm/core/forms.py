"""Form pieces shared by features: the empty POST form, UK dates, status codes, saving."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.validators import Length, ValidationError

from crm.core.dates import parse_uk_date, uk_numeric_date
from crm.core.errors import FieldError, render_error
from crm.core.extensions import db
from crm.core.storage import write_lock
from crm.core.text import clean_text, describe_removed, email_address
from crm.core.urls import parse_id

T = TypeVar("T")


class _TextFilter:
    """The text policy (crm/core/text.py) as a filter on one field; remembers what it removed."""

    def __init__(self, field: Field):
        self.field = field
        self.multiline = isinstance(field, TextAreaField)

    def __call__(self, value):
        if not isinstance(value, str):
            return value
        cleaned, removed = clean_text(value, self.multiline)
        self.field.controls_removed = getattr(self.field, "controls_removed", 0) + removed
        return cleaned


class EmailAddress:
    """The email check every form and the import share (crm.core.text.email_address)."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if field.data and email_address(field.data) is None:
            raise ValidationError(self.message)


def length_limits(form_class: type) -> dict[str, int]:
    """Each text field's most characters, as the form's Length validators say (for the
    import, so a spreadsheet cell obeys the same limit as the form's field)."""
    limits = {}
    for name in dir(form_class):
        unbound = getattr(form_class, name)
        if not isinstance(unbound, UnboundField):
            continue
        for validator in unbound.kwargs.get("validators") or ():
            if isinstance(validator, Length) and validator.max > 0:
                limits[name] = validator.max
    return limits


class _Limit(Length):
    """A length limit said in words, checked by the server (the page says it; no silent cut)."""

    def __call__(self, form, field):
        length = len(field.data or "")
        if self.max != -1 and length > self.max:
            raise ValidationError(
                f"This is {length:,} characters long; shorten it to {self.max:,} or fewer."
            )
        super().__call__(form, field)


def _say_the_limit(field: Field) -> None:
    """Replace a field's Length(max) by _Limit and drop the browser's maxlength.

    A maxlength attribute makes the browser cut a pasted 5,000-character name to 200 without
    a word; the server refuses it instead, keeps what was typed, and the help text says the
    limit (field.char_limit, shown by the field macro).
    """
    validators = []
    for validator in field.validators:
        if isinstance(validator, Length) and validator.max > 0 and validator.message is None:
            field.char_limit = validator.max
            validator = _Limit(validator.min, validator.max)
        validators.append(validator)
    field.validators = validators
    if getattr(field, "char_limit", None) and hasattr(field.flags, "maxlength"):
        delattr(field.flags, "maxlength")


class Form(FlaskForm):
    """Every form's base: typed text follows one policy (crm/core/text.py) before validation.

    Line breaks of every kind become newlines (spaces in one-line fields); invisible
    control characters are removed and the form is shown again with a message naming
    the field, so nothing the user cannot see is stored or silently changed.
    Passwords are left exactly as typed.
    """

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = unbound_field.bind(form=form, **options)
            if isinstance(field, StringField) and not isinstance(field, PasswordField):
                field.filters = (_TextFilter(field), *field.filters)
                _say_the_limit(field)
            return field

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        for field in self:
            field.controls_removed = 0
        super().process(formdata, obj, data, extra_filters, **kwargs)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            removed = getattr(field, "controls_removed", 0)
            if removed:
                field.errors = [*field.errors, describe_removed(str(field.label.text), removed)]
                valid = False
        return valid


class EmptyForm(Form):
    """A form with only the CSRF token, for buttons that POST."""


def form_status(form: FlaskForm) -> int:
    """422 when a submitted form has errors, so bad input is never a 200 or a 500."""
    return 422 if form.errors else 200


def save_new(form: FlaskForm, create: Callable[[], T]) -> T | None:
    """The create-view recipe in one place: validate, call the service, commit.

    Returns the new record, or None when the form is not (validly) submitted or the
    service refuses with a FieldError, which is attached to its field; then nothing
    is written and the view shows the form again with what was typed.
    """
    if not form.validate_on_submit():
        return None
    try:
        with write_lock(db.session):  # held from here to the commit, not while validating
            record = create()
    except FieldError as error:
        db.session.rollback()
        form[error.field].errors.append(error.message)
        return None
    return record


class UKDateField(StringField):
    """A date typed as people type it: 15/12/2026, 15 Dec 2026, 2026-12-15, today."""

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = kwargs.pop("render_kw", {}) or {}
        render_kw.setdefault("placeholder", "e.g. 15/12/2026")
        render_kw.setdefault("autocomplete", "off")
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, date):
            return uk_numeric_date(self.data)
        return self.data or ""

    def process_data(self, value):
        self.data = value.date() if isinstance(value, datetime) else value

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = parse_uk_date(valuelist[0])
        except ValueError as error:
            self.data = None
            raise ValueError(str(error)) from None


def strip_filter(value):
    """Trim surrounding spaces from typed text."""
    return value.strip() if isinstance(value, str) else value


def require_date(form: FlaskForm, field: Field) -> None:
    """Validator: a date must have been given."""
    if field.data is None and not field.errors:
        raise ValidationError("Enter a date, for example 15/12/2026.")


def not_before_start(form: FlaskForm, field: Field) -> None:
    """Validator for a "To" date: not before the form's `date_from` (when both were given)."""
    start = form["date_from"].data
    if field.data and start and not form["date_from"].errors and field.data < start:
        raise ValidationError("The end date is before the start date. Swap them round.")


def int_or_zero(value) -> int:
    """Coerce a select's value; an empty choice is 0 ("any" or "nobody")."""
    if value in ("", None, 0, "0"):
        return 0
    number = parse_id(value)
    if number is None:
        raise ValueError("Choose from the list.")
    return number


class IdSelectField(SelectField):
    """A select of records by id; 0 means none, anything not a number is refused politely."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("choices", [])
        super().__init__(label, validators, coerce=int_or_zero, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = 0
            raise ValueError("Choose from the list.") from None


class ChoiceSelectField(SelectField):
    """A select of fixed words (a vocabulary): anything else is refused, saying what to do."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_choice_message", "Choose one of the options in the list.")
        super().__init__(label, validators, **kwargs)


class FilterForm(Form):
    """A list page's filters, read from the query string (GET, no CSRF).

    A subclass fills its drop-downs of records in `load_choices` (the page only: an export
    needs no labels) and turns what was asked into its query's filters in `filters()`; a
    value given wrongly is left out there, and the page says why (422, the value kept).
    """

    class Meta:
        csrf = False

    def load_choices(self) -> None:
        """Fill the drop-downs that list records (for showing the form)."""

    def kept(self, name: str, default=None):
        """A field's value, or the default when it was given wrongly (the form says why)."""
        field = self[name]
        return default if field.errors or field.data is None else field.data


F = TypeVar("F", bound=FilterForm)


def read_filters(form_class: type[F], args, page: bool = True) -> F:
    """A filter form read from query-string arguments and validated (errors on the form)."""
    form = form_class(formdata=args)
    if page:
        form.load_choices()
    form.validate()
    return form


def refuse_filters(form: FilterForm):
    """The 422 page for a download asked with filters given wrongly: what to fix."""
    wrong = "; ".join(
        f"{form[name].label.text}: {' '.join(errors)}" for name, errors in form.errors.items()
    )
    return render_error(
        422, f"Nothing was downloaded. {wrong} Go back to the list, fix the filter and try again."
    )
