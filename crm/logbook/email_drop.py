"""Log an email by dropping it: read the .eml or .msg, fill the log form, let the user check.

Nothing is saved here and no file is kept: the email is read in memory and the log
form comes back filled in (date and time, channel email, outcome reached, summary,
the people matched by address). Saving is the ordinary log form's POST.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.exceptions import RequestEntityTooLarge

from crm.auth.models import User
from crm.auth.queries import user_choices
from crm.contacts.models import Contact
from crm.core.dates import LONDON
from crm.core.extensions import csrf, db
from crm.core.urls import safe_next
from crm.logbook.forms import ConversationForm
from crm.logbook.formview import clean_slot, form_context, origin_args
from crm.mail.reading import MailFileError, Person, ReadEmail, read_email_file
from crm.mail.text import summary_for

FILE_FIELD = "email_file"


@dataclass
class EmailMatch:
    """Who on the email is a contact, who is one of us, and who is unknown."""

    contacts: list[Contact] = field(default_factory=list)
    unknown: list[Person] = field(default_factory=list)
    suggested_organisation: dict[str, int] = field(default_factory=dict)  # domain -> org id


def match_people(email: ReadEmail) -> EmailMatch:
    """Contacts by address (two statements); users' own addresses are left out."""
    addresses = [person.address for person in email.people]
    if not addresses:
        return EmailMatch()
    contacts = db.session.scalars(
        select(Contact)
        .where(func.lower(Contact.email).in_(addresses), Contact.archived.is_(False))
        .order_by(Contact.name_key, Contact.id)
    ).all()
    ours = set(
        db.session.scalars(
            select(func.lower(User.email)).where(func.lower(User.email).in_(addresses))
        )
    )
    known = {contact.email.lower() for contact in contacts}
    unknown = [p for p in email.people if p.address not in known and p.address not in ours]
    domains = {
        contact.email.lower().rpartition("@")[2]: contact.organisation_id
        for contact in contacts
        if contact.organisation_id
    }
    return EmailMatch(list(contacts), unknown, domains)


def _read_upload() -> ReadEmail:
    """The uploaded file, read; raises MailFileError."""
    limit = current_app.config["MAIL_FILE_MAX_BYTES"]
    request.max_content_length = limit + 64 * 1024
    request.max_form_memory_size = 64 * 1024
    try:
        upload = request.files.get(FILE_FIELD)
    except RequestEntityTooLarge:
        raise MailFileError(
            f"That file is over {limit // 1_048_576} MB. Save the email without its "
            "attachments and drop it again.",
            status=413,
        ) from None
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    if upload is None or not upload.filename:
        raise MailFileError("Choose an email file (.eml or .msg) first.", status=400)
    return read_email_file(upload.read(limit + 1), upload.filename, limit)


def _posted(name: str) -> str:
    """A posted text field; '' when the request was too big to read."""
    try:
        return request.form.get(name, "")
    except RequestEntityTooLarge:
        return ""


def filled_form(email: ReadEmail, matched: EmailMatch) -> ConversationForm:
    """The log form as the email fills it in."""
    form = ConversationForm(formdata=None)
    form.follow_up_owner_id.choices = [(0, "Choose someone")] + user_choices()
    form.follow_up_owner_id.data = current_user.id
    if email.sent_at is not None:
        local = email.sent_at.astimezone(LONDON)
        form.occurred_on.data = local.date()
        form.occurred_at.data = local.time().replace(second=0, microsecond=0)
    form.channel.data = "email"
    form.outcome.data = "reached"
    form.summary.data = summary_for(email)
    form.contact_ids.data = [contact.id for contact in matched.contacts]
    origin = _posted("origin")
    args = origin_args(origin)
    form.organisation_ids.data = [args["organisation"]] if "organisation" in args else []
    if "proposal" in args:
        form.proposals.data = {args["proposal"]: None}
    form.origin.data = origin if args else ""
    form.next.data = safe_next(_posted("next")) or ""
    form.slot.data = clean_slot(None)
    return form


def from_email():
    """POST an .eml or .msg: the log form filled in from it, or the reason it cannot be read."""
    try:
        email = _read_upload()
    except MailFileError as error:
        form = ConversationForm(formdata=None)
        form.follow_up_owner_id.choices = [(0, "Choose someone")] + user_choices()
        form.next.data = safe_next(_posted("next")) or ""
        return _render(form, file_error=str(error)), error.status
    matched = match_people(email)
    form = filled_form(email, matched)
    return _render(form, email=email, matched=matched), 200


def _render(form, email=None, matched=None, file_error=None):
    return render_template(
        "logbook/form.html",
        form=form,
        ctx=form_context(form),
        conversation=None,
        action=url_for("logbook.create"),
        email=email,
        matched=matched,
        file_error=file_error,
    )
