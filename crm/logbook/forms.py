"""The log-a-conversation form and the conversation list filters."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from wtforms import Field, HiddenField, RadioField, StringField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import Length, ValidationError

from crm.auth.queries import user_choices
from crm.contacts.queries import contact_choices
from crm.conversations.queries import ConversationFilters, all_active_organisations
from crm.core.dates import today_london
from crm.core.db import choices
from crm.core.editlock import LockFields
from crm.core.forms import (
    ChoiceSelectField,
    FilterForm,
    Form,
    IdSelectField,
    UKDateField,
    not_before_start,
    require_date,
    strip_filter,
)
from crm.core.urls import parse_id
from crm.rules.vocabulary import CHANNELS, OUTCOMES, STANCES

# More than a day ahead is a typo, not a conversation (one day of slack for time zones).
FUTURE_SLACK_DAYS = 1
_TIME = re.compile(r"^(\d{1,2})(?:[:.h]?(\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


def future_date_message(value: date | None, today: date | None = None) -> str | None:
    """Why a conversation date is refused, or None when it is fine."""
    if value is None:
        return None
    if value > (today or today_london()) + timedelta(days=FUTURE_SLACK_DAYS):
        return (
            "That date is in the future. Log a conversation once it has happened; "
            "for a planned call, add a follow-up instead."
        )
    return None


def parse_time(text: str) -> time:
    """A time of day as typed: 14:05, 14.05, 1405, 2pm, 2.30pm; raises ValueError."""
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(f"“{text.strip()}” is not a time we recognise. Try 14:30 or 2.30pm.")
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise ValueError("With am or pm, the hour is from 1 to 12, e.g. 2.30pm.")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"“{text.strip()}” is not a time of day. Try 14:30.")
    return time(hour, minute)


class TimeOfDayField(StringField):
    """An optional time of day, typed or picked."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if isinstance(self.data, time) else ""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = parse_time(valuelist[0])
        except ValueError as error:
            self.data = None
            raise ValueError(str(error)) from None


class IdListField(Field):
    """Record ids from checkboxes or a multi-select; anything but whole numbers is refused."""

    def process_data(self, value):
        self.data = list(value or [])

    def process_formdata(self, valuelist):
        ids: list[int] = []
        for raw in valuelist:
            text = str(raw).strip()
            if not text:
                continue
            if parse_id(text) is None:
                self.data = ids
                raise ValueError("Something chosen here was not recognised. Choose again.")
            ids.append(int(text))
        self.data = list(dict.fromkeys(ids))


class ProposalStancesField(Field):
    """Proposals a conversation concerns, each with the stance heard (or None).

    Posted as `proposal_ids=3` (ticked) and `stance-3=supportive`; choosing a stance
    counts as ticking, so one tap on a phone is enough.
    """

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        self.raw_data = None
        self.data = {} if data in (None, unset_value) else dict(data)
        self.object_data = self.data
        if formdata is None:
            return
        self.data = {}
        ids = formdata.getlist("proposal_ids")
        ids += [
            key.removeprefix("stance-")
            for key in formdata
            if key.startswith("stance-") and formdata.get(key)
        ]
        for raw in ids:
            if parse_id(raw) is None:
                self.process_errors.append("A proposal chosen was not recognised. Choose again.")
                continue
            stance = formdata.get(f"stance-{raw}") or None
            if stance is not None and stance not in STANCES:
                self.process_errors.append("Choose a stance from the list.")
                stance = None
            self.data[int(raw)] = stance or self.data.get(int(raw))


# Stances a person can be heard to take; "unknown" is what "not said" means.
HEARD_STANCES = {key: label for key, label in STANCES.items() if key != "unknown"}


