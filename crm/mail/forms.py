"""The Outbox page's filter (GET, no CSRF; the page shows it as a row of links)."""

from __future__ import annotations

from crm.core.forms import ChoiceSelectField, FilterForm
from crm.mail.queries import FILTERS


class OutboxFilterForm(FilterForm):
    """Messages in one state, or all of them."""

    state = ChoiceSelectField("State", choices=list(FILTERS.items()), default="")

    def filters(self) -> str:
        """The state to list ('' for all); a state given wrongly is left out."""
        return self.kept("state", "")
