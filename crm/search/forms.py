"""The search page's filters (GET, no CSRF)."""

from __future__ import annotations

from wtforms import StringField

from crm.core.forms import (
    ChoiceSelectField,
    FilterForm,
    IdSelectField,
    UKDateField,
    not_before_start,
)
from crm.search import queries
from crm.search.queries import KINDS


class SearchForm(FilterForm):
    """What to look for and where: the box, the kind, a proposal, dates."""

    q = StringField("Search for", render_kw={"autocomplete": "off", "spellcheck": "false"})
    kind = ChoiceSelectField("Show", choices=[("", "Everything")] + KINDS.choices(), default="")
    proposal = IdSelectField("About proposal")
    date_from = UKDateField("From", render_kw={"placeholder": "e.g. 1/9/2026"})
    date_to = UKDateField(
        "To", validators=[not_before_start], render_kw={"placeholder": "e.g. today"}
    )

    def load_choices(self) -> None:
        self.proposal.choices = [(0, "Any proposal"), *queries.proposal_choices()]
