"""What a merge would move: the preview, read in a fixed number of statements.

A plan carries a token, a hash of both records' versions and of every count it shows.
The confirm form sends the token back and the service builds the plan again: if
anything changed in between (an edit, a new conversation, a new stake), the tokens
differ and the merge is refused as stale, so nobody merges on a preview that is no
longer true.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased, joinedload

from crm.contacts.models import Contact
from crm.conversations.models import ConversationContact, conversation_organisations
from crm.coproduction.models import NamingConsent, ResponseAnswer, ResponseRequest
from crm.core.errors import FieldError
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.mail.models import OutboxMessage
from crm.merging.words import CONTACT_LABELS, ORGANISATION_LABELS, SINGULAR
from crm.organisations.models import Organisation
from crm.organisations.services import (
    ALIAS_MAX,
    check_aliases,
    normalise_aliases,
    normalise_tags,
)
from crm.proposals.models import Proposal, Stake
from crm.rules.merging import CONTACT_FILL, ORGANISATION_FILL, combine_contacts, fill_blanks


class MergeRefused(Exception):
    """A merge that cannot be done as asked; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Move:
    """One line of the preview: how many of something move, in words."""

    label: str  # plural, as in "3 conversations"
    count: int
    note: str = ""

    @property
    def words(self) -> str:
        """The count with the label in the right number: "1 contact", "2 contacts"."""
        label = SINGULAR.get(self.label, self.label) if self.count == 1 else self.label
        return f"{self.count} {label}"


@dataclass
class Plan:
    """What merging `other` into `kept` would do."""

    kept: object
    other: object
    moves: list[Move]
    details: list[str] = field(default_factory=list)  # "Phone (from the other)"...
    combined: list[str] = field(default_factory=list)  # proposal titles, for stakes
    token: str = ""
    # People with the same name at both organisations: likely one person, to merge next.
    namesakes: list[str] = field(default_factory=list)

    @property
    def count(self) -> dict[str, int]:
        return {move.label: move.count for move in self.moves}

    @property
    def moving(self) -> list[Move]:
        return [move for move in self.moves if move.count]

    @property
    def nothing(self) -> list[str]:
        """The kinds of record with nothing to move."""
        return [move.label for move in self.moves if not move.count]


