"""The settings form."""

from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from crm.core.db import choices
from crm.core.editlock import LockFields
from crm.core.forms import Form
from crm.rules.vocabulary import NATIONS
from crm.settings.closures import parse_closures


class SettingsForm(Form, LockFields):
    """UK nation, closure periods, default minimum window, retention years."""

    uk_nation = SelectField(
        "UK nation",
        choices=choices(NATIONS),
        description="Public holidays of this nation are not working days.",
    )
    closures = TextAreaField(
        "Closure periods",
        description=(
            "One per line, day/month to day/month, then a name, e.g. "
            "24/12 - 01/01 Christmas closure. These days are not working days."
        ),
        render_kw={"rows": 4},
    )
    default_min_window = IntegerField(
        "Default consultation window (working days)",
        validators=[
            InputRequired(message="Enter a number of working days."),
            NumberRange(min=0, max=120, message="Enter a number from 0 to 120."),
        ],
        description="New proposals start with this; each proposal can change it.",
    )
    retention_years = IntegerField(
        "Retention review after (years)",
        validators=[
            InputRequired(message="Enter a number of years."),
            NumberRange(min=1, max=50, message="Enter a number from 1 to 50."),
        ],
        description="Contacts with no conversation for this long are listed for review.",
    )

    def validate_closures(self, field):
        try:
            self.parsed_closures = parse_closures(field.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from None
