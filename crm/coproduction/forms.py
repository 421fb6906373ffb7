"""Forms of co-production: consent to be named, asking in writing, the partner page."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from crm.core.forms import UKDateField, require_date, strip_filter
from crm.rules.vocabulary import (
    ANSWER_AGREEMENTS,
    ANSWER_NAMING,
    ANSWER_STANCES,
    NAMING_CONSENTS,
    SENT_VIA,
)


class ConsentForm(FlaskForm):
    """What a partner said about being named in a draft version (told by phone, email...)."""

    state = RadioField(
        "What did they say about being named?",
        choices=NAMING_CONSENTS.choices(),
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


class AskForm(FlaskForm):
    """Ask one person at a partner to answer in writing."""

    contact_id = SelectField(
        "Who to ask",
        coerce=int,
        choices=[],
        validate_choice=False,
        description="People marked “do not contact” are not offered.",
    )
    respond_by = UKDateField(
        "Answer by",
        validators=[require_date],
        description="Suggested: the submission deadline less a few working days to revise.",
    )
    message = TextAreaField(
        "Your message",
        validators=[Length(max=5000, message="Keep the message under 5000 characters.")],
        filters=[strip_filter],
        render_kw={"rows": 5},
    )
    share_whole_draft = BooleanField(
        "Share the whole draft",
        description="Otherwise they see the summary and the passages that name them.",
    )
    send_via = RadioField(
        "How to send it",
        choices=SENT_VIA.choices(),
        default="own_mail",
        validators=[InputRequired(message="Choose how to send it.")],
    )


class PartnerForm(FlaskForm):
    """The partner page's three questions, and who is answering."""

    responder_name = StringField(
        "Your name", validators=[Length(max=200)], filters=[strip_filter],
        render_kw={"autocomplete": "name"},
    )  # fmt: skip
    responder_role = StringField(
        "Your role", validators=[Length(max=200)], filters=[strip_filter],
        description="For example: chair of trustees, service manager.",
        render_kw={"autocomplete": "organization-title"},
    )  # fmt: skip
    stance = RadioField("1. What do you think of the proposal?", choices=ANSWER_STANCES.choices(),
                        validate_choice=False)  # fmt: skip
    stance_comments = TextAreaField(
        "Comments (optional)", validators=[Length(max=5000)], filters=[strip_filter],
        render_kw={"rows": 4},
    )  # fmt: skip
    agreement = RadioField("2. Do you agree to it?", choices=ANSWER_AGREEMENTS.choices(),
                           validate_choice=False)  # fmt: skip
    agreement_detail = TextAreaField(
        "Your conditions, or why you need more time", validators=[Length(max=5000)],
        filters=[strip_filter], description="Needed if you have conditions or need more time.",
        render_kw={"rows": 3},
    )  # fmt: skip
    naming = RadioField("3. May we name you as the draft does?", choices=ANSWER_NAMING.choices(),
                        validate_choice=False)  # fmt: skip
    naming_wording = TextAreaField(
        "The wording you would like", validators=[Length(max=5000)], filters=[strip_filter],
        description="Needed if you choose “Yes, with this wording”.", render_kw={"rows": 3},
    )  # fmt: skip
