"""Contact forms."""

from wtforms import BooleanField, EmailField, SearchField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from crm.contacts.queries import SORTS, ContactFilters, organisation_name
from crm.core.db import choices
from crm.core.editlock import LockFields
from crm.core.forms import (
    ChoiceSelectField,
    EmailAddress,
    FilterForm,
    Form,
    IdSelectField,
    UKDateField,
    strip_filter,
)
from crm.rules.vocabulary import LAWFUL_BASES, PREFERRED_CHANNELS


class ContactForm(Form, LockFields):
    """Create or edit a contact."""

    name = StringField(
        "Name",
        validators=[DataRequired(message="Enter the person's name."), Length(max=200)],
        filters=[strip_filter],
    )
    # Its choices are read only to show the form (a county has 2,000 organisations): the
    # service checks the chosen one, under the write lock.
    organisation_id = IdSelectField(
        "Organisation",
        description=(
            "Leave as “No organisation” for an individual, e.g. a lived-experience representative."
        ),
    )
    job_title = StringField(
        "Role or job title", validators=[Length(max=200)], filters=[strip_filter]
    )
    email = EmailField(
        "Email",
        validators=[
            Optional(),
            EmailAddress(message="Enter an email address like name@example.org."),
            Length(max=320),
        ],
        filters=[strip_filter],
    )
    phone = StringField("Phone", validators=[Length(max=40)], filters=[strip_filter])
    phone_other = StringField("Other phone", validators=[Length(max=40)], filters=[strip_filter])
    preferred_channel = SelectField("Prefers", choices=choices(PREFERRED_CHANNELS), default="phone")
    best_times = StringField(
        "Best times to reach",
        validators=[Length(max=200)],
        filters=[strip_filter],
        description="e.g. Mornings; not Fridays",
    )
    notes = TextAreaField("Notes", validators=[Length(max=5000)], filters=[strip_filter])
    lawful_basis = SelectField(
        "Lawful basis for holding their details",
        choices=choices(LAWFUL_BASES),
        default="legitimate_interests",
    )
    consent_date = UKDateField("Consent given on", description="Needed when the basis is consent.")
    lawful_basis_note = StringField(
        "Basis note", validators=[Length(max=300)], filters=[strip_filter]
    )
    do_not_contact = BooleanField("Do not contact")

    def validate_phone(self, field):
        if field.data and not any(ch.isdigit() for ch in field.data):
            raise ValidationError("A phone number needs digits, e.g. 01632 960123.")

    validate_phone_other = validate_phone

    def validate_consent_date(self, field):
        if self.lawful_basis.data == "consent" and field.data is None and not field.errors:
            raise ValidationError("Enter the date they gave consent.")


class ContactFilterForm(FilterForm):
    """The contacts list's search, filters and sort (GET, no CSRF)."""

    q = SearchField(
        "Search", filters=[strip_filter], render_kw={"placeholder": "Name, email or organisation"}
    )
    # Set by links from an organisation: the drop-down holds that one organisation only
    # (one of 2,000 in a county was most of this page's time); search finds the others.
    organisation = IdSelectField("Organisation")
    channel = ChoiceSelectField(
        "Prefers", choices=[("", "Any"), *choices(PREFERRED_CHANNELS)], default=""
    )
    sort = ChoiceSelectField("Sort by", choices=list(SORTS.items()), default="name")
    archived = BooleanField("Archived", render_kw={"value": "1"})
    organisation_name: str | None = None

    def load_choices(self) -> None:
        self.organisation_name = organisation_name(self.organisation.data or None)
        self.organisation.choices = [(0, "Any organisation")]
        if self.organisation_name:
            self.organisation.choices.append((self.organisation.data, self.organisation_name))

    def filters(self) -> ContactFilters:
        """What the list query reads; a value given wrongly is left out."""
        return ContactFilters(
            q=(self.q.data or "")[:200],
            organisation=self.kept("organisation") or None,
            channel=self.kept("channel", ""),
            archived=bool(self.archived.data),
            sort=self.kept("sort", "name"),
        )