class ConversationForm(Form):
    """Log (or edit) a conversation: one short form."""

    occurred_on = UKDateField(
        "When",
        validators=[require_date],
        description="Type a date, or “yesterday”, or “3 Dec”.",
    )
    occurred_at = TimeOfDayField("Time (optional)", render_kw={"placeholder": "e.g. 14:30"})
    contact_ids = IdListField("With whom")
    organisation_ids = IdListField("Organisations")
    channel = RadioField("How", choices=choices(CHANNELS), default="call", validate_choice=False)
    outcome = RadioField(
        "Outcome", choices=choices(OUTCOMES), default="reached", validate_choice=False
    )
    summary = TextAreaField(
        "Summary",
        validators=[Length(max=5000, message="Keep the summary under 5,000 characters.")],
        filters=[strip_filter],
        description="What was said, agreed or asked.",
        render_kw={"rows": 3},
    )
    proposals = ProposalStancesField("Proposals it concerns")
    follow_up_description = StringField(
        "Follow-up: what needs doing",
        validators=[Length(max=1000, message="Keep the follow-up under 1,000 characters.")],
        filters=[strip_filter],
        render_kw={"placeholder": "e.g. Send them the draft"},
    )
    follow_up_owner_id = IdSelectField("Whose job")
    follow_up_due_on = UKDateField("Due")
    # Where the form was opened from: where to go (or what to swap in) after saving.
    next = HiddenField()
    origin = HiddenField()  # "organisation:5": what "Log another" is pre-filled with
    slot = HiddenField()
    success = HiddenField()
    target = HiddenField()

    def validate_occurred_on(self, field):
        message = future_date_message(field.data)
        if message:
            raise ValidationError(message)

    def validate_channel(self, field):
        if field.data not in CHANNELS:
            raise ValidationError("Choose how you talked: a call, a meeting and so on.")

    def validate_outcome(self, field):
        if field.data not in OUTCOMES:
            raise ValidationError("Choose what happened: reached, no answer or left a message.")

    def validate_contact_ids(self, field):
        if not field.errors and not field.data and not self.organisation_ids.data:
            raise ValidationError("Choose at least one person or organisation.")

    def validate_follow_up_description(self, field):
        other = self.follow_up_due_on.data or self.follow_up_due_on.errors
        if other and not field.data:
            raise ValidationError("Say what needs doing, or clear the due date.")

    def validate_proposals(self, field):
        if any(field.data.values()) and self.outcome.data != "reached":
            raise ValidationError(
                "A stance can only be heard when you reached them; clear the stance, "
                "or set the outcome to Reached."
            )

    def validate_follow_up_owner_id(self, field):
        valid = {value for value, _ in field.choices}
        if self.follow_up_description.data and field.data not in valid:
            raise ValidationError("Choose who will do it.")


class ConversationFilterForm(FilterForm):
    """The filters of the conversations list (GET, no CSRF)."""

    q = StringField("Search summaries", filters=[strip_filter])
    organisation = IdSelectField("Organisation")
    contact = IdSelectField("Person")
    channel = ChoiceSelectField("How", choices=[("", "Any way"), *choices(CHANNELS)], default="")
    outcome = ChoiceSelectField(
        "Outcome", choices=[("", "Any outcome"), *choices(OUTCOMES)], default=""
    )
    date_from = UKDateField("From", render_kw={"placeholder": "e.g. 1/9/2026"})
    date_to = UKDateField(
        "To", validators=[not_before_start], render_kw={"placeholder": "e.g. today"}
    )
    logged_by = IdSelectField("Logged by")
    proposal = HiddenField()  # from a proposal's "all conversations" link

    def load_choices(self) -> None:
        self.organisation.choices = [(0, "Any organisation"), *all_active_organisations()]
        self.contact.choices = [(0, "Anyone"), *contact_choices()]
        self.logged_by.choices = [(0, "Anyone"), *user_choices()]

    def filters(self) -> ConversationFilters:
        """What the list query reads; a value given wrongly is left out."""
        return ConversationFilters(
            q=(self.q.data or "")[:200],
            organisation=self.kept("organisation", 0),
            contact=self.kept("contact", 0),
            channel=self.kept("channel", ""),
            outcome=self.kept("outcome", ""),
            date_from=self.kept("date_from"),
            date_to=self.kept("date_to"),
            logged_by=self.kept("logged_by", 0),
            proposal=parse_id(self.proposal.data) or 0,
        )


class ConversationEditForm(ConversationForm, LockFields):
    """The log form for an existing conversation: carries its version (no lost updates)."""
