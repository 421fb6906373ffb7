"""The choices the proposal and stake forms (and the log form) offer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from crm import rules
from crm.contacts.models import Contact
from crm.core.extensions import db
from crm.organisations.models import Organisation
from crm.proposals.models import Proposal, Stake
from crm.rules import lifecycle

# Value -> label maps the stake tables show.


def organisations_without_stake(proposal: Proposal) -> list[Organisation]:
    """Active organisations that have no stake in the proposal yet, by name."""
    taken = select(Stake.organisation_id).where(Stake.proposal_id == proposal.id)
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.archived.is_(False), Organisation.id.not_in(taken))
            .order_by(Organisation.name_key)
        )
    )


def contact_choices(organisation_id: int, include_id: int | None = None) -> list[tuple[int, str]]:
    """Active contacts of one organisation (plus the current key contact if archived)."""
    query = select(Contact.id, Contact.name, Contact.job_title).where(
        Contact.organisation_id == organisation_id,
        (Contact.archived.is_(False)) | (Contact.id == (include_id or -1)),
    )
    rows = db.session.execute(query.order_by(Contact.name, Contact.id))
    return [(row.id, f"{row.name}, {row.job_title}" if row.job_title else row.name) for row in rows]


def proposal_choices(include: list[int]) -> list[tuple[int, str]]:
    """Proposals still in play, plus any already chosen, as (id, title)."""
    query = select(Proposal.id, Proposal.title).where(
        or_(Proposal.status.in_(lifecycle.OPEN), Proposal.id.in_(include or [-1]))
    )
    rows = db.session.execute(query.order_by(Proposal.created_at.desc(), Proposal.id.desc()))
    return [(row.id, row.title) for row in rows]


@dataclass(frozen=True)
class KeyContactChoice:
    """The current contacts of an organisation a stake is being added for, and the one
    the stake gets unless the user chooses (rules.default_key_contact)."""

    choices: list[tuple[int, str]]
    default: int | None


def key_contact_choices(organisation_ids: Iterable[int]) -> dict[int, KeyContactChoice]:
    """{organisation_id: KeyContactChoice} for organisations about to get a stake (one query)."""
    ids = list(organisation_ids)
    if not ids:
        return {}
    key_stakes = (
        select(Stake.key_contact_id, func.count().label("n"))
        .where(Stake.key_contact_id.is_not(None))
        .group_by(Stake.key_contact_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Contact.id,
            Contact.organisation_id,
            Contact.name,
            Contact.job_title,
            Contact.do_not_contact,
            func.coalesce(key_stakes.c.n, 0),
        )
        .outerjoin(key_stakes, key_stakes.c.key_contact_id == Contact.id)
        .where(Contact.organisation_id.in_(ids), Contact.archived.is_(False))
        .order_by(Contact.name, Contact.id)
    )
    choices: dict[int, list[tuple[int, str]]] = {oid: [] for oid in ids}
    facts: dict[int, list[rules.ContactFact]] = {oid: [] for oid in ids}
    for contact_id, organisation_id, name, job_title, do_not_contact, n in rows:
        label = f"{name}, {job_title}" if job_title else name
        if do_not_contact:
            label += " (do not contact)"
        choices[organisation_id].append((contact_id, label))
        facts[organisation_id].append(rules.ContactFact(contact_id, do_not_contact, n))
    return {
        oid: KeyContactChoice(choices[oid], rules.default_key_contact(facts[oid])) for oid in ids
    }
