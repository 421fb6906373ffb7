"""What the request form needs and does: defaults, warnings, sending, the ready-to-copy text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for

from crm.auth.models import User
from crm.contacts.models import Contact
from crm.coproduction import mail, requests, sending
from crm.coproduction.governance import governance_of
from crm.coproduction.rules import Governance, Notice, default_response_by, response_notices
from crm.coproduction.services import passages_naming
from crm.core.errors import FieldError
from crm.core.extensions import db
from crm.drafts import queries as draft_queries
from crm.drafts.models import Draft
from crm.organisations.models import Organisation
from crm.proposals.models import Proposal, Stake
from crm.settings.queries import work_calendar


@dataclass
class Setup:
    """Everything the request form shows besides the form itself."""

    today: date
    draft: Draft | None
    named: bool
    deadline: date | None
    window: int
    calendar: object
    governance: Governance
    choices: list[tuple[int, str]]
    defaults: dict
    mail_ready: bool


def _message(proposal, organisation_name: str, named: bool) -> str:
    ask = "what you think of it and whether you agree to it"
    if named:
        ask += f", and whether you are happy for {organisation_name} to be named as the draft does"
    return (
        f"We are preparing “{proposal.title}” and would value {organisation_name}'s view "
        f"before it goes any further. Please let us know {ask}."
    )


def prepare(proposal, stake, today: date) -> Setup:
    """Defaults: the key contact, the response-by date, a message; who may be asked."""
    contacts = requests.askable_contacts(stake.organisation_id)
    draft = draft_queries.latest(proposal.id)
    named = bool(draft and passages_naming(draft, stake.organisation_id))
    deadline = next((m.due_on for m in proposal.milestones if m.is_submission_deadline), None)
    calendar = work_calendar()
    key = stake.key_contact_id if stake.key_contact_id in {c.id for c in contacts} else None
    return Setup(
        today=today,
        draft=draft,
        named=named,
        deadline=deadline,
        window=proposal.min_window_days,
        calendar=calendar,
        governance=governance_of(stake.organisation),
        choices=[(c.id, f"{c.name}, {c.job_title}" if c.job_title else c.name) for c in contacts],
        defaults={
            "contact_id": key or (contacts[0].id if contacts else None),
            "respond_by": default_response_by(deadline, today, proposal.min_window_days, calendar),
            "message": _message(proposal, stake.organisation.name, named),
            "send_via": "app_mail" if sending.app_mail_ready() else "own_mail",
        },
        mail_ready=sending.app_mail_ready(),
    )


def notices(setup: Setup, respond_by: date | None) -> list[Notice]:
    """Warnings about the chosen (or suggested) date to answer by."""
    respond_by = respond_by or setup.defaults["respond_by"]
    if respond_by <= setup.today:
        return []
    return response_notices(
        setup.today, respond_by, setup.window, setup.calendar, setup.governance, setup.deadline
    )


@dataclass(frozen=True)
class Outcome:
    """What happened when the form was sent."""

    done: bool
    message: str = ""
    token: str | None = None
    request_id: int | None = None


def partner_link(token: str) -> str:
    return url_for("respond.page", link=token, _external=True)


def submit(form, proposal, stake, setup: Setup, actor) -> Outcome:
    """Make the request; queue it in the outbox when asked to and app mail is set up."""
    name = stake.organisation.name
    try:
        item, token = requests.create_request(stake, form.data, actor, setup.today, setup.draft)
    except FieldError as error:
        # Checked before anything is written, so there is nothing to roll back (and the
        # page still shows the stake it has loaded).
        form[error.field].errors.append(error.message)
        return Outcome(False)
    db.session.flush()
    if form.send_via.data == "app_mail":
        composed = compose(item, token)
        contact = db.session.get(Contact, item.contact_id)
        sent = sending.send(
            subject=composed.subject,
            text=composed.text,
            html=composed.html,
            to_contact=contact,
            kind="response_request",
            about_type="response_requests",
            about_id=item.id,
            reply_to=actor,
            actor=actor,
        )
        if sent.queued:
            requests.mark_sent(item, "app_mail", actor)
            db.session.commit()
            return Outcome(True, f"Sent to {contact.name} at {name}.", None, item.id)
        db.session.commit()
        return Outcome(True, f"Not sent by Partnerwise: {sent.reason}", token, item.id)
    db.session.commit()
    return Outcome(True, "Request made: now send it from your own email.", token, item.id)


def compose(item, token: str) -> mail.Composed:
    """The request message with its link."""
    stake = db.session.get(Stake, item.stake_id)
    proposal = db.session.get(Proposal, stake.proposal_id)
    contact = db.session.get(Contact, item.contact_id) if item.contact_id else None
    author = db.session.get(User, item.created_by_id) if item.created_by_id else None
    organisation = db.session.get(Organisation, stake.organisation_id)
    return mail.request_message(
        request=item,
        proposal=proposal,
        organisation_name=organisation.name,
        contact=contact,
        author_name=author.name if author else "",
        link=partner_link(token),
    )


def ready_to_copy(item, token: str) -> dict:
    """The message to copy, the mailto: link and the partner's link, shown once."""
    composed = compose(item, token)
    contact = db.session.get(Contact, item.contact_id) if item.contact_id else None
    return {
        "composed": composed,
        "mailto": composed.mailto(contact.email if contact else ""),
        "link": partner_link(token),
        "contact": contact,
    }
