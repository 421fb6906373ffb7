"""The import checks each field by the forms' own rules: no second set to drift."""

from __future__ import annotations

import pandas as pd
import pytest
from werkzeug.datastructures import MultiDict

from crm.contacts.forms import ContactForm
from crm.core.forms import length_limits
from crm.io.cells import LENGTHS
from crm.io.validation import validate_rows
from crm.organisations.forms import OrganisationForm

ADDRESSES = [
    "ada@example.org",
    "Ada.Lovelace@Example.ORG",
    "o'neil@example.co.uk",
    "siân@cymru.example.org",
    "not-an-email",
    "a..b@example.org",
    ".ada@example.org",
    "ada@example",
    "ada@-example.org",
    "ada lovelace@example.org",
    "ada@example.org.",
]


def _import_accepts(kind: str, field: str, value: str) -> bool:
    frame = pd.DataFrame({"Name": ["Ada"], "Value": [value]}, dtype=str)
    (row,) = validate_rows(frame, [2], {"Name": "name", "Value": field}, kind)
    return not row.problems


def _form_accepts(app, form_class, field: str, value: str) -> bool:
    with app.test_request_context(method="POST"):
        form = form_class(formdata=MultiDict({"name": "Ada", field: value}), meta={"csrf": False})
        form.validate()
        return not form[field].errors


@pytest.mark.parametrize("kind", ["organisations", "contacts"])
def test_the_import_limits_are_the_forms_limits(kind):
    form = OrganisationForm if kind == "organisations" else ContactForm
    for field, limit in length_limits(form).items():
        assert LENGTHS[field] == limit, field


@pytest.mark.parametrize("address", ADDRESSES)
@pytest.mark.parametrize(
    ("kind", "form_class"), [("contacts", ContactForm), ("organisations", OrganisationForm)]
)
def test_an_email_is_accepted_by_the_import_exactly_when_the_form_accepts_it(
    app, kind, form_class, address
):
    assert _import_accepts(kind, "email", address) == _form_accepts(
        app, form_class, "email", address
    )


@pytest.mark.parametrize("days", ["0", "1", "30", "3650", "3651", "-5", "ten"])
def test_stay_in_touch_days_are_the_forms_range(app, days):
    assert _import_accepts("organisations", "stay_in_touch_days", days) == _form_accepts(
        app, OrganisationForm, "stay_in_touch_days", days
    )