def _token(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def _count(statement) -> object:
    return select(func.count()).select_from(statement.subquery()).scalar_subquery()


def _pair(model, kept_id: int, other_id: int, what: str, *options):
    """Both records (one statement), refusing the merges that make no sense."""
    if kept_id == other_id:
        raise MergeRefused(f"Choose another {what}: a record cannot be merged into itself.")
    found = {row.id: row for row in db.session.scalars(
        select(model).where(model.id.in_((kept_id, other_id))).options(*options)
    )}  # fmt: skip
    if kept_id not in found or other_id not in found:
        raise MergeRefused(f"That {what} does not exist (any more). Choose from the list.", 404)
    kept, other = found[kept_id], found[other_id]
    for record, role in ((kept, "kept"), (other, "merged into it")):
        if record.archived:
            raise MergeRefused(
                f"{record.name} is archived, so it cannot be {role}. "
                "Restore it first, or choose another."
            )
    return kept, other


def merged_aliases(kept: Organisation, other: Organisation) -> str:
    """The kept organisation's also-known-as names with the other's name and names added.

    Only names the organisation form would accept are added (at most ALIAS_MAX, each one
    short enough to find in a draft), so the kept organisation stays editable.
    """
    joined = "\n".join([kept.aliases, other.name, other.aliases])
    usable = []
    for alias in normalise_aliases(joined, kept.name).split("\n"):
        try:
            check_aliases(alias)
        except FieldError:
            continue
        usable.append(alias)
    return "\n".join(usable[:ALIAS_MAX])


def organisation_plan(kept_id: int, other_id: int) -> Plan:
    """The preview of merging organisation `other_id` into `kept_id` (four statements)."""
    kept, other = _pair(Organisation, kept_id, other_id, "organisation")
    links = conversation_organisations.c
    kept_link = aliased(conversation_organisations)
    kept_stake = aliased(Stake)
    other_stakes = select(Stake.id).where(Stake.organisation_id == other.id)
    requests = select(ResponseRequest.id).where(ResponseRequest.stake_id.in_(other_stakes))
    counts = db.session.execute(
        select(
            _count(select(Contact.id).where(Contact.organisation_id == other.id)),
            _count(select(links.conversation_id).where(links.organisation_id == other.id)),
            _count(
                select(links.conversation_id)
                .join(kept_link, kept_link.c.conversation_id == links.conversation_id)
                .where(links.organisation_id == other.id, kept_link.c.organisation_id == kept.id)
            ),
            _count(other_stakes),
            _count(select(FollowUp.id).where(FollowUp.organisation_id == other.id)),
            _count(requests),
            _count(select(ResponseAnswer.id).where(ResponseAnswer.request_id.in_(requests))),
            _count(select(NamingConsent.id).where(NamingConsent.stake_id.in_(other_stakes))),
        )
    ).one()
    contacts, conversations, shared, stakes, follow_ups, asked, answers, consents = counts
    combined = list(
        db.session.scalars(
            select(Proposal.title)
            .join(Stake, Stake.proposal_id == Proposal.id)
            .join(
                kept_stake,
                and_(
                    kept_stake.proposal_id == Stake.proposal_id,
                    kept_stake.organisation_id == kept.id,
                ),
            )
            .where(Stake.organisation_id == other.id)
            .order_by(Proposal.title)
        )
    )
    theirs = aliased(Contact)
    namesakes = list(
        db.session.scalars(
            select(Contact.name)
            .join(theirs, theirs.name_key == Contact.name_key)
            .where(
                Contact.organisation_id == kept.id,
                theirs.organisation_id == other.id,
                Contact.archived.is_(False),
                theirs.archived.is_(False),
            )
            .distinct()
            .order_by(Contact.name)
        )
    )
    aliases = merged_aliases(kept, other)
    new_aliases = [a for a in aliases.split("\n") if a and a not in kept.alias_list]
    new_tags = [t for t in normalise_tags(f"{kept.tags},{other.tags}").split(",")
                if t and t not in kept.tag_list]  # fmt: skip
    filled = fill_blanks(_values(kept, ORGANISATION_FILL), _values(other, ORGANISATION_FILL),
                         ORGANISATION_FILL)  # fmt: skip
    moves = [
        Move("contacts", contacts),
        Move("conversations", conversations, _shared_note(shared)),
        Move("stakes in proposals", stakes, _combined_note(len(combined))),
        Move("follow-ups", follow_ups),
        Move("requests to answer in writing", asked),
        Move("written answers", answers),
        Move("consents to be named", consents),
        Move("also-known-as names", len(new_aliases), ", ".join(new_aliases)),
        Move("tags", len(new_tags), ", ".join(new_tags)),
    ]
    details = [ORGANISATION_LABELS[name] for name in ORGANISATION_FILL if name in filled]
    token = _token(kept.id, kept.version, other.id, other.version, tuple(counts), combined)
    return Plan(kept, other, moves, details, combined, token, namesakes)


def _values(record, fields) -> dict:
    return {name: getattr(record, name) for name in fields}


def _shared_note(shared: int) -> str:
    return f"{shared} already with both: listed once" if shared else ""


def _combined_note(combined: int) -> str:
    if not combined:
        return ""
    return f"{combined} in a proposal both have a stake in: combined into one"


CONTACT_FIELDS = (*CONTACT_FILL, "notes", "do_not_contact", "lawful_basis", "consent_date",
                  "lawful_basis_note")  # fmt: skip


def contact_plan(kept_id: int, other_id: int) -> Plan:
    """The preview of merging contact `other_id` into `kept_id` (two statements)."""
    kept, other = _pair(Contact, kept_id, other_id, "contact", joinedload(Contact.organisation))
    values = combine_contacts(_values(kept, CONTACT_FIELDS), _values(other, CONTACT_FIELDS))
    organisation_id = values.get("organisation_id", kept.organisation_id)
    mine = aliased(ConversationContact)
    key_of = select(Stake.id).where(Stake.key_contact_id == other.id)
    counts = db.session.execute(
        select(
            _count(
                select(ConversationContact.conversation_id).where(
                    ConversationContact.contact_id == other.id
                )
            ),
            _count(
                select(ConversationContact.conversation_id)
                .join(mine, mine.conversation_id == ConversationContact.conversation_id)
                .where(ConversationContact.contact_id == other.id, mine.contact_id == kept.id)
            ),
            _count(key_of.where(Stake.organisation_id == organisation_id)),
            _count(key_of.where(Stake.organisation_id.is_distinct_from(organisation_id))),
            _count(select(FollowUp.id).where(FollowUp.contact_id == other.id)),
            _count(select(OutboxMessage.id).where(OutboxMessage.to_contact_id == other.id)),
            _count(select(ResponseRequest.id).where(ResponseRequest.contact_id == other.id)),
            _count(select(ResponseAnswer.id).where(ResponseAnswer.contact_id == other.id)),
        )
    ).one()
    conversations, shared, key_here, key_elsewhere, follow_ups, emails, asked, answers = counts
    moves = [
        Move("conversations", conversations, _shared_note(shared)),
        Move("stakes with them as key contact", key_here),
        Move(
            "stakes that lose their key contact",
            key_elsewhere,
            "the stake is another organisation's; choose its key contact again"
            if key_elsewhere
            else "",
        ),
        Move("follow-ups", follow_ups),
        Move("emails", emails),
        Move("requests to answer in writing", asked),
        Move("written answers", answers),
    ]
    details = [CONTACT_LABELS[name] for name in CONTACT_LABELS if name in values]
    token = _token(kept.id, kept.version, other.id, other.version, tuple(counts))
    return Plan(kept, other, moves, details, [], token)
