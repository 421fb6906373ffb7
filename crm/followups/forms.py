"""The follow-up form."""

from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from crm.core.editlock import LockFields
from crm.core.forms import (
    ChoiceSelectField,
    FilterForm,
    Form,
    IdSelectField,
    UKDateField,
    strip_filter,
)
from crm.followups.queries import SHOW, WHO, FollowUpFilters


class FollowUpForm(Form, LockFields):
    """Create or edit a follow-up."""

    description = StringField(
        "What needs doing",
        validators=[
            DataRequired(message="Say what needs doing."),
            Length(max=1000, message="Keep it under 1,000 characters."),
        ],
        filters=[strip_filter],
        render_kw={"placeholder": "e.g. Send Mind the draft paper"},
    )
    due_on = UKDateField("Due", description="Leave empty if there is no date.")
    owner_id = IdSelectField("Whose job")
    organisation_id = IdSelectField("Organisation")
    contact_id = IdSelectField("Person")
    proposal_id = IdSelectField("Proposal")
    next = HiddenField()

    def validate_owner_id(self, field):
        if not field.data:
            raise ValidationError("Choose who will do it.")


class FollowUpFilterForm(FilterForm):
    """Mine or everyone's, to do or done (GET, no CSRF; the page shows them as tabs)."""

    who = ChoiceSelectField("Whose", choices=list(WHO.items()), default="mine")
    show = ChoiceSelectField("Show", choices=list(SHOW.items()), default="open")

    def filters(self) -> FollowUpFilters:
        """What the list query reads; a value given wrongly is left out."""
        return FollowUpFilters(who=self.kept("who", "mine"), show=self.kept("show", "open"))
