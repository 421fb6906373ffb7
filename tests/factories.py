"""Small factories for test records; each flushes and returns the object."""

from __future__ import annotations

import itertools
from datetime import date

from werkzeug.security import generate_password_hash

from crm.auth.models import User
from crm.contacts.models import Contact
from crm.conversations.models import Conversation, ConversationContact
from crm.conversations.services import refresh_contact_dates
from crm.core.extensions import db
from crm.organisations.models import Organisation, name_key
from crm.proposals.consultation import refresh_consultation
from crm.proposals.models import Proposal, Stake

PASSWORD = "correct horse battery staple"  # noqa: S105
_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
_seq = itertools.count(1)


def user(role: str = "editor", **values) -> User:
    n = next(_seq)
    obj = User(
        name=values.pop("name", f"{role.title()} User {n}"),
        email=values.pop("email", f"{role}{n}@example.org"),
        password_hash=_HASH,
        role=role,
        **values,
    )
    db.session.add(obj)
    db.session.flush()
    return obj


def organisation(name: str | None = None, **values) -> Organisation:
    name = name or f"Organisation {next(_seq)}"
    obj = Organisation(
        name=name, name_key=name_key(name), kind=values.pop("kind", "charity"), **values
    )
    db.session.add(obj)
    db.session.flush()
    return obj


def contact(name: str | None = None, organisation: Organisation | None = None, **values) -> Contact:
    obj = Contact(
        name=name or f"Person {next(_seq)}",
        organisation_id=organisation.id if organisation else None,
        **values,
    )
    db.session.add(obj)
    db.session.flush()
    return obj


def proposal(title: str | None = None, **values) -> Proposal:
    obj = Proposal(
        title=title or f"Proposal {next(_seq)}",
        consultation_start=values.pop("consultation_start", date(2026, 10, 1)),
        **values,
    )
    db.session.add(obj)
    db.session.flush()
    return obj


def stake(
    organisation: Organisation, proposal: Proposal, role: str = "affected", **values
) -> Stake:
    from crm.rules import default_engagement

    obj = Stake(
        organisation_id=organisation.id,
        proposal_id=proposal.id,
        role=role,
        engagement_level=values.pop("engagement_level", default_engagement(role)),
        # Rated unless a test says otherwise (influence=None is "not yet rated").
        influence=values.pop("influence", 3),
        interest=values.pop("interest", 3),
        **values,
    )
    db.session.add(obj)
    db.session.flush()
    refresh_consultation([proposal.id], [organisation.id])  # as adding a stake does
    return obj


def conversation(
    contacts: list[Contact] = (),
    organisations: list[Organisation] = (),
    occurred_on: date = date(2026, 11, 2),
    channel: str = "call",
    outcome: str = "reached",
    **values,
) -> Conversation:
    obj = Conversation(occurred_on=occurred_on, channel=channel, outcome=outcome, **values)
    obj.participants = [ConversationContact(contact_id=c.id) for c in contacts]
    orgs = {o.id: o for o in organisations}
    for person in contacts:
        if person.organisation_id and person.organisation_id not in orgs:
            orgs[person.organisation_id] = db.session.get(Organisation, person.organisation_id)
    obj.organisations = list(orgs.values())
    db.session.add(obj)
    db.session.flush()
    refresh_contact_dates(orgs)  # as the logbook's services do
    links = values.get("proposal_links", ())
    refresh_consultation([link.proposal_id for link in links], orgs)
    return obj
