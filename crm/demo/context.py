"""What the demo modules share while building: today, the records made so far, helpers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from crm.auth.models import User
from crm.contacts.models import Contact
from crm.conversations.models import Conversation, ConversationContact, ConversationProposal
from crm.core.dates import LONDON
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.organisations.models import Organisation
from crm.proposals.models import Proposal


def weekday_on_or_before(day: date) -> date:
    """The day itself, or the Friday before when it falls on a weekend."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def weekday_on_or_after(day: date) -> date:
    """The day itself, or the Monday after when it falls on a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@dataclass
class Demo:
    """The demo being built: its `today`, and the users, organisations and contacts by key."""

    today: date
    users: dict[str, User] = field(default_factory=dict)
    orgs: dict[str, Organisation] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    conversations: list[Conversation] = field(default_factory=list)

    def day(self, days_ago: int) -> date:
        """A working weekday about `days_ago` days before today (never after today)."""
        return weekday_on_or_before(self.today - timedelta(days=days_ago))

    def ahead(self, days: int) -> date:
        """A weekday about `days` days after today."""
        return weekday_on_or_after(self.today + timedelta(days=days))

    @staticmethod
    def stamp(day: date, hour: int = 17, minute: int = 0) -> datetime:
        """A London wall-clock time on `day`, as an aware UTC datetime."""
        return datetime.combine(day, time(hour, minute), tzinfo=LONDON).astimezone(UTC)

    def talk(
        self,
        on: date,
        channel: str,
        outcome: str,
        summary: str,
        people: Iterable[str] = (),
        orgs: Iterable[str] = (),
        by: str = "alex",
        about: Iterable[tuple[Proposal, str | None]] = (),
        at: time | None = None,
    ) -> Conversation:
        """Log one conversation: organisations follow from the people, plus any named."""
        user = self.users[by]
        people = [self.contacts[key] for key in people]
        involved = {org.id: org for org in (self.orgs[key] for key in orgs)}
        by_id = {org.id: org for org in self.orgs.values()}
        for person in people:
            if person.organisation_id is not None:
                involved.setdefault(person.organisation_id, by_id[person.organisation_id])
        logged = self.stamp(on, at.hour if at else 17, at.minute if at else 30)
        conversation = Conversation(
            occurred_on=on,
            occurred_at=at,
            channel=channel,
            outcome=outcome,
            summary=summary,
            logged_by_id=user.id,
            created_by_id=user.id,
            created_at=logged,
            updated_at=logged,
        )
        conversation.participants = [ConversationContact(contact_id=p.id) for p in people]
        conversation.organisations = list(involved.values())
        conversation.proposal_links = [
            ConversationProposal(proposal_id=proposal.id, stance=stance)
            for proposal, stance in about
        ]
        db.session.add(conversation)
        self.conversations.append(conversation)
        return conversation

    def follow_up(
        self,
        description: str,
        due_on: date | None,
        owner: str,
        done_on: date | None = None,
        conversation: Conversation | None = None,
        org: str | None = None,
        contact: str | None = None,
        proposal: Proposal | None = None,
        created_on: date | None = None,
    ) -> FollowUp:
        """Add a follow-up owned by a demo user, done when `done_on` is given."""
        user = self.users[owner]
        made = self.stamp(created_on or self.day(7), 12)
        item = FollowUp(
            description=description,
            due_on=due_on,
            owner_id=user.id,
            done=done_on is not None,
            done_at=self.stamp(done_on, 16) if done_on else None,
            conversation=conversation,
            organisation_id=self.orgs[org].id if org else None,
            contact_id=self.contacts[contact].id if contact else None,
            proposal_id=proposal.id if proposal else None,
            created_by_id=user.id,
            created_at=made,
            updated_at=made,
        )
        db.session.add(item)
        return item
