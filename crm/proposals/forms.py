"""Proposal, milestone, status, stake and waiver forms."""

from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from crm.core.db import choices
from crm.core.editlock import LockFields
from crm.core.forms import Form, UKDateField, require_date, strip_filter
from crm.proposals.stakes import DEFAULT, REASON_MAX
from crm.rules import AGREED
from crm.rules.vocabulary import AGREEMENTS, ENGAGEMENT_LEVELS, STAKE_ROLES, STANCES

SCALE = [(1, "1 (low)"), (2, "2"), (3, "3"), (4, "4"), (5, "5 (high)")]
NOT_RATED = "Not yet rated"
# 0 stands for "not yet rated" in a select; the service stores None.
RATING_CHOICES = [(0, NOT_RATED)] + SCALE
ENGAGEMENT_CHOICES = [(DEFAULT, "Default for the role")] + choices(ENGAGEMENT_LEVELS)


class WholeNumberField(IntegerField):
    """An integer field whose parse error says what to type."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a whole number, e.g. 10.") from None


class ProposalForm(Form, LockFields):
    """Create or edit a proposal."""

    title = StringField(
        "Title",
        validators=[DataRequired(message="Enter a title."), Length(max=300)],
        filters=[strip_filter],
    )
    summary = TextAreaField(
        "Summary",
        validators=[Length(max=10000)],
        filters=[strip_filter],
        description="What we propose and what we want from partners.",
    )
    decision_body = StringField(
        "Decision body",
        validators=[Length(max=200)],
        filters=[strip_filter],
        description="Who decides, e.g. Health and Wellbeing Board.",
    )
    author_id = SelectField("Author", coerce=int, choices=[])
    consultation_start = UKDateField(
        "Consultation starts",
        validators=[require_date],
        description="Conversations from this date count as consulting.",
    )
    deadline = UKDateField(
        "Submission deadline (optional)",
        description="The date the draft leaves your hands. Partners must be asked the "
        "minimum window before it; you can add it later.",
    )
    min_window_days = WholeNumberField(
        "Minimum consultation window (working days)",
        validators=[
            InputRequired(message="Enter a number of working days, e.g. 10."),
            NumberRange(min=0, max=120, message="Enter a number of working days from 0 to 120."),
        ],
        description="How long partners get to respond, not counting weekends and holidays.",
    )


class MilestoneForm(Form, LockFields):
    """Add or edit a milestone."""

    name = StringField(
        "Milestone",
        validators=[
            DataRequired(message="Enter a name, e.g. Draft to steering group."),
            Length(max=200),
        ],
        filters=[strip_filter],
    )
    due_on = UKDateField("Date", validators=[require_date])
    is_submission_deadline = BooleanField(
        "This is the submission deadline",
        description="The date the draft leaves the author's hands; one per proposal.",
    )


class StatusForm(Form):
    """Move a proposal on; the reason is needed only for an override."""

    reason = TextAreaField("Reason", validators=[Length(max=REASON_MAX)], filters=[strip_filter])


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AddStakesForm(Form):
    """Give several organisations a stake at once."""

    # The service says which organisations are already in, archived or gone (someone else may
    # have added one since the page was shown), more helpfully than "not a valid choice".
    organisation_ids = MultiCheckboxField(
        "Organisations", coerce=int, choices=[], validate_choice=False
    )
    role = SelectField("Role", choices=choices(STAKE_ROLES), default="affected")
    engagement_level = SelectField(
        "Engagement level",
        choices=ENGAGEMENT_CHOICES,
        default=DEFAULT,
        description="By default: lead and co-producer collaborate, delivery partner involve, "
        "informed inform, the others consult.",
    )

    def validate_organisation_ids(self, field):
        if not field.data:
            raise ValidationError("Choose at least one organisation.")


class StakeForm(Form, LockFields):
    """Edit one stake."""

    role = SelectField("Role", choices=choices(STAKE_ROLES))
    engagement_level = SelectField(
        "Engagement level",
        choices=ENGAGEMENT_CHOICES,
        description="“Default for the role” follows the role if you change it.",
    )
    influence = SelectField("Influence", coerce=int, choices=RATING_CHOICES)
    interest = SelectField("Interest", coerce=int, choices=RATING_CHOICES)
    stance = SelectField("Stance", choices=choices(STANCES))
    agreement = SelectField("Agreement", choices=choices(AGREEMENTS))
    agreement_date = UKDateField("Date of agreement", description="Needed once they agree.")
    agreement_conditions = TextAreaField(
        "Conditions",
        validators=[Length(max=5000)],
        filters=[strip_filter],
        description="Needed for “Agreed with conditions”; kept only for that choice.",
    )
    key_contact_id = SelectField("Key contact", coerce=int, choices=[])
    notes = TextAreaField("Notes", validators=[Length(max=5000)], filters=[strip_filter])

    def validate_agreement_date(self, field):
        if self.agreement.data in AGREED and field.data is None and not field.errors:
            raise ValidationError("Enter the date they agreed.")

    def validate_agreement_conditions(self, field):
        if self.agreement.data == "agreed_with_conditions" and not field.data:
            raise ValidationError("Say what the conditions are.")


class WaiveForm(Form):
    """Waive consulting one organisation."""

    reason = TextAreaField(
        "Why need they not be consulted?",
        validators=[
            DataRequired(message="Say why this organisation need not be consulted."),
            Length(max=REASON_MAX),
        ],
        filters=[strip_filter],
        description="Kept with your name and shown in the engagement report.",
    )
