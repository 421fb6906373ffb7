"""Organisation relationship summary (DESIGN.md 5.3)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from crm.contacts.models import Contact
from crm.conversations import queries as conversation_queries
from crm.conversations.models import Conversation
from crm.core.dates import uk_date, utcnow
from crm.core.extensions import db
from crm.followups import queries as followup_queries
from crm.followups.models import FollowUp
from crm.organisations import queries as organisation_queries
from crm.organisations.models import Organisation
from crm.proposals import queries as proposal_queries
from crm.proposals.models import Stake
from crm.reports.charts import monthly_bars
from crm.reports.months import last_months, month_label
from crm.reports.pdf import build_pdf, heading, keep, para, section
from crm.reports.proposal_summary import LOG_LIMIT, follow_ups_section, participant_names
from crm.reports.tables import table
from crm.rules.vocabulary import (
    AGREEMENTS,
    ENGAGEMENT_LEVELS,
    ORGANISATION_KINDS,
    STAKE_ROLES,
    STANCES,
)


@dataclass(frozen=True)
class OrganisationReport:
    """Everything the organisation summary shows, read in a fixed number of statements."""

    organisation: Organisation
    contacts: list[Contact]
    stakes: list[Stake]
    conversations: list[Conversation]
    more: bool
    months: list[str]
    series: dict[str, list[int]]
    follow_ups: list[FollowUp]
    today: date | None = None  # flags overdue follow-ups

    @property
    def chart_description(self) -> str:
        """The chart's text alternative."""
        parts = [
            f"{month}: {sum(values[i] for values in self.series.values())}"
            for i, month in enumerate(self.months)
        ]
        return "Conversations per month over the last 12 months. " + "; ".join(parts) + "."


def contacts_per_month(organisation_id: int, today: date) -> tuple[list[str], dict[str, list[int]]]:
    """Reached and not-reached conversations per month for the last 12 months (one statement)."""
    firsts = last_months(today)
    rows = db.session.execute(
        select(Conversation.occurred_on, Conversation.outcome).where(
            conversation_queries.concerning("organisation", organisation_id),
            Conversation.deleted_at.is_(None),
            Conversation.occurred_on >= firsts[0],
            Conversation.occurred_on <= today,
        )
    )
    counts = Counter((date(day.year, day.month, 1), outcome == "reached") for day, outcome in rows)
    series = {
        "Reached": [counts[(first, True)] for first in firsts],
        "Not reached": [counts[(first, False)] for first in firsts],
    }
    return [month_label(first) for first in firsts], series


def report_data(organisation_id: int, today: date) -> OrganisationReport:
    """Read one organisation's report (404 when missing)."""
    organisation = organisation_queries.detail(organisation_id)
    contacts = sorted(organisation.contacts, key=lambda c: (c.archived, c.name_key, c.id))
    conversations, more = conversation_queries.timeline(
        "organisation", organisation.id, limit=LOG_LIMIT
    )
    months, series = contacts_per_month(organisation.id, today)
    return OrganisationReport(
        organisation=organisation,
        contacts=contacts,
        stakes=proposal_queries.stakes_of_organisation(organisation.id),
        conversations=conversations,
        more=more,
        months=months,
        series=series,
        follow_ups=followup_queries.open_for("organisation", organisation.id),
        today=today,
    )


def build_story(data: OrganisationReport) -> list:
    """The report's flowables after the title block."""
    org = data.organisation
    details = [
        ("Kind", ORGANISATION_KINDS.get(org.kind, org.kind)),
        ("Area served", org.area_served),
        ("Phone", org.phone),
        ("Email", org.email),
        ("Website", org.website),
        ("Address", org.address),
        (
            "Stay in touch",
            f"Every {org.stay_in_touch_days} days" if org.stay_in_touch_days else "No cadence set",
        ),
        ("Status", "Archived" if org.archived else "Active"),
    ]
    story = [table(["", ""], [[k, v] for k, v in details if v], [45, 133], bold_first=True)]
    if org.description:
        story += section("About") + [para(org.description)]
    story += section("Contacts")
    story.append(
        table(
            ["Name", "Job title", "Phone", "Email", "Note"],
            [
                [
                    c.name,
                    c.job_title,
                    c.phone,
                    c.email,
                    "Do not contact" if c.do_not_contact else ("Archived" if c.archived else ""),
                ]
                for c in data.contacts
            ],
            [40, 38, 28, 48, 24],
            "No contacts recorded.",
            bold_first=True,
        )
    )
    story += section("Stakes in proposals")
    story.append(
        table(
            ["Proposal", "Status", "Role", "Level", "Stance", "Agreement"],
            [
                [
                    s.proposal.title,
                    s.proposal.status_label,
                    STAKE_ROLES.get(s.role, s.role),
                    ENGAGEMENT_LEVELS.get(s.engagement_level, s.engagement_level),
                    STANCES.get(s.stance, s.stance),
                    AGREEMENTS.get(s.agreement, s.agreement),
                ]
                for s in data.stakes
            ],
            [52, 22, 26, 22, 22, 34],
            "No stakes in any proposal.",
            bold_first=True,
        )
    )
    story.append(keep(heading("Conversations per month"), monthly_bars(data.months, data.series)))
    story += section("Conversation history")
    if data.more:
        story.append(
            para(f"The {LOG_LIMIT} most recent; the full history is in Partnerwise.", "small")
        )
    story.append(
        table(
            ["Date", "How", "People", "Summary"],
            [
                [
                    uk_date(c.occurred_on),
                    f"{c.channel_label} · {c.outcome_label}",
                    participant_names(c),
                    c.summary,
                ]
                for c in data.conversations
            ],
            [24, 28, 34, 92],
            "No conversations logged yet.",
        )
    )
    story += follow_ups_section(data.follow_ups, data.today)
    return story


def build_pdf_from(data: OrganisationReport, now: datetime | None = None) -> bytes:
    """Render already-read report data."""
    org = data.organisation
    subtitle = f"Relationship summary · {ORGANISATION_KINDS.get(org.kind, org.kind)}"
    return build_pdf(org.name, subtitle, build_story(data), now or utcnow())


def build_organisation_summary(
    organisation_id: int, today: date, now: datetime | None = None
) -> bytes:
    """The organisation relationship summary as PDF bytes."""
    return build_pdf_from(report_data(organisation_id, today), now)
