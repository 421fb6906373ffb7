"""The call sheet: who to ring about a proposal, what to say, what happened before.

One implementation of the data, used by the printable page and the PDF alike.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from crm.checklists import queries
from crm.contacts.models import Contact
from crm.conversations.models import Conversation, conversation_organisations
from crm.core.dates import uk_date
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.proposals.models import Proposal
from crm.rules.vocabulary import AGREEMENTS, ENGAGEMENT_LEVELS, STAKE_ROLES, STANCES
from crm.rules.wording import mid_sentence

NOTES_PER_ORGANISATION = 3


@dataclass(frozen=True)
class Note:
    """A past conversation with the organisation, about any proposal."""

    occurred_on: date
    channel: str
    outcome: str
    summary: str


@dataclass
class CallEntry:
    """One partner on the call sheet."""

    item: queries.ChecklistRow
    to_call: bool
    contact: Contact | None  # who to call: never a do-not-contact person
    do_not_contact: list[Contact] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)

    @property
    def organisation(self):
        return self.item.row.organisation

    @property
    def stake(self):
        return self.item.row.stake

    @property
    def state(self) -> str:
        return self.item.row.state

    @property
    def phone(self) -> str:
        """The number to ring: the contact's, else the organisation's."""
        if self.contact is not None and self.contact.phone:
            return self.contact.phone
        return self.organisation.phone

    @property
    def in_writing(self) -> str:
        """'Asked in writing on Tue 1 Dec 2026 (answer by ...): no answer yet', or ''."""
        waiting = self.item.waiting_in_writing
        if waiting is None:
            return ""
        item = waiting.request
        asked = uk_date(item.sent_at or item.created_at)
        who = f" ({item.contact.name})" if item.contact is not None else ""
        opened = "opened, " if item.opened_at else ""
        return (
            f"Asked in writing on {asked}{who}, to answer by {uk_date(item.respond_by)}: "
            f"{opened}no answer yet."
        )

    @property
    def stake_line(self) -> str:
        """'Co-producer · Collaborate · stance Concerned · agreement Not asked'."""
        stake = self.stake
        return (
            f"{STAKE_ROLES[stake.role]} · {ENGAGEMENT_LEVELS[stake.engagement_level]} · "
            f"stance {STANCES[stake.stance]} · agreement {AGREEMENTS[stake.agreement]}"
        )


@dataclass(frozen=True)
class CallSheet:
    """Everything the call sheet shows."""

    checklist: queries.Checklist
    entries: list[CallEntry]
    proposal_follow_ups: list[FollowUp]

    @property
    def proposal(self) -> Proposal:
        return self.checklist.proposal

    @property
    def to_call(self) -> list[CallEntry]:
        return [e for e in self.entries if e.to_call]

    @property
    def others(self) -> list[CallEntry]:
        return [e for e in self.entries if not e.to_call]


def state_text(row) -> str:
    """The consult state in one line (the rules' wording, as on every page)."""
    return row.label.sentence


SUMMARY_LIMIT = 240  # characters of summary a prompt quotes
LONG_SENTENCE = 400  # a first sentence up to this long is quoted whole rather than cut


def summary_sentence(proposal: Proposal) -> str:
    """The proposal in at most two sentences of its summary, cut only at a sentence's end:
    as many whole sentences as fit in 240 characters (the first whole up to 400)."""
    text = " ".join((proposal.summary or "").split())
    if not text:
        return proposal.title
    sentences = re.split(r"(?<=[.!?])\s+", text)
    short = sentences[0]
    if len(short) > LONG_SENTENCE:
        return short[: SUMMARY_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:–-") + "…"
    if len(sentences) > 1 and len(short) + 1 + len(sentences[1]) <= SUMMARY_LIMIT:
        short = f"{short} {sentences[1]}"
    return short


def prompts(entry: CallEntry, checklist: queries.Checklist) -> list[str]:
    """Three prompts for the call from the stake's state, plus any the state calls for."""
    name = entry.organisation.name
    level = ENGAGEMENT_LEVELS[entry.stake.engagement_level].lower()
    by = checklist.timeline.consult_by
    when = f"consult by {uk_date(by)}" if by else "no deadline set yet"
    found: list[str] = []
    if entry.state == "attempted":
        found.append(
            f"Acknowledge the earlier tries ({mid_sentence(entry.item.row.attempts or '')}): "
            "thank them for calling back or say when you will try again."
        )
    found += [
        f"Explain the proposal in two sentences: {summary_sentence(checklist.proposal)}",
        f"Ask what would make this work for {name}.",
        f"Agree how they want to be involved ({level}) and by when: {when}.",
    ]
    if entry.stake.stance in ("concerned", "opposed"):
        found.append(
            f"They were {entry.stake.stance} last time: ask about the concern "
            "and what would change their mind."
        )
    if entry.item.load_message:
        found.append("They are asked about a lot: offer to cover other proposals in one call.")
    if entry.in_writing:
        found.append("They were asked in writing and have not answered: ask whether it arrived.")
    return found


def _notes(organisation_ids: list[int]) -> dict[int, list[Note]]:
    """The last three live conversations per organisation, any proposal (one statement)."""
    org = conversation_organisations.c.organisation_id
    rank = (
        func.row_number()
        .over(partition_by=org, order_by=(Conversation.occurred_on.desc(), Conversation.id.desc()))
        .label("rank")
    )
    inner = (
        select(
            org.label("organisation_id"),
            Conversation.occurred_on,
            Conversation.channel,
            Conversation.outcome,
            Conversation.summary,
            rank,
        )
        .join(Conversation, Conversation.id == conversation_organisations.c.conversation_id)
        .where(org.in_(organisation_ids), Conversation.deleted_at.is_(None))
        .subquery()
    )
    query = select(inner).where(inner.c.rank <= NOTES_PER_ORGANISATION).order_by(inner.c.rank)
    found: dict[int, list[Note]] = defaultdict(list)
    for row in db.session.execute(query):
        found[row.organisation_id].append(
            Note(row.occurred_on, row.channel, row.outcome, row.summary)
        )
    return found


def _contacts(organisation_ids: list[int]) -> dict[int, list[Contact]]:
    """Active people of the organisations, by name (one statement)."""
    found: dict[int, list[Contact]] = defaultdict(list)
    people = db.session.scalars(
        select(Contact)
        .where(Contact.organisation_id.in_(organisation_ids), Contact.archived.is_(False))
        .order_by(Contact.name_key, Contact.id)
    )
    for person in people:
        found[person.organisation_id].append(person)
    return found


def _follow_ups(proposal_id: int, organisation_ids: list[int]) -> list[FollowUp]:
    """Open follow-ups of the proposal, the organisations or their people (one statement)."""
    people = select(Contact.id).where(Contact.organisation_id.in_(organisation_ids))
    query = (
        select(FollowUp)
        .where(
            FollowUp.done.is_(False),
            or_(
                FollowUp.proposal_id == proposal_id,
                FollowUp.organisation_id.in_(organisation_ids),
                FollowUp.contact_id.in_(people),
            ),
        )
        .options(joinedload(FollowUp.owner), joinedload(FollowUp.contact))
        .order_by(FollowUp.due_on.asc().nulls_last(), FollowUp.id)
    )
    return list(db.session.scalars(query))


def _who(item: queries.ChecklistRow, people: list[Contact]) -> tuple[Contact | None, list[Contact]]:
    """The person to call (key contact first, never do-not-contact) and those flagged."""
    key = item.row.key_contact
    candidates = ([key] if key is not None and not key.archived else []) + [
        p for p in people if key is None or p.id != key.id
    ]
    flagged = [p for p in candidates if p.do_not_contact]
    chosen = next((p for p in candidates if not p.do_not_contact), None)
    return chosen, flagged


def call_sheet(proposal: Proposal, today: date) -> CallSheet:
    """The call sheet of a proposal loaded by `queries.detail` (eight statements)."""
    checklist = queries.checklist(proposal, today, with_names=False)
    ids = [item.row.organisation.id for item in checklist.rows]
    notes = _notes(ids) if ids else {}
    people = _contacts(ids) if ids else {}
    follow_ups = _follow_ups(proposal.id, ids)
    by_org: dict[int, list[FollowUp]] = defaultdict(list)
    contact_org = {p.id: oid for oid, group in people.items() for p in group}
    loose: list[FollowUp] = []
    for follow_up in follow_ups:
        oid = follow_up.organisation_id or contact_org.get(follow_up.contact_id or 0)
        (by_org[oid] if oid in ids else loose).append(follow_up)
    entries = []
    for item in checklist.rows:
        oid = item.row.organisation.id
        contact, flagged = _who(item, people.get(oid, []))
        to_call = item.row.to_call
        entry = CallEntry(item, to_call, contact, flagged, notes.get(oid, []), by_org.get(oid, []))
        entry.prompts = prompts(entry, checklist) if to_call else []
        entries.append(entry)
    return CallSheet(checklist, entries, loose)
