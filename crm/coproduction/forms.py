"""Forms of co-production: recording consent to be named."""

from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length

from crm.coproduction.rules import CONSENT_CHOICES
from crm.forms import UKDateField, strip_filter


class ConsentForm(FlaskForm):
    """What a partner said about being named in a draft version (told by phone, email...)."""

    state = RadioField(
        "What did they say about being named?",
        choices=list(CONSENT_CHOICES),
        validators=[InputRequired(message="Choose what they said about being named.")],
    )
    wording = TextAreaField(
        "The wording they asked for",
        validators=[Length(max=5000)],
        filters=[strip_filter],
        description="Only for “Yes, with this wording”: the passage as they want it to read.",
        render_kw={"rows": 3},
    )
    decided_on = UKDateField("When they said it", description="Leave empty for today.")
    note = TextAreaField(
        "How they told you",
        validators=[Length(max=5000)],
        filters=[strip_filter],
        description="For example: Gwenllian on the phone, after the trustees met.",
        render_kw={"rows": 2},
    )
