"""The audit log's filters (GET, no CSRF)."""

from __future__ import annotations

from wtforms import SelectField, StringField
from wtforms.validators import ValidationError

from crm.auditlog import queries
from crm.core.db import choices
from crm.core.forms import (
    ChoiceSelectField,
    FilterForm,
    IdSelectField,
    UKDateField,
    not_before_start,
    strip_filter,
)
from crm.core.urls import parse_id
from crm.rules.vocabulary import AUDIT_ACTIONS


class AuditFilterForm(FilterForm):
    """Who, which action, which record, between which dates."""

    user = IdSelectField("Who")
    action = ChoiceSelectField(
        "Action", choices=[("", "Any action"), *choices(AUDIT_ACTIONS)], default=""
    )
    # Any record type is a fair question (one not in the log yet matches nothing).
    entity_type = SelectField("Record type", choices=[("", "Any")], validate_choice=False)
    entity_id = StringField(
        "Record number", filters=[strip_filter], render_kw={"inputmode": "numeric"}
    )
    date_from = UKDateField("From", render_kw={"placeholder": "e.g. 1/12/2026"})
    date_to = UKDateField(
        "To", validators=[not_before_start], render_kw={"placeholder": "e.g. today"}
    )

    def load_choices(self) -> None:
        self.user.choices = [(0, "Anyone"), *queries.user_choices()]
        found = queries.entity_types()
        asked = self.entity_type.data or ""
        if asked and asked not in dict(found):  # shown as asked, so the page says what it is
            found.append((asked, queries.ENTITY_LABELS.get(asked, asked)))
        self.entity_type.choices = [("", "Any"), *found]

    def validate_entity_id(self, field):
        if field.data and parse_id(field.data) is None:
            raise ValidationError("Enter the record's number, e.g. 42.")

    def filters(self) -> queries.AuditFilters:
        """What the page's query reads; a value given wrongly is left out."""
        return queries.AuditFilters(
            user=self.kept("user") or None,
            entity_type=(self.entity_type.data or "")[:40],
            entity_id=parse_id(self.kept("entity_id", "")),
            action=self.kept("action", ""),
            date_from=self.kept("date_from"),
            date_to=self.kept("date_to"),
        )
