"""Organisation forms."""

from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

from crm.auth.queries import user_choices
from crm.core.db import choices
from crm.core.editlock import LockFields
from crm.core.forms import (
    ChoiceSelectField,
    EmailAddress,
    FilterForm,
    Form,
    IdSelectField,
    strip_filter,
)
from crm.organisations.models import MEETING_WEEKS, WEEKDAYS
from crm.organisations.queries import SORTS, OrganisationFilters
from crm.rules.relationships import STAY_IN_TOUCH_DAYS, STAY_IN_TOUCH_PROBLEM
from crm.rules.vocabulary import DECIDES_BY, ORGANISATION_KINDS


def _number_or_none(value):
    """A select's value as a whole number, or None for the empty choice."""
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() else None


class OrganisationForm(Form, LockFields):
    """Create or edit an organisation."""

    name = StringField(
        "Name",
        validators=[DataRequired(message="Enter the organisation's name."), Length(max=200)],
        filters=[strip_filter],
    )
    aliases = TextAreaField(
        "Also known as",
        validators=[Length(max=2500)],
        filters=[strip_filter],
        description=(
            "Short names and acronyms, one per line, e.g. Riverside, RPSN. Drafts are checked "
            "for these too. Names in capitals (ICB) are found only in capitals, one-word names "
            "only with a capital letter."
        ),
        render_kw={"rows": 2},
    )
    kind = SelectField("Kind", choices=choices(ORGANISATION_KINDS), default="community_group")
    description = TextAreaField(
        "What they do", validators=[Length(max=5000)], filters=[strip_filter]
    )
    website = StringField(
        "Website",
        validators=[
            Optional(),
            URL(message="Enter a full web address, like https://example.org."),
            Length(max=300),
        ],
        filters=[strip_filter],
    )
    phone = StringField("Main phone", validators=[Length(max=40)], filters=[strip_filter])
    email = EmailField(
        "Email",
        validators=[
            Optional(),
            EmailAddress(message="Enter an email address like info@example.org."),
            Length(max=320),
        ],
        filters=[strip_filter],
    )
    address = TextAreaField("Address", validators=[Length(max=1000)], filters=[strip_filter])
    area_served = StringField("Area served", validators=[Length(max=200)], filters=[strip_filter])
    tags = StringField(
        "Tags",
        validators=[Length(max=500)],
        filters=[strip_filter],
        description="Separate tags with commas, e.g. peer support, mental health.",
    )
    owner_id = SelectField("Relationship owner", coerce=int, choices=[])
    decides_by = SelectField(
        "How they decide whether to back a proposal",
        choices=DECIDES_BY.choices(),
        default="unknown",
        description="If their trustees or board must approve, record when they meet below.",
    )
    meeting_week = SelectField(
        "Decision meetings every month on the",
        choices=[(None, "No monthly meeting")] + list(MEETING_WEEKS.items()),
        coerce=_number_or_none,
        validate_choice=False,
    )
    meeting_weekday = SelectField(
        "Day",
        choices=[(None, "Choose a day")] + list(WEEKDAYS.items()),
        coerce=_number_or_none,
        validate_choice=False,
    )
    meeting_dates = TextAreaField(
        "Or on these dates",
        validators=[Length(max=2000)],
        description="One date per line, e.g. 14/01/2027.",
        render_kw={"rows": 2},
    )
    stay_in_touch_days = IntegerField(
        "Stay in touch every (days)",
        validators=[
            Optional(),
            NumberRange(
                min=STAY_IN_TOUCH_DAYS.start,
                max=STAY_IN_TOUCH_DAYS.stop - 1,
                message=f"Enter {STAY_IN_TOUCH_PROBLEM}, or leave it empty.",
            ),
        ],
        description="Leave empty if there is no regular contact to keep up.",
    )


class OrganisationFilterForm(FilterForm):
    """The organisations list's search, filters and sort (GET, no CSRF)."""

    q = SearchField(
        "Search", filters=[strip_filter], render_kw={"placeholder": "Name, email, tag or area"}
    )
    kind = ChoiceSelectField(
        "Kind", choices=[("", "Any kind"), *choices(ORGANISATION_KINDS)], default=""
    )
    owner = IdSelectField("Owner")
    sort = ChoiceSelectField("Sort by", choices=list(SORTS.items()), default="name")
    archived = BooleanField("Archived", render_kw={"value": "1"})
    overdue = BooleanField("Overdue to stay in touch", render_kw={"value": "1"})

    def load_choices(self) -> None:
        self.owner.choices = [(0, "Anyone"), *user_choices()]

    def filters(self) -> OrganisationFilters:
        """What the list query reads; a value given wrongly is left out."""
        return OrganisationFilters(
            q=(self.q.data or "")[:200],
            kind=self.kept("kind", ""),
            owner=self.kept("owner") or None,
            archived=bool(self.archived.data),
            overdue=bool(self.overdue.data),
            sort=self.kept("sort", "name"),
        )
