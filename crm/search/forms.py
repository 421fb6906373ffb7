"""The search page's filters (GET, no CSRF)."""

from __future__ import annotations

from wtforms import SelectField, StringField, ValidationError

from crm.core.forms import Form, IdSelectField, UKDateField
from crm.search.queries import KINDS


class SearchForm(Form):
    """What to look for and where: the box, the kind, a proposal, dates."""

    class Meta:
        csrf = False

    q = StringField("Search for", render_kw={"autocomplete": "off", "spellcheck": "false"})
    kind = SelectField("Show", choices=[("", "Everything")] + KINDS.choices(), default="")
    proposal = IdSelectField("About proposal")
    date_from = UKDateField("From", render_kw={"placeholder": "e.g. 1/9/2026"})
    date_to = UKDateField("To", render_kw={"placeholder": "e.g. today"})

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")
