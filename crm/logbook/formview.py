"""Filling the log form and gathering what it shows (pickers, proposals, owners)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import request, url_for
from flask_login import current_user

from crm.auth.queries import user_choices
from crm.contacts.models import Contact
from crm.conversations import queries
from crm.conversations.models import Conversation
from crm.core.dates import today_london
from crm.core.extensions import db
from crm.core.urls import is_htmx, parse_id, safe_next
from crm.logbook.forms import HEARD_STANCES, ConversationEditForm, ConversationForm
from crm.organisations.models import Organisation
from crm.proposals import choices as proposal_choices
from crm.proposals.models import Proposal

DEFAULT_SLOT = "log-conversation"
ORIGINS = ("organisation", "contact", "proposal")
_SLOT = re.compile(r"^[A-Za-z][\w-]{0,60}$")
_TARGET = re.compile(r"^#[A-Za-z][\w-]{0,60}$")


def origin_args(origin: str | None) -> dict:
    """{"organisation": 5} from "organisation:5" (the page the form was opened from)."""
    name, _, value = (origin or "").partition(":")
    number = parse_id(value)
    return {name: number} if name in ORIGINS and number else {}


def clean_slot(value: str | None) -> str:
    """An element id for the form's wrapper; anything odd falls back to the default."""
    return value if value and _SLOT.match(value) else DEFAULT_SLOT


def clean_target(value: str | None) -> str:
    """A CSS id selector (#row-7) for a caller's success fragment, or ''."""
    return value if value and _TARGET.match(value) else ""


def _arg_id(name: str) -> int | None:
    return parse_id(request.args.get(name))


def new_form() -> ConversationForm:
    """The log form; on GET pre-filled from ?organisation=, ?contact=, ?proposal=."""
    form = ConversationForm()
    form.follow_up_owner_id.choices = [(0, "Choose someone")] + user_choices()
    if request.method != "GET":
        return form
    form.occurred_on.data = today_london()
    form.follow_up_owner_id.data = current_user.id
    organisation_id, contact_id, proposal_id = map(_arg_id, ("organisation", "contact", "proposal"))
    if organisation_id:
        organisation = db.session.get(Organisation, organisation_id)
        if organisation is not None and not organisation.archived:
            form.organisation_ids.data = [organisation.id]
    if contact_id:
        contact = db.session.get(Contact, contact_id)
        if contact is not None and not contact.archived:
            form.contact_ids.data = [contact.id]
    if proposal_id and db.session.get(Proposal, proposal_id) is not None:
        form.proposals.data = {proposal_id: None}
    _fill_return(form)
    return form


def edit_form(conversation: Conversation) -> ConversationForm:
    """The same form for an existing conversation; only directly added organisations show."""
    form = ConversationEditForm()
    form.follow_up_owner_id.choices = [(0, "Choose someone")]
    if request.method != "GET":
        return form
    for name in ("occurred_on", "occurred_at", "channel", "outcome", "summary"):
        form[name].data = getattr(conversation, name)
    people = [p.contact for p in conversation.participants if p.contact is not None]
    form.contact_ids.data = [c.id for c in people]
    implied = {c.organisation_id for c in people}
    form.organisation_ids.data = [o.id for o in conversation.organisations if o.id not in implied]
    form.proposals.data = {link.proposal_id: link.stance for link in conversation.proposal_links}
    _fill_return(form)
    return form


def _fill_return(form: ConversationForm) -> None:
    form.next.data = safe_next(request.args.get("next")) or ""
    form.origin.data = next(
        (f"{name}:{request.args[name]}" for name in ORIGINS if _arg_id(name)), ""
    )
    form.slot.data = clean_slot(request.args.get("slot"))
    form.success.data = request.args.get("success", "")[:40]
    form.target.data = clean_target(request.args.get("target"))


@dataclass
class FormContext:
    """What the log form shows besides its fields."""

    chosen_contacts: list = field(default_factory=list)
    chosen_organisations: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    proposals: list = field(default_factory=list)
    stances: dict = field(default_factory=dict)
    all_contacts: list = field(default_factory=list)
    all_organisations: list = field(default_factory=list)
    erased: int = 0
    slot: str = DEFAULT_SLOT
    partial: bool = False
    cancel_url: str = ""


def form_context(form: ConversationForm, conversation: Conversation | None = None) -> FormContext:
    """Load the pickers' records in a fixed number of statements."""
    partial = is_htmx()
    chosen = queries.contacts_by_ids(form.contact_ids.data or [])
    organisations = queries.organisations_by_ids(form.organisation_ids.data or [])
    nearby = [o.id for o in organisations] + [
        c.organisation_id for c in chosen if c.organisation_id
    ]
    context = FormContext(
        chosen_contacts=chosen,
        chosen_organisations=organisations,
        suggestions=queries.suggested_contacts(list(dict.fromkeys(nearby)), [c.id for c in chosen]),
        proposals=proposal_choices.proposal_choices(list(form.proposals.data or {})),
        stances=HEARD_STANCES,
        slot=clean_slot(form.slot.data),
        partial=partial,
        erased=sum(1 for p in conversation.participants if p.contact_id is None)
        if conversation
        else 0,
    )
    if not partial:
        # The picker for browsers without JavaScript: every active person and organisation.
        context.all_contacts = queries.all_active_contacts()
        context.all_organisations = queries.all_active_organisations()
    context.cancel_url = safe_next(form.next.data) or url_for("logbook.index")
    return context
